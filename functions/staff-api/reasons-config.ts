import { z } from 'zod';
import { DEFAULT_REASONS, ModerationReason } from '../../shared/moderation/reasons.ts';

/** The configured moderation reasons (JSON list), or the default list; a bad list stops the start. */
export function moderationReasonsOf(json: string | undefined): readonly ModerationReason[] {
  if (json === undefined) return DEFAULT_REASONS;
  const parsed = z.array(ModerationReason).min(1).safeParse(JSON.parse(json));
  if (!parsed.success)
    throw new Error(`STAFF_MODERATION_REASONS is not a list of { code, zh, en }: ${parsed.error.message}`);
  return parsed.data;
}
