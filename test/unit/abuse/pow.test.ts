import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProofOfWork } from '../../../shared/abuse/pow.ts';
import { ProofOfWorkError } from '../../../shared/errors.ts';
import { MemoryStore } from '../../../shared/store/memory-store.ts';

const KEY = 'pow-test-key-pow-test-key-pow-test-key';
const aPow = (key = KEY) => new ProofOfWork({ key, maxNumber: 200, expirySeconds: 300 });

async function solved(pow: ProofOfWork): Promise<string> {
  const challenge = await pow.challenge();
  const solution = await solveChallenge({ challenge, deriveKey });
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

async function failureOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (error instanceof ProofOfWorkError) return error.code;
    throw error;
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ProofOfWork', () => {
  it('accepts a solved challenge and records it as used', async () => {
    const pow = aPow();
    const store = new MemoryStore();

    await expect(pow.verify(store, await solved(pow), 'owner-1')).resolves.toBeUndefined();
    expect(store.usedChallenges.size).toBe(1);
  });

  it('issues signed SHA-256 challenges that expire within the configured time', async () => {
    const before = Math.floor(Date.now() / 1000);
    const challenge = await aPow().challenge();

    expect(challenge.parameters.algorithm).toBe('SHA-256');
    expect(challenge.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(challenge.parameters.expiresAt).toBeGreaterThanOrEqual(before + 300);
    expect(challenge.parameters.expiresAt).toBeLessThanOrEqual(before + 301);
  });

  it.each([
    ['nothing', undefined],
    ['an empty header', ''],
    ['blanks', '   '],
  ])('refuses %s as pow-missing', async (_what, payload) => {
    expect(await failureOf(aPow().verify(new MemoryStore(), payload, 'o'))).toBe('pow-missing');
  });

  it.each([
    ['not base64 JSON', 'not-a-payload'],
    ['JSON of another shape', Buffer.from('{"a":1}').toString('base64')],
    [
      'the widget test-mode payload',
      Buffer.from('{"challenge":null,"solution":null,"test":true}').toString('base64'),
    ],
    ['an over-long payload', 'A'.repeat(5000)],
  ])('refuses %s as pow-invalid', async (_what, payload) => {
    expect(await failureOf(aPow().verify(new MemoryStore(), payload, 'o'))).toBe('pow-invalid');
  });

  it('refuses a wrong solution as pow-invalid', async () => {
    const pow = aPow();
    const challenge = await pow.challenge();
    const solution = await solveChallenge({ challenge, deriveKey });
    const wrong = { counter: (solution?.counter ?? 0) + 1, derivedKey: '00'.repeat(32) };
    const payload = Buffer.from(JSON.stringify({ challenge, solution: wrong })).toString('base64');

    expect(await failureOf(pow.verify(new MemoryStore(), payload, 'o'))).toBe('pow-invalid');
  });

  it('refuses a challenge signed with another key as pow-invalid', async () => {
    const payload = await solved(aPow('another-key-another-key-another-key-0'));

    expect(await failureOf(aPow().verify(new MemoryStore(), payload, 'o'))).toBe('pow-invalid');
  });

  it('refuses a challenge whose parameters were altered (an easier prefix) as pow-invalid', async () => {
    const pow = aPow();
    const challenge = await pow.challenge();
    const easier = { ...challenge, parameters: { ...challenge.parameters, keyPrefix: '0' } };
    const solution = await solveChallenge({ challenge: easier, deriveKey });
    const payload = Buffer.from(JSON.stringify({ challenge: easier, solution })).toString('base64');

    expect(await failureOf(pow.verify(new MemoryStore(), payload, 'o'))).toBe('pow-invalid');
  });

  it('refuses an expired challenge as pow-expired', async () => {
    const pow = aPow();
    const payload = await solved(pow);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 301_000);

    expect(await failureOf(pow.verify(new MemoryStore(), payload, 'o'))).toBe('pow-expired');
  });

  it('refuses a solution used before by another request as pow-replayed', async () => {
    const pow = aPow();
    const store = new MemoryStore();
    const payload = await solved(pow);
    await pow.verify(store, payload, 'first');

    expect(await failureOf(pow.verify(store, payload, 'second'))).toBe('pow-replayed');
  });

  it('accepts the same solution again from the same owner (a retry with the same Idempotency-Key)', async () => {
    const pow = aPow();
    const store = new MemoryStore();
    const payload = await solved(pow);
    await pow.verify(store, payload, 'key#c#k1');

    await expect(pow.verify(store, payload, 'key#c#k1')).resolves.toBeUndefined();
  });
});
