/**
 * What the abuse controls need from the table: counters of fixed windows and a record of used
 * proof-of-work challenges, both expiring by TTL. Implemented by the DynamoDB and in-memory stores.
 */

/** One counter of one window: `scope` names the limit, `subject` whom it counts (a client hash, a consultation shard). */
export interface RateCounterKey {
  scope: string;
  subject: string;
  /** Index of the fixed window (epoch seconds divided by the window length). */
  window: number;
}

export interface AbuseStore {
  /** Adds one to the counter and returns its new value; the counter expires at `expiresAt` (epoch seconds). */
  hitRateCounter(key: RateCounterKey, expiresAt: number): Promise<number>;
  /**
   * Records that a challenge was used by `owner` (an Idempotency-Key, or a value unique to the request).
   * True when it was unused, or used before by the same owner (a retry of the same request); false otherwise.
   */
  claimChallenge(challengeId: string, owner: string, expiresAt: number): Promise<boolean>;
}
