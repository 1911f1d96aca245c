import { z } from 'zod';

const ExportConfig = z.object({
  /** The exports bucket (files under exports/, job requests under requests/). */
  EXPORT_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/),
  /** The imported drafts bundled with the function, for article labels and texts. */
  DRAFT_CONTENT_DIR: z.string().min(1).default('./content'),
});
export type ExportConfig = { bucket: string; contentDir: string };

/** Read once at start-up; a missing or malformed bucket name stops the function with the reason. */
export function readExportConfig(env: Record<string, string | undefined>): ExportConfig {
  const parsed = ExportConfig.safeParse({
    EXPORT_BUCKET: env.EXPORT_BUCKET,
    DRAFT_CONTENT_DIR: env.DRAFT_CONTENT_DIR,
  });
  if (!parsed.success) throw new Error(`The export configuration is not valid: ${parsed.error.message}`);
  return { bucket: parsed.data.EXPORT_BUCKET, contentDir: parsed.data.DRAFT_CONTENT_DIR };
}
