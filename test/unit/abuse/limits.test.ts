import { describe, expect, it } from 'vitest';
import {
  CONSULTATION_LIMIT_SHARDS,
  commentRules,
  enforceLimits,
  type LimitRule,
  lookupRules,
} from '../../../shared/abuse/limits.ts';
import { RateLimitedError } from '../../../shared/errors.ts';
import { MemoryStore } from '../../../shared/store/memory-store.ts';

const SETTINGS = {
  commentsPerMinute: 5,
  commentsPerHour: 30,
  consultationCommentsPerMinute: 160,
  lookupsPerMinute: 30,
};
const AT = new Date('2026-11-15T08:00:10.000Z');
const later = (seconds: number) => new Date(AT.getTime() + seconds * 1000);

async function outcome(promise: Promise<void>) {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof RateLimitedError) return { limit: error.limit, retryAfter: error.retryAfterSeconds };
    throw error;
  }
}

describe('enforceLimits', () => {
  it('lets a client send exactly its per-minute limit and refuses the next with the seconds to wait', async () => {
    const store = new MemoryStore();
    const rules = commentRules(SETTINGS);
    for (let i = 0; i < 5; i++) {
      expect(await outcome(enforceLimits(store, rules, { client: 'a' }, AT))).toBe('ok');
    }

    // The window began at 08:00:00; 50 seconds remain.
    expect(await outcome(enforceLimits(store, rules, { client: 'a' }, AT))).toEqual({
      limit: 'comments-per-minute',
      retryAfter: 50,
    });
  });

  it('lets another client through while one is limited', async () => {
    const store = new MemoryStore();
    const rules = commentRules(SETTINGS);
    for (let i = 0; i < 6; i++) await outcome(enforceLimits(store, rules, { client: 'a' }, AT));

    expect(await outcome(enforceLimits(store, rules, { client: 'b' }, AT))).toBe('ok');
  });

  it('lets the client through again in the next window', async () => {
    const store = new MemoryStore();
    const rules = commentRules(SETTINGS);
    for (let i = 0; i < 6; i++) await outcome(enforceLimits(store, rules, { client: 'a' }, AT));

    expect(await outcome(enforceLimits(store, rules, { client: 'a' }, later(50)))).toBe('ok');
  });

  it('holds the hourly limit across minutes and names the longest wait', async () => {
    const store = new MemoryStore();
    const rules = commentRules(SETTINGS);
    for (let minute = 0; minute < 6; minute++) {
      for (let i = 0; i < 5; i++) {
        expect(await outcome(enforceLimits(store, rules, { client: 'a' }, later(minute * 60)))).toBe('ok');
      }
    }

    const refused = await outcome(enforceLimits(store, rules, { client: 'a' }, later(6 * 60)));
    expect(refused).toEqual({ limit: 'comments-per-hour', retryAfter: 3600 - 10 - 360 });
  });

  it('holds the per-consultation ceiling for all clients together, shard by shard', async () => {
    const store = new MemoryStore();
    const rules = commentRules({ ...SETTINGS, commentsPerMinute: 0, commentsPerHour: 0 });
    const perShard = SETTINGS.consultationCommentsPerMinute / CONSULTATION_LIMIT_SHARDS;
    // Every draw lands on shard 0: the shard's share is the limit.
    const shardZero = () => 0;
    for (let i = 0; i < perShard; i++) {
      expect(
        await outcome(enforceLimits(store, rules, { client: `c${i}`, consultation: 'x' }, AT, shardZero)),
      ).toBe('ok');
    }

    expect(
      await outcome(enforceLimits(store, rules, { client: 'new', consultation: 'x' }, AT, shardZero)),
    ).toMatchObject({ limit: 'consultation-comments-per-minute' });
    // Another consultation is not affected.
    expect(
      await outcome(enforceLimits(store, rules, { client: 'new', consultation: 'y' }, AT, shardZero)),
    ).toBe('ok');
  });

  it('spreads a consultation counter over its shards, never one hot key', async () => {
    const store = new MemoryStore();
    const rules = commentRules(SETTINGS);
    for (let i = 0; i < 200; i++) {
      await outcome(enforceLimits(store, rules, { client: `c${i}`, consultation: 'x' }, AT));
    }

    const shards = [...store.rateCounters.keys()].filter((k) => k.startsWith('consultation-'));
    expect(shards.length).toBeGreaterThan(CONSULTATION_LIMIT_SHARDS / 2);
  });

  it('limits receipt lookups per client', async () => {
    const store = new MemoryStore();
    for (let i = 0; i < 30; i++) await enforceLimits(store, lookupRules(SETTINGS), { client: 'a' }, AT);

    expect(await outcome(enforceLimits(store, lookupRules(SETTINGS), { client: 'a' }, AT))).toMatchObject({
      limit: 'lookups-per-minute',
    });
  });

  it('counts nothing for a limit of 0', async () => {
    const store = new MemoryStore();
    const off: LimitRule[] = [{ name: 'off', per: 'client', limit: 0, windowSeconds: 60 }];
    for (let i = 0; i < 100; i++) await enforceLimits(store, off, { client: 'a' }, AT);

    expect(store.rateCounters.size).toBe(0);
  });
});
