import type { StaffAccount, StaffAccountStore } from './accounts.ts';

/** The account store in memory, for unit tests; behaves as the DynamoDB one does. */
export class MemoryStaffAccountStore implements StaffAccountStore {
  readonly #accounts = new Map<string, StaffAccount>();

  async get(username: string) {
    const account = this.#accounts.get(username);
    return account === undefined ? undefined : structuredClone(account);
  }

  async create(account: StaffAccount) {
    if (this.#accounts.has(account.username)) return false;
    this.#accounts.set(account.username, structuredClone(account));
    return true;
  }

  async countFailure(username: string) {
    const account = this.#require(username);
    account.failedAttempts += 1;
    return account.failedAttempts;
  }

  async lock(username: string, until: string) {
    const account = this.#require(username);
    account.failedAttempts = 0;
    account.lockedUntil = until;
  }

  async clearFailures(username: string) {
    const account = this.#require(username);
    account.failedAttempts = 0;
    account.lockedUntil = null;
  }

  #require(username: string): StaffAccount {
    const account = this.#accounts.get(username);
    if (account === undefined) throw new Error(`No staff account ${username}`);
    return account;
  }
}
