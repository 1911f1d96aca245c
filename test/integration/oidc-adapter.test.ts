import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newStaffAccount } from '../../shared/staff/accounts.ts';
import { DynamoDbStaffAccountStore } from '../../shared/store/dynamodb/oidc-account-store.ts';
import { dynamoDbOidcAdapter } from '../../shared/store/dynamodb/oidc-adapter.ts';
import { aFreshTable } from '../support/dynamodb.ts';

type Table = Awaited<ReturnType<typeof aFreshTable>>;
let table: Table;
let now = Date.parse('2026-11-30T02:00:00Z');
let adapterFor: ReturnType<typeof dynamoDbOidcAdapter>;

beforeAll(async () => {
  table = await aFreshTable(inject('dynamoEndpoint'), 'oidc-adapter');
  adapterFor = dynamoDbOidcAdapter(table.client, { tableName: table.tableName, now: () => now });
});
afterAll(() => table.drop());

describe('the oidc-provider adapter on DynamoDB Local', () => {
  it('stores, finds, consumes and destroys', async () => {
    const codes = adapterFor('AuthorizationCode');
    await codes.upsert('c1', { jti: 'c1', grantId: 'g0', scope: 'openid yijian' }, 60);
    await expect(codes.find('c1')).resolves.toEqual({ jti: 'c1', grantId: 'g0', scope: 'openid yijian' });
    await codes.consume('c1');
    await expect(codes.find('c1')).resolves.toMatchObject({ jti: 'c1', consumed: now / 1000 });
    await codes.destroy('c1');
    await expect(codes.find('c1')).resolves.toBeUndefined();
    await expect(codes.consume('gone')).resolves.toBeUndefined();
  });

  it('finds a session by uid and a device code by user code', async () => {
    await adapterFor('Session').upsert('s1', { jti: 's1', uid: 'u1', accountId: 'admin' }, 600);
    await adapterFor('DeviceCode').upsert('d1', { jti: 'd1', userCode: 'WDJB-MJHT' }, 600);
    await expect(adapterFor('Session').findByUid('u1')).resolves.toMatchObject({
      jti: 's1',
      accountId: 'admin',
    });
    await expect(adapterFor('DeviceCode').findByUserCode('WDJB-MJHT')).resolves.toMatchObject({ jti: 'd1' });
    await expect(adapterFor('Session').findByUid('nope')).resolves.toBeUndefined();
  });

  it("revokes every token of a grant and nothing of another grant's", async () => {
    await adapterFor('Grant').upsert('g1', { jti: 'g1', accountId: 'admin' }, 3600);
    await adapterFor('AccessToken').upsert('a1', { jti: 'a1', grantId: 'g1' }, 600);
    await adapterFor('AccessToken').upsert('a2', { jti: 'a2', grantId: 'g1' }, 600);
    await adapterFor('RefreshToken').upsert('r1', { jti: 'r1', grantId: 'g1' }, 600);
    await adapterFor('AccessToken').upsert('other', { jti: 'other', grantId: 'g2' }, 600);

    // oidc-provider calls revokeByGrantId once per token model and destroys the Grant itself.
    await adapterFor('AccessToken').revokeByGrantId('g1');
    await adapterFor('RefreshToken').revokeByGrantId('g1');
    await adapterFor('Grant').destroy('g1');

    for (const [model, id] of [
      ['AccessToken', 'a1'],
      ['AccessToken', 'a2'],
      ['RefreshToken', 'r1'],
      ['Grant', 'g1'],
    ] as const) {
      await expect(adapterFor(model).find(id)).resolves.toBeUndefined();
    }
    await expect(adapterFor('AccessToken').find('other')).resolves.toMatchObject({ grantId: 'g2' });
    const left = (await table.scan()).filter((item) => String(item.pk).startsWith('OIDC#Grant#g1'));
    expect(left).toEqual([]);
  });

  it('ignores items whose expiry has passed although TTL has not deleted them', async () => {
    await adapterFor('Interaction').upsert('i1', { jti: 'i1' }, 900);
    await adapterFor('Session').upsert('s2', { jti: 's2', uid: 'u2' }, 900);
    const stored = (await table.scan()).find((item) => item.pk === 'OIDC#Interaction#i1');
    expect(stored?.expiresAt).toBe(now / 1000 + 900);
    now += 900 * 1000;
    await expect(adapterFor('Interaction').find('i1')).resolves.toBeUndefined();
    await expect(adapterFor('Session').findByUid('u2')).resolves.toBeUndefined();
    expect((await table.scan()).some((item) => item.pk === 'OIDC#Interaction#i1')).toBe(true);
  });
});

describe('staff accounts on DynamoDB Local', () => {
  it('counts concurrent wrong passwords without losing one, and creates an account only once', async () => {
    const accounts = new DynamoDbStaffAccountStore(table.client, table.tableName);
    const account = await newStaffAccount(
      { hash: async (p) => `plain:${p}`, verify: async () => false },
      { username: 'drafter', name: '起草人', roles: ['drafter'], office: 'transport', password: 'pw' },
    );
    await expect(accounts.create(account)).resolves.toBe(true);
    await expect(accounts.create({ ...account, name: 'someone else' })).resolves.toBe(false);
    const counts = await Promise.all(Array.from({ length: 5 }, () => accounts.countFailure('drafter')));
    expect(counts.sort()).toEqual([1, 2, 3, 4, 5]);
    await accounts.lock('drafter', '2026-11-30T02:15:00.000Z');
    await expect(accounts.get('drafter')).resolves.toEqual({
      ...account,
      failedAttempts: 0,
      lockedUntil: '2026-11-30T02:15:00.000Z',
    });
    await accounts.clearFailures('drafter');
    await expect(accounts.get('drafter')).resolves.toMatchObject({ failedAttempts: 0, lockedUntil: null });
    await expect(accounts.get('nobody')).resolves.toBeUndefined();
  });
});
