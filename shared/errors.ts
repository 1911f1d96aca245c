/**
 * The one error hierarchy of the core. Each error names the problem in domain terms; the HTTP layer maps
 * `kind` to a status code and an RFC 9457 problem document in one place (functions/http/problem.ts).
 */
import type { FieldErrorCode } from './comment/rules.ts';

export const ERROR_KINDS = [
  'malformed-request',
  'validation-failed',
  'unsupported-media-type',
  'payload-too-large',
  'not-found',
  'window-not-open',
  'idempotency-key-reused',
  'store-unavailable',
  // Staff side (issue 8)
  'unauthenticated',
  'forbidden',
  'edit-conflict',
  'illegal-transition',
  'sign-in-failed',
  'store-request-invalid',
  'rate-limited',
  'proof-of-work-failed',
  'bot-suspected',
  'origin-not-verified',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/**
 * A problem with one field of the input, located by a JSON Pointer (RFC 6901; `""` is the whole
 * document). `code` is stable and translated by clients; `detail` is English for developers.
 */
export interface FieldIssue {
  pointer: string;
  detail: string;
  /** Absent means `invalid`. */
  code?: FieldErrorCode;
}

export class YijianError extends Error {
  readonly kind: ErrorKind;
  readonly issues: readonly FieldIssue[];

  constructor(
    kind: ErrorKind,
    message: string,
    options?: { cause?: unknown; issues?: readonly FieldIssue[] },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'YijianError';
    this.kind = kind;
    this.issues = options?.issues ?? [];
  }
}

export class MalformedRequestError extends YijianError {
  constructor(message: string) {
    super('malformed-request', message);
    this.name = 'MalformedRequestError';
  }
}

export class ValidationError extends YijianError {
  constructor(message: string, issues: readonly FieldIssue[]) {
    super('validation-failed', message, { issues });
    this.name = 'ValidationError';
  }
}

export class UnsupportedMediaTypeError extends YijianError {
  constructor(message: string) {
    super('unsupported-media-type', message);
    this.name = 'UnsupportedMediaTypeError';
  }
}

export class PayloadTooLargeError extends YijianError {
  constructor(message: string) {
    super('payload-too-large', message);
    this.name = 'PayloadTooLargeError';
  }
}

export class NotFoundError extends YijianError {
  constructor(message: string) {
    super('not-found', message);
    this.name = 'NotFoundError';
  }
}

export class WindowNotOpenError extends YijianError {
  readonly status: string;
  constructor(message: string, status: string) {
    super('window-not-open', message);
    this.name = 'WindowNotOpenError';
    this.status = status;
  }
}

export class IdempotencyKeyReusedError extends YijianError {
  constructor() {
    super(
      'idempotency-key-reused',
      'This Idempotency-Key was already used for a different comment; use a new key for a new comment.',
    );
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** The store could not confirm the write; the client may retry with the same Idempotency-Key. */
export class StoreUnavailableError extends YijianError {
  constructor(message: string, cause?: unknown) {
    super('store-unavailable', message, { cause });
    this.name = 'StoreUnavailableError';
  }
}

/** No valid session or bearer token: sign in (401). */
export class UnauthenticatedError extends YijianError {
  constructor(message: string) {
    super('unauthenticated', message);
    this.name = 'UnauthenticatedError';
  }
}

/** Signed in, but the role or the request's origin does not allow this (403). */
export class ForbiddenError extends YijianError {
  constructor(message: string) {
    super('forbidden', message);
    this.name = 'ForbiddenError';
  }
}

/** Someone else changed the record first (optimistic concurrency); `current` is what it is now (409). */
export class EditConflictError extends YijianError {
  readonly current: unknown;
  constructor(message: string, current: unknown) {
    super('edit-conflict', message);
    this.name = 'EditConflictError';
    this.current = current;
  }
}

/** A state change the state machine does not allow from the current state (409). */
export class IllegalTransitionError extends YijianError {
  readonly current: unknown;
  constructor(message: string, current?: unknown) {
    super('illegal-transition', message);
    this.name = 'IllegalTransitionError';
    this.current = current;
  }
}

/** The OpenID Connect callback could not be completed (forged, replayed or expired); nothing was signed in (400). */
export class SignInFailedError extends YijianError {
  constructor(message: string, cause?: unknown) {
    super('sign-in-failed', message, { cause });
    this.name = 'SignInFailedError';
  }
}

/**
 * The store refused a request as malformed (a ValidationException, a value that cannot be marshalled):
 * a bug on our side that no retry fixes. Answered as a 500 and logged with its cause.
 */
export class StoreRequestInvalidError extends YijianError {
  constructor(message: string, cause: unknown) {
    super('store-request-invalid', message, { cause });
    this.name = 'StoreRequestInvalidError';
  }
}

/** A client or consultation limit was reached; the client may try again after `retryAfterSeconds`. */
export class RateLimitedError extends YijianError {
  readonly retryAfterSeconds: number;
  /** Which limit: stable, for clients to translate. */
  readonly limit: string;
  constructor(message: string, limit: string, retryAfterSeconds: number) {
    super('rate-limited', message);
    this.name = 'RateLimitedError';
    this.limit = limit;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export const PROOF_OF_WORK_FAILURES = ['pow-missing', 'pow-invalid', 'pow-expired', 'pow-replayed'] as const;
export type ProofOfWorkFailure = (typeof PROOF_OF_WORK_FAILURES)[number];

/** The request carried no proof of work, or one that is wrong, expired or already used. */
export class ProofOfWorkError extends YijianError {
  readonly code: ProofOfWorkFailure;
  constructor(code: ProofOfWorkFailure, message: string) {
    super('proof-of-work-failed', message);
    this.name = 'ProofOfWorkError';
    this.code = code;
  }
}

/** A form field no person fills in (the honeypot) was filled: refused, nothing stored. */
export class BotSuspectedError extends YijianError {
  constructor() {
    super('bot-suspected', 'The request was refused.');
    this.name = 'BotSuspectedError';
  }
}

/** The request did not come through the CDN (its origin-verify header is missing or wrong). */
export class OriginNotVerifiedError extends YijianError {
  constructor() {
    super('origin-not-verified', 'Requests must come through the site’s own address.');
    this.name = 'OriginNotVerifiedError';
  }
}
