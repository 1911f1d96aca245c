import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCAL_STAFF, seedStaffAccounts } from '../../../scripts/local/staff-accounts.ts';
import type { PasswordHasher } from '../../../shared/staff/accounts.ts';
import { MemoryStaffAccountStore } from '../../../shared/staff/accounts-memory.ts';

const plainHasher: PasswordHasher = {
  hash: async (password) => `plain:${password}`,
  verify: async (hash, password) => hash === `plain:${password}`,
};

describe('local staff accounts', () => {
  it('seeds one account per role plus the transport moderator, with random passwords kept in a 600 file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'yijian-staff-')), 'staff-accounts.txt');
    const accounts = new MemoryStaffAccountStore();
    const first = await seedStaffAccounts(accounts, plainHasher, file);

    expect(first.logins.map((l) => `${l.role} ${l.username}`)).toEqual([
      'admin admin',
      'moderator moderator',
      'drafter drafter',
      'moderator moderator-transport',
    ]);
    expect(new Set(first.logins.map((l) => l.password)).size).toBe(4);
    expect(first.logins.every((l) => /^[A-Za-z2-9]{16}$/.test(l.password))).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await accounts.get('moderator-transport')).toMatchObject({
      roles: ['moderator'],
      office: 'transport',
    });
    for (const login of first.logins) {
      expect((await accounts.get(login.username))?.passwordHash).toBe(`plain:${login.password}`);
    }

    const second = await seedStaffAccounts(accounts, plainHasher, file);
    expect(second.logins).toEqual(first.logins);
    expect(second.created).toEqual([]);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(LOCAL_STAFF.length);
  });

  it('recreates the accounts with the kept passwords when the table was wiped', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'yijian-staff-')), 'staff-accounts.txt');
    const { logins } = await seedStaffAccounts(new MemoryStaffAccountStore(), plainHasher, file);
    const fresh = new MemoryStaffAccountStore();
    const again = await seedStaffAccounts(fresh, plainHasher, file);
    expect(again.created).toHaveLength(4);
    expect((await fresh.get('admin'))?.passwordHash).toBe(`plain:${logins[0]?.password}`);
  });
});
