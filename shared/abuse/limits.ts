import { RateLimitedError } from '../errors.ts';
import type { AbuseStore } from './ports.ts';

/** One fixed-window limit. A `limit` of 0 turns it off. */
export interface LimitRule {
  /** Stable name, sent in the 429 so that clients can say which limit it was. */
  name: string;
  /** Whose requests it counts. */
  per: 'client' | 'consultation';
  limit: number;
  windowSeconds: number;
}

export interface LimitSettings {
  commentsPerMinute: number;
  commentsPerHour: number;
  /** All clients together, per consultation and minute: a ceiling for campaigns. */
  consultationCommentsPerMinute: number;
  lookupsPerMinute: number;
}

/**
 * Shards of a per-consultation counter. Every comment of a consultation would otherwise add to one item,
 * a hot partition at about 1,000 writes/s: each request adds to one shard drawn at random and is held to
 * that shard's share of the limit, so the ceiling holds within the spread of a fair draw.
 */
export const CONSULTATION_LIMIT_SHARDS = 16;

export function commentRules(settings: LimitSettings): LimitRule[] {
  return [
    { name: 'comments-per-minute', per: 'client', limit: settings.commentsPerMinute, windowSeconds: 60 },
    { name: 'comments-per-hour', per: 'client', limit: settings.commentsPerHour, windowSeconds: 3600 },
    {
      name: 'consultation-comments-per-minute',
      per: 'consultation',
      limit: settings.consultationCommentsPerMinute,
      windowSeconds: 60,
    },
  ];
}

export function lookupRules(settings: LimitSettings): LimitRule[] {
  return [{ name: 'lookups-per-minute', per: 'client', limit: settings.lookupsPerMinute, windowSeconds: 60 }];
}

export interface LimitSubjects {
  /** The salted hash of the client's address (see client-key.ts); never the address itself. */
  client: string;
  consultation?: string;
}

/**
 * Counts this request against every rule and refuses it (RateLimitedError, with the seconds until the
 * earliest window that lets it through) when any limit is exceeded. Counters sit on partition keys of
 * their own and expire with their window, so limits hold across Lambda instances.
 */
export async function enforceLimits(
  store: AbuseStore,
  rules: readonly LimitRule[],
  subjects: LimitSubjects,
  now: Date,
  random: () => number = Math.random,
): Promise<void> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const verdicts = await Promise.all(
    rules
      .filter((rule) => rule.limit > 0 && (rule.per === 'client' || subjects.consultation !== undefined))
      .map(async (rule) => {
        const window = Math.floor(nowSeconds / rule.windowSeconds);
        const windowEnd = (window + 1) * rule.windowSeconds;
        const { subject, limit } =
          rule.per === 'client'
            ? { subject: subjects.client, limit: rule.limit }
            : {
                subject: `${subjects.consultation}#S${Math.floor(random() * CONSULTATION_LIMIT_SHARDS)}`,
                limit: Math.ceil(rule.limit / CONSULTATION_LIMIT_SHARDS),
              };
        // Kept a minute past the window so that a clock a little behind still finds it.
        const count = await store.hitRateCounter({ scope: rule.name, subject, window }, windowEnd + 60);
        return count > limit ? { rule, retryAfter: Math.max(1, windowEnd - nowSeconds) } : undefined;
      }),
  );
  const exceeded = verdicts.filter((v) => v !== undefined);
  if (exceeded.length === 0) return;
  // The longest wait: retrying before it would only be refused by that limit again.
  const worst = exceeded.reduce((a, b) => (b.retryAfter > a.retryAfter ? b : a));
  throw new RateLimitedError(
    `Too many requests (${worst.rule.name}); try again in ${worst.retryAfter} seconds.`,
    worst.rule.name,
    worst.retryAfter,
  );
}
