import { createPublicApi } from '../functions/public-api/app.ts';
import type { ConsultationStore } from '../shared/ports.ts';
import { inlineScriptHashes } from './csp.ts';

/**
 * Hashes of the inline scripts of the API reference page, for its Content-Security-Policy. The page is
 * rendered by the app itself, so the hashes follow any change of its Scalar configuration.
 */
export async function apiDocsScriptHashes(): Promise<string[]> {
  const unused = (): never => {
    throw new Error('The API reference page reads nothing from the store.');
  };
  const store = new Proxy({}, { get: () => unused }) as ConsultationStore;
  const app = createPublicApi({
    store,
    clock: { now: () => new Date() },
    contactRetentionDays: 1,
    idempotencyTtlHours: 1,
    logError: unused,
  });
  const response = await app.request('/api/docs');
  if (response.status !== 200) throw new Error(`GET /api/docs answered ${response.status}`);
  return inlineScriptHashes(await response.text());
}
