/** An `Idempotency-Key` as the public API accepts it: 1–128 visible ASCII characters, e.g. a UUID. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;
