import { createHmac } from 'node:crypto';
import { type Challenge, createChallenge, randomInt, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { z } from 'zod';
import { ProofOfWorkError } from '../errors.ts';
import type { AbuseStore } from './ports.ts';

export interface ProofOfWorkSettings {
  /** Secret from which the challenge-signing keys are derived (config or Secrets Manager). */
  key: string;
  /**
   * The counter the solver must reach is drawn from 1..maxNumber: a solve takes maxNumber/2 SHA-256
   * hashes on average. Tuned in docs/decisions.md ("Proof of work").
   */
  maxNumber: number;
  expirySeconds: number;
}

/**
 * The challenge as the ALTCHA widget (v2) fetches it from GET /api/challenge. Parameters are what
 * altcha-lib signs; the widget hands them back unchanged inside its payload.
 */
export const ChallengeDocument = z
  .object({
    parameters: z.record(z.string(), z.unknown()),
    signature: z.string(),
  })
  .meta({ id: 'ProofOfWorkChallenge' });

// The payload the widget sends: base64 of JSON { challenge: { parameters, signature }, solution }.
const Payload = z.object({
  challenge: z.object({
    parameters: z.object({
      algorithm: z.string().max(32),
      nonce: z.string().max(128),
      salt: z.string().max(128),
      cost: z.number(),
      keyLength: z.number(),
      keyPrefix: z.string().max(256),
      keySignature: z.string().max(256).optional(),
      expiresAt: z.number().optional(),
      data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
      memoryCost: z.number().optional(),
      parallelism: z.number().optional(),
    }),
    signature: z.string().min(1).max(256),
  }),
  solution: z.object({ counter: z.number(), derivedKey: z.string().max(256), time: z.number().optional() }),
});

/** Longest payload read: a real one is about 700 characters. */
const MAX_PAYLOAD_CHARS = 4096;
const ALGORITHM = 'SHA-256';

/** Issues and checks ALTCHA proof-of-work challenges; replays are refused through the store. */
export class ProofOfWork {
  readonly #settings: ProofOfWorkSettings;
  readonly #signatureKey: string;
  readonly #keySignatureKey: string;

  constructor(settings: ProofOfWorkSettings) {
    this.#settings = settings;
    // Two keys derived from one secret, so that a deployment configures and rotates a single value.
    this.#signatureKey = subkey(settings.key, 'altcha-signature');
    this.#keySignatureKey = subkey(settings.key, 'altcha-key-signature');
  }

  /**
   * A signed challenge. The solution's key is known here (deterministic mode) and signed, so that
   * verifying costs one HMAC instead of re-deriving. Expiry is wall-clock time, as altcha-lib checks it.
   */
  async challenge(): Promise<Challenge> {
    return createChallenge({
      algorithm: ALGORITHM,
      cost: 1,
      counter: randomInt(this.#settings.maxNumber),
      deriveKey,
      expiresAt: Math.floor(Date.now() / 1000) + this.#settings.expirySeconds,
      hmacSignatureSecret: this.#signatureKey,
      hmacKeySignatureSecret: this.#keySignatureKey,
    });
  }

  /**
   * Checks a payload and records its challenge as used by `owner`. The same owner (the request's
   * Idempotency-Key) may present it again, since a retry after a 503 is the same request; anyone else
   * gets `pow-replayed`. Throws ProofOfWorkError with a stable code.
   */
  async verify(store: AbuseStore, payload: string | undefined, owner: string): Promise<void> {
    if (payload === undefined || payload.trim() === '') {
      throw new ProofOfWorkError('pow-missing', 'Solve the proof-of-work challenge and send it as X-Altcha.');
    }
    const parsed = payload.length > MAX_PAYLOAD_CHARS ? undefined : decode(payload);
    if (parsed === undefined || parsed.challenge.parameters.algorithm !== ALGORITHM) {
      throw new ProofOfWorkError('pow-invalid', 'The proof of work is not a valid ALTCHA payload.');
    }
    const { challenge, solution } = parsed;
    const result = await verifySolution({
      challenge,
      solution,
      deriveKey,
      hmacSignatureSecret: this.#signatureKey,
      hmacKeySignatureSecret: this.#keySignatureKey,
    });
    if (result.expired) {
      throw new ProofOfWorkError('pow-expired', 'The proof-of-work challenge expired; solve a new one.');
    }
    if (!result.verified) {
      throw new ProofOfWorkError('pow-invalid', 'The proof of work does not solve its challenge.');
    }
    const expiresAt = challenge.parameters.expiresAt ?? Math.floor(Date.now() / 1000);
    // The signature is an HMAC over parameters holding a random nonce: unique per challenge.
    if (!(await store.claimChallenge(challenge.signature, owner, expiresAt + 60))) {
      throw new ProofOfWorkError('pow-replayed', 'This proof of work was already used; solve a new one.');
    }
  }
}

function decode(payload: string): z.infer<typeof Payload> | undefined {
  try {
    const result = Payload.safeParse(JSON.parse(Buffer.from(payload, 'base64').toString('utf8')));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

function subkey(key: string, purpose: string): string {
  return createHmac('sha256', key).update(purpose).digest('hex');
}
