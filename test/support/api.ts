import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { vi } from 'vitest';
import type { OriginVerifier } from '../../functions/http/origin-verify.ts';
import { type AbuseGuards, abuseGuardsFrom } from '../../functions/public-api/abuse.ts';
import { createPublicApi } from '../../functions/public-api/app.ts';
import type { AbuseStore } from '../../shared/abuse/ports.ts';
import { readConfig } from '../../shared/config.ts';
import type { Clock, ConsultationStore } from '../../shared/ports.ts';
import { fixedClock } from './factories.ts';

export const PROBLEM_JSON = 'application/problem+json';

/** The public API over a given store, with a fixed clock and a spy for logged errors. */
export function anApi(store: ConsultationStore, clock: Clock = fixedClock(), abuse?: AbuseGuards) {
  const logError = vi.fn();
  const app = createPublicApi({
    store,
    clock,
    contactRetentionDays: 180,
    idempotencyTtlHours: 24,
    logError,
    ...(abuse === undefined ? {} : { abuse }),
  });
  return { app, logError };
}

/** Fetches a challenge from the API and solves it as the widget does; returns the X-Altcha payload. */
export async function solvedChallenge(app: App): Promise<string> {
  const challenge = await (await app.request('/api/challenge')).json();
  const solution = await solveChallenge({ challenge, deriveKey });
  if (solution === null) throw new Error('challenge not solved');
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

type App = ReturnType<typeof anApi>['app'];

/** POSTs a comment; `body` objects are sent as JSON, strings as they are. */
export function postComment(
  app: App,
  consultationId: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    app.request(`/api/consultations/${consultationId}/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

/**
 * Abuse guards as a deployment configures them (default limits, proof of work on) with an easy
 * challenge, so that tests solve it in milliseconds. `env` overrides configuration variables.
 */
export function anAbuseGuards(
  store: AbuseStore,
  env: Record<string, string> = {},
  originVerifier?: OriginVerifier,
): AbuseGuards {
  const config = readConfig({ TABLE_NAME: 'yijian-test', POW_MAX_NUMBER: '100', ...env });
  return abuseGuardsFrom(config, store, 'unit-test-abuse-key-unit-test-abuse-key', originVerifier);
}
