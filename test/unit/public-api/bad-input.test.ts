import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../shared/store/memory-store.ts';
import { anApi, PROBLEM_JSON, postComment } from '../../support/api.ts';
import {
  aClosedConsultation,
  aConcludedConsultation,
  anOpenConsultation,
  aScheduledConsultation,
  aSubmission,
} from '../../support/factories.ts';

const CONSULTATION = 'transit-safety-2026';

function setup() {
  const store = new MemoryStore();
  for (const c of [
    anOpenConsultation(),
    aClosedConsultation(),
    aScheduledConsultation(),
    aConcludedConsultation(),
  ])
    store.consultations.set(c.id, c);
  return { store, ...anApi(store) };
}

function expectNothingStored(store: MemoryStore) {
  expect(store.comments.size).toBe(0);
  expect(store.contacts.size).toBe(0);
  expect(store.idempotency.size).toBe(0);
  expect(store.counters.size).toBe(0);
}

/** Asserts an RFC 9457 problem document and returns it. */
async function expectProblem(response: Response, status: number, kind: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe(PROBLEM_JSON);
  const problem = (await response.json()) as Record<string, unknown>;
  expect(problem).toMatchObject({
    type: `https://yijian.dev/problems/${kind}`,
    title: expect.any(String),
    status,
    detail: expect.any(String),
  });
  expect(problem.title).not.toBe('');
  expect(problem.detail).not.toBe('');
  return problem;
}

/** A raw JSON text of a valid submission with `extra` spliced in as the first members of the object. */
const rawWith = (extra: string) => `{${extra},${JSON.stringify(aSubmission()).slice(1)}`;

describe('POST /api/consultations/{id}/comments refuses bad input precisely and stores nothing', () => {
  it.each([
    ['truncated JSON', '{"stance":"support","body":'],
    ['plain text', 'I support this draft'],
    ['single-quoted JSON', "{'stance':'support'}"],
    ['trailing comma', '{"stance":"support",}'],
    ['an empty body', ''],
    ['a whitespace-only body', '   \n '],
    ['a JSON array', JSON.stringify([aSubmission()])],
    ['JSON null', 'null'],
    ['a JSON string', '"建议"'],
    ['a JSON number', '42'],
  ])('answers 400 to %s', async (_case, body) => {
    // Prepare
    const { store, app } = setup();

    // Act
    const response = await postComment(app, CONSULTATION, body);

    // Assess
    await expectProblem(response, 400, 'malformed-request');
    expectNothingStored(store);
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['form encoding', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['XML', 'application/xml'],
    ['a JSON look-alike', 'application/jsonp'],
    ['a non-UTF-8 charset', 'application/json; charset=iso-8859-1'],
  ])('answers 415 to a body sent as %s', async (_case, contentType) => {
    const { store, app } = setup();

    const response = await postComment(app, CONSULTATION, aSubmission(), { 'Content-Type': contentType });

    await expectProblem(response, 415, 'unsupported-media-type');
    expectNothingStored(store);
  });

  it('answers 415 to a body sent without a content type', async () => {
    const { store, app } = setup();

    const response = await app.request(`/api/consultations/${CONSULTATION}/comments`, {
      method: 'POST',
      body: new Blob([JSON.stringify(aSubmission())]),
    });

    await expectProblem(response, 415, 'unsupported-media-type');
    expectNothingStored(store);
  });

  it.each([
    ['a charset parameter given twice', 'application/json; charset=utf-8; charset=iso-8859-1'],
    ['a parameter without a value', 'application/json; x'],
    ['an unterminated quoted value', 'application/json; x="a;b'],
    ['whitespace inside the type', 'application /json'],
    ['a list of media types', 'application/json, text/plain'],
    ['a quoted non-UTF-8 charset', 'application/json; charset="latin1"'],
  ])('answers 415 to a Content-Type with %s', async (_case, contentType) => {
    const { store, app } = setup();

    const response = await postComment(app, CONSULTATION, aSubmission(), { 'Content-Type': contentType });

    await expectProblem(response, 415, 'unsupported-media-type');
    expectNothingStored(store);
  });

  it.each([
    ['application/json; charset=utf-8'],
    ['application/json; charset="UTF-8"'],
    ['Application/JSON'],
    // RFC 9110 §8.3.1 allows empty parameters, whitespace before ";" and quoted values holding ";".
    ['application/json;'],
    ['application/json ;charset=utf-8'],
    ['application/json; x=";"'],
    ['application/json;;; charset=utf-8 ;'],
    ['application/json; x="a\\"b;c"; charset=utf-8'],
  ])('accepts JSON sent as %s', async (contentType) => {
    const { store, app } = setup();

    const response = await postComment(app, CONSULTATION, aSubmission(), { 'Content-Type': contentType });

    expect(response.status).toBe(202);
    expect(store.comments.size).toBe(1);
  });

  it.each([
    ['just over 64 KB of padding', JSON.stringify(aSubmission({ body: 'a'.repeat(64 * 1024) }))],
    ['a megabyte', JSON.stringify(aSubmission({ body: '意'.repeat(350_000) }))],
  ])('answers 413 to a body of %s', async (_case, body) => {
    const { store, app } = setup();

    const response = await postComment(app, CONSULTATION, body);

    await expectProblem(response, 413, 'payload-too-large');
    expectNothingStored(store);
  });

  it('answers 413 to an oversized body that lies about its length in a streamed request', async () => {
    // Prepare: no Content-Length, so the limit must be enforced while reading
    const { store, app } = setup();
    const chunk = new TextEncoder().encode(' '.repeat(16 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 6; i++) controller.enqueue(chunk);
        controller.close();
      },
    });

    // Act
    const response = await app.request(`/api/consultations/${CONSULTATION}/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);

    // Assess
    await expectProblem(response, 413, 'payload-too-large');
    expectNothingStored(store);
  });

  it.each([
    ['missing', aSubmission({ body: undefined }), 'required'],
    ['empty', aSubmission({ body: '' }), 'blank'],
    ['only spaces', aSubmission({ body: '     ' }), 'blank'],
    ['only line breaks and tabs', aSubmission({ body: '\n\t\r\n' }), 'blank'],
    ['only ideographic spaces', aSubmission({ body: '\u3000\u3000' }), 'blank'],
    ['only zero-width characters', aSubmission({ body: '\u200b\u2060\ufeff' }), 'blank'],
    ['only line and paragraph separators', aSubmission({ body: '\u2028\u2029' }), 'blank'],
    ['not a string', aSubmission({ body: 42 }), 'invalid-type'],
    ['null', aSubmission({ body: null }), 'invalid-type'],
  ])('answers 422 at /body when the comment is %s', async (_case, submission, code) => {
    const { store, app } = setup();

    const response = await postComment(app, CONSULTATION, submission);

    const problem = await expectProblem(response, 422, 'validation-failed');
    expect(problem.errors).toEqual([{ pointer: '/body', code, detail: expect.any(String) }]);
    expectNothingStored(store);
  });

  it.each([
    ['Latin letters', 'a'.repeat(5001)],
    ['CJK characters', '意'.repeat(5001)],
    ['emoji', '😀'.repeat(5001)],
  ])('answers 422 at /body to 5,001 %s', async (_case, body) => {
    const { store, app } = setup();

    const response = await postComment(app, CONSULTATION, aSubmission({ body }));

    const problem = await expectProblem(response, 422, 'validation-failed');
    expect(problem.errors).toEqual([
      { pointer: '/body', code: 'too-long', detail: expect.stringContaining('5000') },
    ]);
    expectNothingStored(store);
  });

  it.each([
    ['CJK characters', '意'.repeat(5000)],
    ['emoji, each counted once', '😀'.repeat(5000)],
    ['Latin letters', 'a'.repeat(5000)],
  ])('accepts exactly 5,000 %s', async (_case, body) => {
    const { store, app } = setup();

    const response = await postComment(app, CONSULTATION, aSubmission({ body }));

    expect(response.status).toBe(202);
    expect([...store.comments.values()][0]?.body).toBe(body);
  });

  it('answers 422 at /proposedWording to proposed wording over 5,000 characters', async () => {
    const { store, app } = setup();

    const response = await postComment(
      app,
      CONSULTATION,
      aSubmission({ proposedWording: '条'.repeat(5001) }),
    );

    const problem = await expectProblem(response, 422, 'validation-failed');
    expect(problem.errors).toEqual([
      { pointer: '/proposedWording', code: 'too-long', detail: expect.any(String) },
    ]);
    expectNothingStored(store);
  });

  it.each([
    ['an article the draft does not have', 'art-999', 'unknown-article'],
    ['a malformed article id', 'article-5', 'invalid-format'],
    ['an article id with markup', '<b>art-5</b>', 'invalid-format'],
    ['an article id of the wrong type', 5, 'invalid-type'],
  ])('answers 422 at /articleId to %s', async (_case, articleId, code) => {
    const { store, app } = setup();

    const response = await postComment(app, CONSULTATION, aSubmission({ articleId }));

    const problem = await expectProblem(response, 422, 'validation-failed');
    expect(problem.errors).toEqual([{ pointer: '/articleId', code, detail: expect.any(String) }]);
    expectNothingStored(store);
  });

  it.each([
    ['a consultation that does not exist', 'no-such-consultation'],
    ['an id that cannot be a consultation', 'NOT_AN_ID'],
    ['an id with markup', '%3Cscript%3Ealert(1)%3C%2Fscript%3E'],
    ['a very long id', 'a'.repeat(300)],
  ])('answers 404 to a comment on %s', async (_case, id) => {
    const { store, app } = setup();

    const response = await postComment(app, id, aSubmission());

    await expectProblem(response, 404, 'not-found');
    expectNothingStored(store);
  });

  it.each([
    ['an unknown stance', 'maybe', 'invalid-choice'],
    ['an empty stance', '', 'invalid-choice'],
    ['an upper-case stance', 'SUPPORT', 'invalid-choice'],
    ['a number', 1, 'invalid-choice'],
    ['a missing stance', undefined, 'required'],
  ])('answers 422 at /stance to %s', async (_case, stance, code) => {
    const { store, app } = setup();

    const response = await postComment(app, CONSULTATION, aSubmission({ stance }));

    const problem = await expectProblem(response, 422, 'validation-failed');
    expect(problem.errors).toEqual([{ pointer: '/stance', code, detail: expect.any(String) }]);
    expectNothingStored(store);
  });

  it.each([
    ['a top-level field', aSubmission({ status: 'published' }), '/status'],
    ['a second top-level field', aSubmission({ isAdmin: true }), '/isAdmin'],
    [
      'a field inside contact',
      aSubmission({ contact: { email: 'a@example.cn', address: '某路1号' } }),
      '/contact/address',
    ],
    ['a field whose name needs escaping', aSubmission({ 'a/b~c': 1 }), '/a~1b~0c'],
  ])('answers 422 pointing at %s that is not in the schema', async (_case, submission, pointer) => {
    const { store, app } = setup();

    const response = await postComment(app, CONSULTATION, submission);

    const problem = await expectProblem(response, 422, 'validation-failed');
    expect(problem.errors).toEqual([
      { pointer, code: 'unknown-field', detail: expect.stringContaining('unknown field') },
    ]);
    expectNothingStored(store);
  });

  it.each([
    ['__proto__ at the top level', rawWith('"__proto__":{"isAdmin":true}')],
    ['constructor at the top level', rawWith('"constructor":{"prototype":{"isAdmin":true}}')],
    ['prototype at the top level', rawWith('"prototype":{}')],
    ['__proto__ inside contact', rawWith('"contact":{"__proto__":{"email":"x@example.cn"}}')],
    ['constructor inside contact', rawWith('"contact":{"constructor":"x"}')],
    ['__proto__ deep inside an array', rawWith('"x":[1,{"__proto__":null}]')],
    ['an escaped __proto__ key', rawWith('"\\u005f_proto__":{"isAdmin":true}')],
  ])('answers 400 to %s', async (_case, body) => {
    const { store, app } = setup();

    const response = await postComment(app, CONSULTATION, body);

    const problem = await expectProblem(response, 400, 'malformed-request');
    expect(problem.detail).toMatch(/__proto__|constructor|prototype/);
    expectNothingStored(store);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it.each([
    ['nine levels of objects', rawWith(`"x":${'{"a":'.repeat(9)}1${'}'.repeat(9)}`)],
    ['ten thousand nested arrays', `${'['.repeat(10_000)}${']'.repeat(10_000)}`],
    ['sixty thousand unclosed brackets', '['.repeat(60_000)],
  ])('answers 400 to deeply nested JSON: %s', async (_case, body) => {
    const { store, app } = setup();

    const response = await postComment(app, CONSULTATION, body);

    const problem = await expectProblem(response, 400, 'malformed-request');
    expect(problem.detail).toContain('nested');
    expectNothingStored(store);
  });

  it.each([
    ['a member given twice', rawWith('"body":"第一份意见"')],
    ['a member given twice under an escaped name', rawWith('"\\u0062ody":"第一份意见"')],
    [
      'a member given twice inside contact',
      rawWith('"contact":{"email":"a@example.cn","email":"b@example.cn"}'),
    ],
  ])('answers 400 to %s, which parsers read differently', async (_case, body) => {
    const { store, app } = setup();

    const response = await postComment(app, CONSULTATION, body);

    const problem = await expectProblem(response, 400, 'malformed-request');
    expect(problem.detail).toContain('twice');
    expectNothingStored(store);
  });

  it('answers 400 to bytes that are not UTF-8, instead of storing replacement characters', async () => {
    const { store, app } = setup();
    const json = new TextEncoder().encode(JSON.stringify(aSubmission({ body: 'XX' })));
    const at = new TextDecoder().decode(json).indexOf('XX');
    json.set([0xc3, 0x28], at); // a two-byte sequence with an invalid continuation byte

    const response = await app.request(`/api/consultations/${CONSULTATION}/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: json,
    });

    const problem = await expectProblem(response, 400, 'malformed-request');
    expect(problem.detail).toContain('UTF-8');
    expectNothingStored(store);
  });

  it('ignores a byte order mark before the JSON', async () => {
    const { store, app } = setup();

    const response = await postComment(app, CONSULTATION, `\ufeff${JSON.stringify(aSubmission())}`);

    expect(response.status).toBe(202);
    expect(store.comments.size).toBe(1);
  });

  it('does not count brackets inside strings as nesting', async () => {
    const { store, app } = setup();

    const response = await postComment(app, CONSULTATION, aSubmission({ body: '{{{{{{{{{{[[[[[[[[[["\\' }));

    expect(response.status).toBe(202);
    expect(store.comments.size).toBe(1);
  });

  it.each([
    ['NUL', '\u0000', 'control-characters'],
    ['BEL', '\u0007', 'control-characters'],
    ['ESC (terminal escapes)', '\u001b[31m', 'control-characters'],
    ['vertical tab', '\u000b', 'control-characters'],
    ['DEL', '\u007f', 'control-characters'],
    ['a C1 control', '\u0085', 'control-characters'],
    ['a right-to-left override', '\u202e', 'bidi-override'],
    ['a first-strong isolate', '\u2068', 'bidi-override'],
    ['an unpaired high surrogate', '\ud800', 'lone-surrogate'],
    ['an unpaired low surrogate', '\udc00', 'lone-surrogate'],
    ['two surrogates in the wrong order', '\udc00\ud800', 'lone-surrogate'],
  ])('answers 422 at /body to a comment containing %s', async (_case, ch, code) => {
    const { store, app } = setup();

    const response = await postComment(app, CONSULTATION, aSubmission({ body: `建议${ch}修改` }));

    const problem = await expectProblem(response, 422, 'validation-failed');
    expect(problem.errors).toEqual([{ pointer: '/body', code, detail: expect.any(String) }]);
    expectNothingStored(store);
  });

  it.each([
    ['displayName', aSubmission({ displayName: 'Name\u0000', publishName: true })],
    ['proposedWording', aSubmission({ proposedWording: 'text\u001b' })],
  ])('answers 422 at /%s to control characters there', async (field, submission) => {
    const { store, app } = setup();

    const response = await postComment(app, CONSULTATION, submission);

    const problem = await expectProblem(response, 422, 'validation-failed');
    expect(problem.errors).toEqual([
      { pointer: `/${field}`, code: 'control-characters', detail: expect.any(String) },
    ]);
    expectNothingStored(store);
  });

  it('accepts tabs and line breaks in a comment', async () => {
    const { store, app } = setup();

    const response = await postComment(
      app,
      CONSULTATION,
      aSubmission({ body: '第一点：\r\n\t增加安全员。\n' }),
    );

    expect(response.status).toBe(202);
    expect(store.comments.size).toBe(1);
  });

  it.each([
    [
      'a display name consented to but not given',
      aSubmission({ publishName: true }),
      '/displayName',
      'name-required',
    ],
    [
      'a display name of only invisible characters, consented to',
      aSubmission({ publishName: true, displayName: '\u200b\u200d' }),
      '/displayName',
      'name-required',
    ],
    [
      'a display name over 40 characters',
      aSubmission({ displayName: '名'.repeat(41) }),
      '/displayName',
      'too-long',
    ],
    [
      'a malformed email',
      aSubmission({ contact: { email: 'not-an-email' } }),
      '/contact/email',
      'invalid-format',
    ],
    [
      'an email over 254 characters',
      aSubmission({ contact: { email: `${'a'.repeat(250)}@example.cn` } }),
      '/contact/email',
      'too-long',
    ],
    ['a malformed phone', aSubmission({ contact: { phone: 'call me' } }), '/contact/phone', 'invalid-format'],
    [
      'a phone of four digits',
      aSubmission({ contact: { phone: '12-34' } }),
      '/contact/phone',
      'invalid-format',
    ],
    ['a missing publishName', aSubmission({ publishName: undefined }), '/publishName', 'required'],
    ['an unknown language', aSubmission({ lang: 'fr' }), '/lang', 'invalid-choice'],
  ])('answers 422 to %s', async (_case, submission, pointer, code) => {
    const { store, app } = setup();

    const response = await postComment(app, CONSULTATION, submission);

    const problem = await expectProblem(response, 422, 'validation-failed');
    expect(problem.errors).toEqual([{ pointer, code, detail: expect.any(String) }]);
    expectNothingStored(store);
  });

  it('reports every invalid field at once', async () => {
    const { store, app } = setup();

    const response = await postComment(
      app,
      CONSULTATION,
      aSubmission({ stance: 'maybe', body: '', extra: 1 }),
    );

    const problem = await expectProblem(response, 422, 'validation-failed');
    const pointers = (problem.errors as { pointer: string }[]).map((e) => e.pointer).sort();
    expect(pointers).toEqual(['/body', '/extra', '/stance']);
    expectNothingStored(store);
  });

  it.each([
    ['contains a space', 'my key'],
    ['is longer than 128 characters', 'k'.repeat(129)],
    ['is empty', ''],
    ['contains a non-ASCII character', 'clé'],
  ])('answers 400 to an Idempotency-Key that %s', async (_case, key) => {
    const { store, app } = setup();

    const response = await postComment(app, CONSULTATION, aSubmission(), { 'Idempotency-Key': key });

    const problem = await expectProblem(response, 400, 'malformed-request');
    expect(problem.detail).toContain('Idempotency-Key');
    expectNothingStored(store);
  });

  it.each([
    ['closed', 'closed-consultation'],
    ['scheduled', 'scheduled-consultation'],
    ['concluded', 'concluded-consultation'],
  ])('answers 409 while the window is %s', async (status, id) => {
    const { store, app } = setup();

    const response = await postComment(app, id, aSubmission(), { 'Idempotency-Key': 'k-409' });

    const problem = await expectProblem(response, 409, 'window-not-open');
    expect(problem.windowStatus).toBe(status);
    expectNothingStored(store);
  });

  it('answers 422 to the same Idempotency-Key with a different body, keeping only the first comment', async () => {
    // Prepare
    const { store, app } = setup();
    const first = await postComment(app, CONSULTATION, aSubmission(), { 'Idempotency-Key': 'key-1' });
    expect(first.status).toBe(202);

    // Act
    const response = await postComment(app, CONSULTATION, aSubmission({ stance: 'oppose' }), {
      'Idempotency-Key': 'key-1',
    });

    // Assess
    await expectProblem(response, 422, 'idempotency-key-reused');
    expect(store.comments.size).toBe(1);
  });
});

describe('markup in a comment', () => {
  const markup = '<script>alert("x")</script><img src=x onerror=alert(1)> &amp; <b>粗体</b>';

  it('is stored verbatim as text and every answer about it is JSON', async () => {
    // Prepare
    const { store, app } = setup();

    // Act
    const posted = await postComment(
      app,
      CONSULTATION,
      aSubmission({ body: markup, proposedWording: markup }),
    );
    const { receipt } = (await posted.json()) as { receipt: string };
    const looked = await app.request(`/api/comments/${receipt}`);

    // Assess
    expect(posted.status).toBe(202);
    expect(posted.headers.get('content-type')).toMatch(/^application\/json/);
    expect(posted.headers.get('x-content-type-options')).toBe('nosniff');
    const stored = [...store.comments.values()][0];
    expect(stored?.body).toBe(markup);
    expect(stored?.proposedWording).toBe(markup);
    expect(looked.status).toBe(200);
    expect(looked.headers.get('content-type')).toMatch(/^application\/json/);
    expect(looked.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('in a path is echoed only inside a problem document, never as HTML', async () => {
    const { app } = setup();

    const response = await app.request('/api/consultations/%3Cscript%3Ealert(1)%3C%2Fscript%3E');

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe(PROBLEM_JSON);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('GET /api/comments/{receipt} with a bad receipt', () => {
  it('answers 404 to a well-formed receipt nobody was given', async () => {
    const { app } = setup();

    const response = await app.request('/api/comments/ABCD-EFGH-JKMN');

    const problem = await expectProblem(response, 404, 'not-found');
    expect(problem.detail).toContain('ABCD-EFGH-JKMN');
  });

  it.each([
    ['a word', 'hello'],
    ['a receipt with a letter O', 'ABCD-EFGH-JKMO'],
    ['an ambiguous character', 'ABCD-EFGH-JKM0'],
    ['a character too many', 'ABCD-EFGH-JKMNP'],
    ['markup', '%3Cscript%3E'],
    ['a very long value', 'A'.repeat(200)],
  ])('answers 400 to a receipt that is %s', async (_case, receipt) => {
    const { app } = setup();

    const response = await app.request(`/api/comments/${receipt}`);

    await expectProblem(response, 400, 'malformed-request');
  });
});
