import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { dynamoDbOidcAdapter } from '../../../shared/store/dynamodb/oidc-adapter.ts';

const doc = mockClient(DynamoDBDocumentClient);
const NOW = Date.parse('2026-11-30T02:00:00Z');
const adapterFor = dynamoDbOidcAdapter(new DynamoDBClient({ region: 'local' }), {
  tableName: 'yijian',
  now: () => NOW,
});

beforeEach(() => doc.reset());

describe('the oidc-provider adapter on DynamoDB', () => {
  it('writes a token, its grant membership and its expiry in one transaction', async () => {
    doc.on(TransactWriteCommand).resolves({});
    await adapterFor('AccessToken').upsert('tok1', { jti: 'tok1', grantId: 'g1', accountId: 'admin' }, 600);
    const [call] = doc.commandCalls(TransactWriteCommand);
    const items = call?.args[0].input.TransactItems?.map((t) => t.Put?.Item);
    expect(items).toEqual([
      expect.objectContaining({
        pk: 'OIDC#AccessToken#tok1',
        sk: 'OIDC',
        expiresAt: NOW / 1000 + 600,
        model: 'AccessToken',
      }),
      expect.objectContaining({
        pk: 'OIDC#Grant#g1',
        sk: 'MEMBER#AccessToken#tok1',
        id: 'tok1',
        expiresAt: NOW / 1000 + 600,
      }),
    ]);
    expect(JSON.parse(String(items?.[0]?.payload))).toEqual({
      jti: 'tok1',
      grantId: 'g1',
      accountId: 'admin',
    });
  });

  it('indexes sessions by uid and device codes by user code', async () => {
    doc.on(TransactWriteCommand).resolves({});
    await adapterFor('Session').upsert('s1', { uid: 'u1' }, 60);
    await adapterFor('DeviceCode').upsert('d1', { userCode: 'ABCD', grantId: 'g2' }, 60);
    const keys = doc
      .commandCalls(TransactWriteCommand)
      .flatMap(
        (c) => c.args[0].input.TransactItems?.map((t) => `${t.Put?.Item?.pk} ${t.Put?.Item?.sk}`) ?? [],
      );
    expect(keys).toEqual([
      'OIDC#Session#s1 OIDC',
      'OIDC#SessionUid#u1 OIDC',
      'OIDC#DeviceCode#d1 OIDC',
      'OIDC#UserCode#ABCD OIDC',
      'OIDC#Grant#g2 MEMBER#DeviceCode#d1',
    ]);
  });

  it('treats an item past its expiry as gone, although TTL has not deleted it yet', async () => {
    doc
      .on(GetCommand, { Key: { pk: 'OIDC#AuthorizationCode#old', sk: 'OIDC' } })
      .resolves({ Item: { payload: '{"jti":"old"}', expiresAt: NOW / 1000 } })
      .on(GetCommand, { Key: { pk: 'OIDC#AuthorizationCode#new', sk: 'OIDC' } })
      .resolves({ Item: { payload: '{"jti":"new"}', expiresAt: NOW / 1000 + 1, consumed: 123 } });
    await expect(adapterFor('AuthorizationCode').find('old')).resolves.toBeUndefined();
    await expect(adapterFor('AuthorizationCode').find('new')).resolves.toEqual({ jti: 'new', consumed: 123 });
    expect(doc.commandCalls(GetCommand).every((c) => c.args[0].input.ConsistentRead === true)).toBe(true);
  });

  it('marks a code consumed without replacing it', async () => {
    doc.on(UpdateCommand).resolves({});
    await adapterFor('AuthorizationCode').consume('c1');
    expect(doc).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: 'OIDC#AuthorizationCode#c1', sk: 'OIDC' },
      UpdateExpression: 'SET #consumed = :now',
      ExpressionAttributeValues: { ':now': NOW / 1000 },
    });
  });

  it("revokes a grant's tokens of its own model with one Query of the grant's partition", async () => {
    doc.on(QueryCommand).resolves({
      Items: [
        { model: 'RefreshToken', id: 'r1' },
        { model: 'RefreshToken', id: 'r2' },
      ],
    });
    doc.on(DeleteCommand).resolves({});
    await adapterFor('RefreshToken').revokeByGrantId('g1');
    expect(doc).toHaveReceivedCommandWith(QueryCommand, {
      ExpressionAttributeValues: { ':pk': 'OIDC#Grant#g1', ':prefix': 'MEMBER#RefreshToken#' },
    });
    const deleted = doc
      .commandCalls(DeleteCommand)
      .map((c) => `${c.args[0].input.Key?.pk} ${c.args[0].input.Key?.sk}`);
    expect(deleted.sort()).toEqual([
      'OIDC#Grant#g1 MEMBER#RefreshToken#r1',
      'OIDC#Grant#g1 MEMBER#RefreshToken#r2',
      'OIDC#RefreshToken#r1 OIDC',
      'OIDC#RefreshToken#r2 OIDC',
    ]);
  });
});
