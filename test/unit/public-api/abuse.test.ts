import { describe, expect, it, vi } from 'vitest';
import { OriginVerifier } from '../../../functions/http/origin-verify.ts';
import { StoreUnavailableError } from '../../../shared/errors.ts';
import { MemoryStore } from '../../../shared/store/memory-store.ts';
import { anAbuseGuards, anApi, PROBLEM_JSON, postComment, solvedChallenge } from '../../support/api.ts';
import { anOpenConsultation, aSubmission } from '../../support/factories.ts';

const OPEN = 'transit-safety-2026';
/** The socket address @hono/node-server hands the app as `c.env.incoming`. */
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

function aStore() {
  const store = new MemoryStore();
  const consultation = anOpenConsultation();
  store.consultations.set(consultation.id, consultation);
  return store;
}

function anApiWith(store: MemoryStore, env: Record<string, string> = {}, verifier?: OriginVerifier) {
  return anApi(store, undefined, anAbuseGuards(store, env, verifier)).app;
}

type App = ReturnType<typeof anApiWith>;

function post(
  app: App,
  address: string,
  headers: Record<string, string> = {},
  body: unknown = aSubmission(),
) {
  return app.request(
    `/api/consultations/${OPEN}/comments`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    },
    from(address),
  );
}

describe('per-client limits on comments', () => {
  it('answers the sixth comment in a minute with 429, Retry-After and a problem document; another client still gets through', async () => {
    const store = aStore();
    const app = anApiWith(store, { PROOF_OF_WORK: 'off' });
    for (let i = 0; i < 5; i++) expect((await post(app, '203.0.113.1')).status).toBe(202);

    const refused = await post(app, '203.0.113.1');

    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe(PROBLEM_JSON);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({
      type: 'https://yijian.dev/problems/rate-limited',
      status: 429,
      code: 'rate-limited',
      limit: 'comments-per-minute',
      retryAfterSeconds: Number(refused.headers.get('retry-after')),
    });
    expect(store.comments.size).toBe(5);
    expect((await post(app, '198.51.100.2')).status).toBe(202);
  });

  it('keys clients by a salted hash, never by the address', async () => {
    const store = aStore();
    const app = anApiWith(store, { PROOF_OF_WORK: 'off' });
    await post(app, '203.0.113.77');

    const keys = [...store.rateCounters.keys()].join(' ');
    expect(keys).not.toContain('203.0.113.77');
    expect(keys).toContain('comments-per-minute#');
  });

  it('limits receipt lookups per client', async () => {
    const app = anApiWith(aStore(), { PROOF_OF_WORK: 'off', RATE_LIMIT_LOOKUPS_PER_MINUTE: '2' });
    const lookup = (address: string) => app.request('/api/comments/ABCD-EFGH-JKMN', {}, from(address));
    expect((await lookup('203.0.113.1')).status).toBe(404);
    expect((await lookup('203.0.113.1')).status).toBe(404);

    const refused = await lookup('203.0.113.1');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).not.toBeNull();
    expect((await lookup('203.0.113.2')).status).toBe(404);
  });

  it('trusts CloudFront-Viewer-Address only when the request proved it came through CloudFront', async () => {
    const store = aStore();
    const direct = anApiWith(store, { PROOF_OF_WORK: 'off', RATE_LIMIT_COMMENTS_PER_MINUTE: '1' });
    // Without the origin check a forged header changes nothing: the socket address is counted.
    expect((await post(direct, '10.0.0.1', { 'CloudFront-Viewer-Address': '1.1.1.1:1' })).status).toBe(202);
    expect((await post(direct, '10.0.0.1', { 'CloudFront-Viewer-Address': '2.2.2.2:1' })).status).toBe(429);

    const verifier = new OriginVerifier(async () => ['s3cret']);
    const viaCdn = anApiWith(
      aStore(),
      { PROOF_OF_WORK: 'off', RATE_LIMIT_COMMENTS_PER_MINUTE: '1' },
      verifier,
    );
    const cdn = (viewer: string) => ({ 'X-Origin-Verify': 's3cret', 'CloudFront-Viewer-Address': viewer });
    // Behind CloudFront every request has CloudFront's address; the viewers are told apart by the header.
    expect((await post(viaCdn, '10.0.0.1', cdn('1.1.1.1:1'))).status).toBe(202);
    expect((await post(viaCdn, '10.0.0.1', cdn('2.2.2.2:1'))).status).toBe(202);
    expect((await post(viaCdn, '10.0.0.1', cdn('2.2.2.2:9'))).status).toBe(429);
  });
});

describe('the origin-verify header', () => {
  const verifier = () => new OriginVerifier(async () => ['current-secret', 'previous-secret']);

  it.each([
    ['no header', {}],
    ['a wrong value', { 'X-Origin-Verify': 'guess' }],
  ])('refuses a request with %s with a 403 problem document', async (_what, headers) => {
    const app = anApiWith(aStore(), { PROOF_OF_WORK: 'off' }, verifier());

    const response = await app.request('/api/consultations', { headers }, from('10.0.0.1'));

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ status: 403, code: 'origin-not-verified' });
  });

  it.each(['current-secret', 'previous-secret'])('accepts %s (rotation)', async (secret) => {
    const app = anApiWith(aStore(), { PROOF_OF_WORK: 'off' }, verifier());

    const response = await app.request('/api/consultations', { headers: { 'X-Origin-Verify': secret } });

    expect(response.status).toBe(200);
  });

  it('is not required when no verifier is configured (local mode)', async () => {
    const app = anApiWith(aStore(), { PROOF_OF_WORK: 'off' });

    expect((await app.request('/api/consultations')).status).toBe(200);
  });

  it('reloads the secret at most once a minute when it meets an unknown value', async () => {
    let now = 0;
    const load = vi.fn(async () => ['v1']);
    const originVerifier = new OriginVerifier(load, () => now);
    expect(await originVerifier.verifies('v1')).toBe(true);
    expect(await originVerifier.verifies('v2')).toBe(false);
    expect(load).toHaveBeenCalledTimes(1);

    load.mockResolvedValue(['v2', 'v1']);
    now = 61_000;
    expect(await originVerifier.verifies('v2')).toBe(true);
    expect(load).toHaveBeenCalledTimes(2);
  });
});

describe('proof of work on comments', () => {
  it('issues challenges at GET /api/challenge, uncached', async () => {
    const app = anApiWith(aStore());

    const response = await app.request('/api/challenge');

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({
      parameters: { algorithm: 'SHA-256', keyPrefix: expect.any(String) },
      signature: expect.any(String),
    });
  });

  it('answers 404 for a challenge when proof of work is off', async () => {
    expect((await anApiWith(aStore(), { PROOF_OF_WORK: 'off' }).request('/api/challenge')).status).toBe(404);
  });

  it('stores a comment that carries a solved challenge', async () => {
    const store = aStore();
    const app = anApiWith(store);

    const response = await post(app, '10.0.0.1', { 'X-Altcha': await solvedChallenge(app) });

    expect(response.status).toBe(202);
    expect(store.comments.size).toBe(1);
  });

  it.each([
    ['missing', undefined, 'pow-missing'],
    ['not a payload', 'garbage', 'pow-invalid'],
  ])(
    'refuses a comment whose proof of work is %s with 400 and stores nothing',
    async (_what, payload, code) => {
      const store = aStore();
      const app = anApiWith(store);

      const response = await post(app, '10.0.0.1', payload === undefined ? {} : { 'X-Altcha': payload });

      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe(PROBLEM_JSON);
      expect(await response.json()).toMatchObject({
        type: 'https://yijian.dev/problems/proof-of-work-failed',
        code,
      });
      expect(store.comments.size).toBe(0);
    },
  );

  it('refuses a replayed solution with pow-replayed', async () => {
    const store = aStore();
    const app = anApiWith(store);
    const payload = await solvedChallenge(app);
    expect((await post(app, '10.0.0.1', { 'X-Altcha': payload })).status).toBe(202);

    const replay = await post(app, '10.0.0.2', { 'X-Altcha': payload }, aSubmission({ body: 'another' }));

    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ code: 'pow-replayed' });
    expect(store.comments.size).toBe(1);
  });

  it('lets a retry with the same Idempotency-Key present its solution again after a 503, without a duplicate', async () => {
    const store = aStore();
    const app = anApiWith(store);
    const payload = await solvedChallenge(app);
    const headers = { 'X-Altcha': payload, 'Idempotency-Key': 'retry-1' };
    vi.spyOn(store, 'storeComment').mockRejectedValueOnce(new StoreUnavailableError('throttled'));

    const first = await post(app, '10.0.0.1', headers);
    const retry = await post(app, '10.0.0.1', headers);
    const again = await post(app, '10.0.0.1', headers);

    expect(first.status).toBe(503);
    expect(retry.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(store.comments.size).toBe(1);
  });
});

describe('the honeypot field', () => {
  it('refuses a comment that fills it, with 400 bot-suspected, and stores nothing', async () => {
    const store = aStore();
    const app = anApiWith(store, { PROOF_OF_WORK: 'off' });

    const response = await postComment(app, OPEN, aSubmission({ website: 'http://spam.example' }));

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'bot-suspected' });
    expect(store.comments.size).toBe(0);
  });

  it('accepts the field left empty', async () => {
    const store = aStore();
    const app = anApiWith(store, { PROOF_OF_WORK: 'off' });

    expect((await postComment(app, OPEN, aSubmission({ website: '' }))).status).toBe(202);
  });
});
