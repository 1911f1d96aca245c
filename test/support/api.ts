import { vi } from 'vitest';
import { createPublicApi } from '../../functions/public-api/app.ts';
import type { Clock, ConsultationStore } from '../../shared/ports.ts';
import { fixedClock } from './factories.ts';

export const PROBLEM_JSON = 'application/problem+json';

/** The public API over a given store, with a fixed clock and a spy for logged errors. */
export function anApi(store: ConsultationStore, clock: Clock = fixedClock()) {
  const logError = vi.fn();
  const app = createPublicApi({ store, clock, contactRetentionDays: 180, idempotencyTtlHours: 24, logError });
  return { app, logError };
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
