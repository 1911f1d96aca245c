import { commentRules, type LimitRule, type LimitSettings } from '../abuse/limits.ts';

/**
 * A report is a submission like a comment: it counts against the same per-client limits (the same
 * counters), so that a client cannot send reports as a way round them. The per-consultation ceiling is a
 * guard against comment campaigns and does not apply; receipt lookups of reports share the lookup limit.
 */
export function reportRules(settings: LimitSettings): LimitRule[] {
  return commentRules(settings).filter((rule) => rule.per === 'client');
}
