import { z } from 'zod';

const SearchConfig = z.object({
  /** The bucket holding one search index per consultation (decision 18). */
  SEARCH_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/),
});
export type SearchConfig = { bucket: string };

/** Read once at start-up; a malformed bucket name stops the function with the reason. */
export function readSearchConfig(env: Record<string, string | undefined>): SearchConfig {
  const parsed = SearchConfig.safeParse({ SEARCH_BUCKET: env.SEARCH_BUCKET });
  if (!parsed.success) throw new Error(`The search configuration is not valid: ${parsed.error.message}`);
  return { bucket: parsed.data.SEARCH_BUCKET };
}
