/**
 * Fuzzing the public API through `app.request()`: thousands of generated requests over methods, paths and
 * path parameters, headers, content types and mutated bodies, against the in-memory store. Whatever is
 * sent, the answer is below 500, every 4xx is a problem document, and the store holds exactly one comment
 * per receipt handed out.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../shared/store/memory-store.ts';
import { anAbuseGuards, anApi, PROBLEM_JSON } from '../../support/api.ts';
import { aClosedConsultation, anOpenConsultation, aSubmission } from '../../support/factories.ts';

const OPEN = 'transit-safety-2026';

// ---- Bodies ----------------------------------------------------------------------------------------

const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u{E0041}', '\u{E007F}'];
const LINE_SEPARATORS = ['\u2028', '\u2029'];
const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff'];
const CONTROL = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u202e', '\u2066'];

/** Text with the characters people (and scripts) slip into comments. */
const text = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.string({ maxLength: 20 }) },
      { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
      { weight: 1, arbitrary: fc.constantFrom(...INVISIBLE, ...LINE_SEPARATORS) },
      { weight: 1, arbitrary: fc.constantFrom(...LONE_SURROGATES) },
      { weight: 1, arbitrary: fc.constantFrom(...CONTROL) },
      { weight: 1, arbitrary: fc.constantFrom('建议', '意见', '😀', '👩\u200d💻', '\u3000', ' ', '\n') },
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

const FIELDS = [
  'articleId',
  'stance',
  'body',
  'proposedWording',
  'displayName',
  'publishName',
  'contact',
  'lang',
];
const HUGE_NUMBERS = [
  '1e400',
  '-1e400',
  '123456789012345678901234567890',
  '-0',
  '0.0000000000000000000001',
  '1E+308',
];

/** A JSON value of any type, including values JSON.stringify cannot make (huge numbers). */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  text,
  fc.constantFrom(true, false, null, 0, -1, 5001, [], {}, { email: 'x' }),
);

type Body =
  | { kind: 'json'; value: Record<string, unknown> }
  | { kind: 'raw'; text: string }
  | { kind: 'bytes'; bytes: Uint8Array<ArrayBuffer> };

const validSubmission = fc.record({
  articleId: fc.constantFrom(undefined, 'art-1', 'art-5', 'art-12-1', 'art-999'),
  stance: fc.constantFrom('support', 'oppose', 'suggest', 'other'),
  body: fc.oneof(fc.constantFrom('建议第五条增加夜间公交的安全员配置要求。', 'I agree.'), text),
  publishName: fc.boolean(),
  displayName: fc.option(text, { nil: undefined }),
  lang: fc.constantFrom('zh', 'en'),
  contact: fc.option(
    fc.record(
      {
        email: fc.constantFrom('a@example.cn', 'bad@', 'x'.repeat(300)),
        phone: fc.constantFrom('+86 138 0013 8000', 'call me'),
      },
      { requiredKeys: [] },
    ),
    { nil: undefined },
  ),
});

const splice = (json: string, member: string) => `{${member},${json.slice(1)}`;

const body: fc.Arbitrary<Body> = fc.oneof(
  // Valid or nearly valid submissions, so that many requests get as far as the store.
  { weight: 5, arbitrary: validSubmission.map((value): Body => ({ kind: 'json', value })) },
  // One field set to a value of any type, removed, or an unknown field added.
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom(...FIELDS, 'extra', 'a/b~c', ''), fc.option(anyValue, { nil: undefined }))
      .map(([field, value]): Body => ({ kind: 'json', value: aSubmission({ [field]: value }) })),
  },
  // Raw-text mutations: duplicate keys, huge numbers, nesting, BOM, forbidden keys, garbage.
  {
    weight: 4,
    arbitrary: fc
      .oneof(
        fc.constantFrom(...FIELDS).map((f) => splice(JSON.stringify(aSubmission()), `"${f}":"dup"`)),
        fc.constantFrom(...HUGE_NUMBERS).map((n) => splice(JSON.stringify(aSubmission()), `"x":${n}`)),
        fc.constantFrom(...HUGE_NUMBERS).map((n) => JSON.stringify(aSubmission()).replace('false', n)),
        fc
          .nat(40)
          .map((depth) =>
            splice(JSON.stringify(aSubmission()), `"x":${'['.repeat(depth)}${']'.repeat(depth)}`),
          ),
        fc.nat(40).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
        fc.constant(`\ufeff${JSON.stringify(aSubmission())}`),
        fc
          .constantFrom('__proto__', 'constructor', 'prototype')
          .map((k) => splice(JSON.stringify(aSubmission()), `"${k}":{}`)),
        fc.string({ maxLength: 60 }),
        fc.constantFrom('', 'null', '[]', '"x"', '{', '{"body":"\\ud800"}', '{"a":1}{"b":2}'),
      )
      .map((t): Body => ({ kind: 'raw', text: t })),
  },
  // Bytes that are not UTF-8, inside an otherwise valid submission or alone.
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.uint8Array({ minLength: 1, maxLength: 6 }), fc.boolean())
      .map(([junk, alone]): Body => {
        const json = new TextEncoder().encode(JSON.stringify(aSubmission({ body: 'XX' })));
        if (alone) return { kind: 'bytes', bytes: junk };
        const at = json.indexOf(0x58);
        return { kind: 'bytes', bytes: new Uint8Array([...json.slice(0, at), ...junk, ...json.slice(at)]) };
      }),
  },
);

const serialise = (b: Body): string | Uint8Array<ArrayBuffer> =>
  b.kind === 'json' ? JSON.stringify(b.value) : b.kind === 'raw' ? b.text : b.bytes;

// ---- Requests --------------------------------------------------------------------------------------

/** Header values: visible ASCII and spaces (what a Headers object accepts). */
const headerText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 60,
});

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  fc.constantFrom(
    'application/json',
    'application/json;',
    'application/json ;charset=utf-8',
    'application/json; x=";"',
    'application/json; charset="UTF-8"',
    'application/json; charset=latin1',
    'application/json; charset=utf-8; charset=utf-16',
    'application/json; x',
    'application/json; x="unterminated',
    'Application/JSON',
    'application/problem+json',
    'application/jsonp',
    'text/plain',
    'multipart/form-data; boundary=x',
    'application/x-www-form-urlencoded',
    '',
  ),
  headerText,
  headerText.map((t) => `application/json; ${t}`),
);

const pathParam = fc.oneof(
  { weight: 8, arbitrary: fc.constant(OPEN) },
  fc.constantFrom(
    OPEN,
    'closed-consultation',
    'no-such-thing',
    'ABCD-EFGH-JKMN',
    '',
    '..',
    '%',
    '%zz',
    '%00',
    '%2F',
    '%E0%A4%A',
  ),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.string({ maxLength: 300 }).map((s) => encodeURIComponent(s.repeat(3))),
);

const path = fc.oneof(
  { weight: 6, arbitrary: pathParam.map((id) => `/api/consultations/${id}/comments`) },
  { weight: 2, arbitrary: pathParam.map((id) => `/api/consultations/${id}`) },
  { weight: 2, arbitrary: pathParam.map((receipt) => `/api/comments/${receipt}`) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '/api/consultations',
      '/api/openapi.json',
      '/api/health',
      '/api/docs',
      '/api/',
      '/api/staff/me',
      '/',
      '/api/consultations?lang=zh&lang=en&cursor=%zz',
    ),
  },
);

const method = fc.oneof(
  { weight: 6, arbitrary: fc.constant('POST') },
  { weight: 3, arbitrary: fc.constant('GET') },
  { weight: 1, arbitrary: fc.constantFrom('PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'PROPFIND', 'post') },
);

// Most requests aim at the comment endpoint, so that many reach the store; the rest go anywhere.
const target = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.tuple(
      fc.constant('POST'),
      pathParam.map((id) => `/api/consultations/${id}/comments`),
    ),
  },
  { weight: 2, arbitrary: fc.tuple(method, path) },
);

const request = fc.record({
  target,
  contentType: fc.option(contentType, { nil: undefined, freq: 8 }),
  idempotencyKey: fc.option(fc.oneof(fc.constantFrom('k1', 'k2'), headerText), { nil: undefined }),
  extraHeaders: fc.dictionary(
    fc.constantFrom('x-request-id', 'accept', 'accept-language', 'x-forwarded-for', 'origin', 'cookie'),
    headerText,
    { maxKeys: 3 },
  ),
  body,
});
type FuzzRequest = typeof request extends fc.Arbitrary<infer R> ? R : never;

function toInit(r: FuzzRequest): RequestInit {
  const [method] = r.target;
  const headers: Record<string, string> = { ...r.extraHeaders };
  if (r.contentType !== undefined) headers['content-type'] = r.contentType;
  if (r.idempotencyKey !== undefined) headers['idempotency-key'] = r.idempotencyKey;
  const withBody = method !== 'GET' && method !== 'HEAD';
  return { method, headers, ...(withBody ? { body: serialise(r.body) } : {}) };
}

// ---- The property ----------------------------------------------------------------------------------

describe('the public API under fuzzing', () => {
  it('never answers 5xx, answers every 4xx with a problem document, and stores one comment per receipt', async () => {
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 6 }), async (requests) => {
        // Prepare
        const store = new MemoryStore();
        for (const c of [anOpenConsultation(), aClosedConsultation()]) store.consultations.set(c.id, c);
        const { app, logError } = anApi(store);
        const receipts = new Set<string>();

        for (const r of requests) {
          // Act
          const [method, path] = r.target;
          const response = await app.request(path, toInit(r));
          sent++;

          // Assess
          const status = response.status;
          expect(status, `${method} ${path}`).toBeLessThan(500);
          if (status >= 400) {
            expect(response.headers.get('content-type')).toBe(PROBLEM_JSON);
            if (method !== 'HEAD') {
              const problem = (await response.json()) as Record<string, unknown>;
              expect(problem).toMatchObject({
                type: expect.any(String),
                title: expect.any(String),
                status,
                detail: expect.any(String),
              });
              if (Array.isArray(problem.errors)) {
                for (const e of problem.errors) {
                  expect(e).toEqual({
                    pointer: expect.any(String),
                    code: expect.any(String),
                    detail: expect.any(String),
                  });
                }
              }
            }
          } else if (status === 202) {
            const { receipt } = (await response.json()) as { receipt: string };
            receipts.add(receipt);
          }
        }

        expect(store.comments.size).toBe(receipts.size);
        for (const receipt of receipts) expect(await store.findCommentByReceipt(receipt)).toBeDefined();
        expect(logError).not.toHaveBeenCalled();
      }),
      // Thousands of requests, bounded in time on a slow machine; a failure is always reported.
      { numRuns: 1200, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: false },
    );
    expect(sent).toBeGreaterThan(0);
  }, 60_000);
});

// ---- With proof of work and limits configured ------------------------------------------------------

const altcha = fc.oneof(
  fc.constant(undefined),
  headerText,
  fc.constant(Buffer.from('{"challenge":null,"solution":null,"test":true}').toString('base64')),
  fc.record({ counter: fc.nat(), derivedKey: fc.constantFrom('00', 'zz', '0'.repeat(64)) }).map((solution) =>
    Buffer.from(
      JSON.stringify({
        challenge: {
          parameters: {
            algorithm: 'SHA-256',
            nonce: '00',
            salt: '00',
            cost: 1,
            keyLength: 32,
            keyPrefix: '00',
          },
          signature: 'f'.repeat(64),
        },
        solution,
      }),
    ).toString('base64'),
  ),
);

describe('the public API under fuzzing, with proof of work and limits on', () => {
  it('answers every unsolved comment with a 4xx problem document and stores nothing', async () => {
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(request, altcha), { minLength: 1, maxLength: 6 }), async (pairs) => {
        // Prepare
        const store = new MemoryStore();
        for (const c of [anOpenConsultation(), aClosedConsultation()]) store.consultations.set(c.id, c);
        const { app, logError } = anApi(store, undefined, anAbuseGuards(store));

        for (const [r, payload] of pairs) {
          // Act
          const [method, path] = r.target;
          const init = toInit(r);
          if (payload !== undefined) init.headers = { ...init.headers, 'x-altcha': payload };
          const response = await app.request(path, init);
          sent++;

          // Assess
          expect(response.status, `${method} ${path}`).toBeLessThan(500);
          expect(response.status, `${method} ${path}`).not.toBe(202);
          if (response.status >= 400) expect(response.headers.get('content-type')).toBe(PROBLEM_JSON);
        }

        expect(store.comments.size).toBe(0);
        expect(logError).not.toHaveBeenCalled();
      }),
      { numRuns: 600, interruptAfterTimeLimit: 15_000, markInterruptAsFailure: false },
    );
    expect(sent).toBeGreaterThan(0);
  }, 60_000);
});
