import { StoreRequestInvalidError, StoreUnavailableError } from '../../errors.ts';

/**
 * The one place that decides what a failed DynamoDB call means: a condition that did not hold (the
 * caller's answer), a failure a retry can fix (conflict, throttling, a 5xx, a timeout), or a bug.
 */

export type Failure = 'condition-failed' | 'retryable' | 'bug';

// Errors DynamoDB documents as transient: retrying the same request later can succeed.
const RETRYABLE_ERRORS = new Set([
  'TransactionConflictException',
  'TransactionInProgressException',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
]);

// Per-item reasons of a cancelled transaction that a retry can fix. `TransactionConflict` is what real
// DynamoDB answers when another in-flight transaction holds one of the items.
const RETRYABLE_REASONS = new Set([
  'TransactionConflict',
  'ProvisionedThroughputExceeded',
  'ThrottlingError',
  'RequestLimitExceeded',
]);

// Socket errors the SDK's own retry strategy also treats as transient.
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  CancellationReasons?: { Code?: string }[];
}

/** The codes of a cancelled transaction, one per item, in the order of `TransactItems`. */
export function cancellationCodes(error: unknown): string[] | undefined {
  if (!isObject(error) || error.name !== 'TransactionCanceledException') return undefined;
  return (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
}

export function classify(error: unknown): Failure {
  if (!isObject(error)) return 'bug';
  if (error.name === 'ConditionalCheckFailedException') return 'condition-failed';
  const codes = cancellationCodes(error);
  if (codes !== undefined) {
    if (codes.includes('ConditionalCheckFailed')) return 'condition-failed';
    const other = codes.filter((code) => code !== 'None');
    // No reasons at all means DynamoDB gave up on the transaction as a whole (e.g. an internal error).
    return other.every((code) => RETRYABLE_REASONS.has(code)) ? 'retryable' : 'bug';
  }
  if (typeof error.name === 'string' && RETRYABLE_ERRORS.has(error.name)) return 'retryable';
  if (typeof error.code === 'string' && NETWORK_CODES.has(error.code)) return 'retryable';
  const status = error.$metadata?.httpStatusCode;
  if (error.$fault === 'server' || (typeof status === 'number' && status >= 500)) return 'retryable';
  // ValidationException, ResourceNotFoundException, AccessDenied, a value that cannot be marshalled …
  return 'bug';
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 20, maxDelayMs: 1000 } as const;

/**
 * "Full jitter" exponential backoff: a uniformly random wait below base·2^(attempt−1), capped, so that
 * clients that collided once do not collide again in lockstep.
 */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  return random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}

function isObject(value: unknown): value is SdkErrorShape {
  return typeof value === 'object' && value !== null;
}

/**
 * Sends one request, retrying what a retry can fix (conflicts, throttling, 5xx, timeouts) with jittered
 * exponential backoff, as DynamoDbStore does for intake. A condition that did not hold is rethrown as it
 * is, for the caller to read; a request DynamoDB refuses as invalid is a bug and is never retried (500);
 * what still fails after the last attempt is a 503 the client may retry, with `advice` on how.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  what: string,
  operation: () => Promise<T>,
  advice = 'try again',
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const failure = classify(error);
      if (failure === 'condition-failed') throw error;
      if (failure === 'bug')
        throw new StoreRequestInvalidError(`DynamoDB refused the request to ${what}.`, error);
      if (attempt >= policy.attempts)
        throw new StoreUnavailableError(`Could not ${what} after ${attempt} attempts; ${advice}.`, error);
      const wait = backoffMs(policy, attempt);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
