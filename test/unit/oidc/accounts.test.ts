import { describe, expect, it, vi } from 'vitest';
import {
  createSignIn,
  LOCKOUT,
  newStaffAccount,
  type PasswordHasher,
  type StaffAccount,
} from '../../../shared/staff/accounts.ts';
import { argon2Hasher } from '../../../shared/staff/accounts-argon2.ts';
import { MemoryStaffAccountStore } from '../../../shared/staff/accounts-memory.ts';

/** A transparent hasher for the lockout rules (argon2 itself is tested on its own below). */
const plainHasher: PasswordHasher = {
  hash: async (password) => `plain:${password}`,
  verify: async (hash, password) => hash === `plain:${password}`,
};

async function aDeskWith(account: Partial<StaffAccount> = {}, hasher: PasswordHasher = plainHasher) {
  const accounts = new MemoryStaffAccountStore();
  const base = await newStaffAccount(hasher, {
    username: 'moderator',
    name: '审核员',
    roles: ['moderator'],
    office: null,
    password: 'right password',
  });
  await accounts.create({ ...base, ...account });
  let now = new Date('2026-11-30T02:00:00Z');
  const clock = {
    now: () => now,
    advance: (minutes: number) => {
      now = new Date(now.getTime() + minutes * 60_000);
    },
  };
  return { accounts, clock, signIn: createSignIn({ accounts, hasher, now: clock.now }) };
}

describe('argon2 password hashes', () => {
  it('stores argon2id and verifies only the right password', async () => {
    const hash = await argon2Hasher.hash('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(hash).not.toContain('correct horse battery');
    await expect(argon2Hasher.verify(hash, 'correct horse battery')).resolves.toBe(true);
    await expect(argon2Hasher.verify(hash, 'correct horse batter')).resolves.toBe(false);
  });

  it('reads a malformed stored hash as a wrong password', async () => {
    await expect(argon2Hasher.verify('not-a-hash', 'anything')).resolves.toBe(false);
  });
});

describe('staff sign-in', () => {
  it('signs in with the right password, whatever the case and spaces of the username', async () => {
    const { signIn } = await aDeskWith();
    await expect(signIn(' Moderator ', 'right password')).resolves.toMatchObject({
      kind: 'signed-in',
      account: { username: 'moderator', roles: ['moderator'] },
    });
  });

  it('answers an unknown user exactly like a wrong password, after verifying against a dummy hash', async () => {
    const verify = vi.fn(plainHasher.verify);
    const { signIn } = await aDeskWith({}, { ...plainHasher, verify });
    await expect(signIn('nobody', 'right password')).resolves.toEqual({ kind: 'invalid' });
    await expect(signIn('moderator', 'wrong')).resolves.toEqual({ kind: 'invalid' });
    expect(verify).toHaveBeenCalledTimes(2);
    // Not even a syntactically impossible username skips the hash.
    await expect(signIn('<script>', 'x')).resolves.toEqual({ kind: 'invalid' });
    expect(verify).toHaveBeenCalledTimes(3);
  });

  it(`locks after ${LOCKOUT.maxFailures} wrong passwords for ${LOCKOUT.lockMinutes} minutes, refusing even the right one`, async () => {
    const { signIn, clock } = await aDeskWith();
    for (let i = 1; i < LOCKOUT.maxFailures; i++) {
      await expect(signIn('moderator', `wrong ${i}`)).resolves.toEqual({ kind: 'invalid' });
    }
    const lockedUntil = new Date(clock.now().getTime() + LOCKOUT.lockMinutes * 60_000);
    await expect(signIn('moderator', 'wrong again')).resolves.toEqual({ kind: 'locked', until: lockedUntil });
    await expect(signIn('moderator', 'right password')).resolves.toEqual({
      kind: 'locked',
      until: lockedUntil,
    });

    clock.advance(LOCKOUT.lockMinutes - 1);
    await expect(signIn('moderator', 'right password')).resolves.toMatchObject({ kind: 'locked' });

    clock.advance(1);
    await expect(signIn('moderator', 'right password')).resolves.toMatchObject({ kind: 'signed-in' });
  });

  it('counts afresh after a lock ends and after a successful sign-in', async () => {
    const { signIn, accounts, clock } = await aDeskWith({
      failedAttempts: 0,
      lockedUntil: '2026-11-30T01:59:00.000Z',
    });
    await expect(signIn('moderator', 'wrong')).resolves.toEqual({ kind: 'invalid' });
    expect(await accounts.get('moderator')).toMatchObject({ failedAttempts: 1 });
    await signIn('moderator', 'right password');
    expect(await accounts.get('moderator')).toMatchObject({ failedAttempts: 0, lockedUntil: null });
    for (let i = 1; i < LOCKOUT.maxFailures; i++) await signIn('moderator', 'wrong');
    clock.advance(1);
    await expect(signIn('moderator', 'right password')).resolves.toMatchObject({ kind: 'signed-in' });
  });

  it('refuses to create an account with an unusable username', async () => {
    await expect(
      newStaffAccount(plainHasher, {
        username: 'Bad Name',
        name: 'x',
        roles: [],
        office: null,
        password: 'p',
      }),
    ).rejects.toThrow(/username/);
  });
});
