/**
 * Staff accounts of the built-in issuer: who they are, which roles and office they hold, and how a password
 * sign-in is decided (argon2id hashes, lockout after repeated failures). Knows nothing of HTTP or storage.
 */

export const STAFF_ROLES = ['admin', 'moderator', 'drafter'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffAccount {
  username: string;
  name: string;
  roles: StaffRole[];
  /** The drafting office the account is limited to; null covers every office. */
  office: string | null;
  passwordHash: string;
  /** Consecutive wrong passwords since the last success or lock. */
  failedAttempts: number;
  /** ISO instant until which sign-in is refused, or null. */
  lockedUntil: string | null;
}

/** OWASP's lockout guidance: a handful of tries, then a pause long enough to defeat online guessing. */
export const LOCKOUT = { maxFailures: 5, lockMinutes: 15 } as const;

export const USERNAME_PATTERN = /^[a-z][a-z0-9-]{1,39}$/;

/** Where accounts live. Implemented on DynamoDB and, for tests, in memory. */
export interface StaffAccountStore {
  get(username: string): Promise<StaffAccount | undefined>;
  /** Creates the account unless it exists; returns whether it did. */
  create(account: StaffAccount): Promise<boolean>;
  /** Atomically counts one more wrong password and returns the new count. */
  countFailure(username: string): Promise<number>;
  /** Locks the account until `until` and starts counting failures afresh. */
  lock(username: string, until: string): Promise<void>;
  /** Forgets earlier failures after a successful sign-in. */
  clearFailures(username: string): Promise<void>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

export type SignInOutcome =
  | { kind: 'signed-in'; account: StaffAccount }
  | { kind: 'invalid' }
  | { kind: 'locked'; until: Date };

export interface SignInDeps {
  accounts: StaffAccountStore;
  hasher: PasswordHasher;
  now: () => Date;
}

/**
 * Decides a password sign-in. Unknown usernames are verified against a dummy hash so that they take as long
 * as a wrong password and the answer never tells which usernames exist; a locked account is refused even
 * with the right password until the lock ends.
 */
export function createSignIn(
  deps: SignInDeps,
): (username: string, password: string) => Promise<SignInOutcome> {
  let dummyHash: Promise<string> | undefined;
  const dummy = () => {
    dummyHash ??= deps.hasher.hash(`unknown-user-${Math.random()}`);
    return dummyHash;
  };

  return async (username, password) => {
    const name = normaliseUsername(username);
    const account = USERNAME_PATTERN.test(name) ? await deps.accounts.get(name) : undefined;
    if (account === undefined) {
      await deps.hasher.verify(await dummy(), password);
      return { kind: 'invalid' };
    }
    const now = deps.now();
    const lockedUntil = account.lockedUntil === null ? null : new Date(account.lockedUntil);
    const matches = await deps.hasher.verify(account.passwordHash, password);
    if (lockedUntil !== null && lockedUntil > now) return { kind: 'locked', until: lockedUntil };
    if (matches) {
      if (account.failedAttempts > 0 || account.lockedUntil !== null) await deps.accounts.clearFailures(name);
      return { kind: 'signed-in', account };
    }
    const failures = await deps.accounts.countFailure(name);
    if (failures >= LOCKOUT.maxFailures) {
      const until = new Date(now.getTime() + LOCKOUT.lockMinutes * 60_000);
      await deps.accounts.lock(name, until.toISOString());
      return { kind: 'locked', until };
    }
    return { kind: 'invalid' };
  };
}

/** Usernames are typed by people and filled in by password managers: compare them trimmed and lower-cased. */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** Builds a new account with a hashed password and a clean failure record. */
export async function newStaffAccount(
  hasher: PasswordHasher,
  fields: { username: string; name: string; roles: StaffRole[]; office: string | null; password: string },
): Promise<StaffAccount> {
  if (!USERNAME_PATTERN.test(fields.username)) throw new Error(`Invalid staff username "${fields.username}"`);
  return {
    username: fields.username,
    name: fields.name,
    roles: [...fields.roles],
    office: fields.office,
    passwordHash: await hasher.hash(fields.password),
    failedAttempts: 0,
    lockedUntil: null,
  };
}
