import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CommentSearch } from '../../../shared/search/comment-search.ts';
import { LocalFileSearchStorage } from '../../../shared/search/local-file-storage.ts';
import { fixedClock } from '../../support/factories.ts';
import { startFakeIssuer } from '../../support/fake-issuer.ts';
import { segmenter } from '../search/helpers.ts';
import {
  aPrincipal,
  aSessionCookie,
  aStaffApi,
  aStoredComment,
  CLIENT,
  expectProblem,
  type FakeIssuer,
  STAFF_HEADERS,
  TRANSPORT,
} from '../staff-api/support.ts';

let issuer: FakeIssuer;
const dirs: string[] = [];
beforeAll(async () => {
  issuer = await startFakeIssuer(CLIENT);
});
afterAll(() => issuer.close());
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const C = `/api/staff/consultations/${TRANSPORT}`;
const BODIES = [
  '建议第五条明确电动自行车不得进入地铁车厢。',
  '公交车上应当禁止携带电动车电池。',
  'Please ban e-bikes from metro carriages.',
  '支持第五条的规定。',
];

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'yijian-search-'));
  dirs.push(dir);
  const search = new CommentSearch({
    storage: new LocalFileSearchStorage(dir),
    segmenter,
    clock: fixedClock(),
  });
  const api = aStaffApi(issuer, fixedClock(), search);
  const cookie = await aSessionCookie(api.sessions, aPrincipal(['drafter']));
  const get = async (query: string) => {
    const response = await api.app.request(`${C}/comments?${query}`, { headers: { Cookie: cookie } });
    return response;
  };
  const ids = async (query: string) => {
    const response = await get(query);
    expect(response.status, await response.clone().text()).toBe(200);
    return ((await response.json()) as { items: { body: string }[] }).items.map((c) => c.body);
  };
  return { ...api, search, cookie, get, ids };
}

describe('the staff comment list searches the full-text index', () => {
  it('builds the index from the store on first use and finds a Chinese phrase', async () => {
    // Prepare: comments stored before the index existed.
    const t = await setup();
    for (const [i, body] of BODIES.entries()) t.addComment(aStoredComment(i + 1, { body }));

    // Act
    const found = await t.ids(`q=${encodeURIComponent('电动自行车')}`);

    // Assess
    expect(found).toEqual([BODIES[0]]);
    expect(await t.search.size(TRANSPORT)).toBe(BODIES.length);
  });

  it('combines the text with stance and article filters, and whole-draft comments', async () => {
    const t = await setup();
    t.addComment(aStoredComment(1, { body: BODIES[0], stance: 'oppose' }));
    t.addComment(aStoredComment(2, { body: BODIES[1], stance: 'suggest', articleId: null }));
    t.addComment(aStoredComment(3, { body: BODIES[3], stance: 'support' }));

    expect(await t.ids(`q=${encodeURIComponent('电动')}&stance=oppose`)).toEqual([BODIES[0]]);
    expect(await t.ids('article=whole')).toEqual([BODIES[1]]);
    expect(await t.ids(`q=${encodeURIComponent('第五条')}&article=art-5`)).toEqual([BODIES[3], BODIES[0]]);
  });

  it('follows moderation: a published comment moves to the published tab of the search', async () => {
    const t = await setup();
    t.addComment(aStoredComment(1, { body: BODIES[0] }));
    t.addComment(aStoredComment(2, { body: BODIES[3] }));
    expect(await t.ids(`q=${encodeURIComponent('电动自行车')}&status=pending`)).toHaveLength(1);
    const admin = await aSessionCookie(t.sessions, aPrincipal(['moderator']));

    const decided = await t.app.request(`${C}/moderation`, {
      method: 'POST',
      headers: { ...STAFF_HEADERS, Cookie: admin },
      body: JSON.stringify({ action: 'publish', items: [{ commentId: aStoredComment(1).id, version: 0 }] }),
    });

    expect(decided.status).toBe(200);
    const page = await (await t.get(`q=${encodeURIComponent('电动自行车')}&status=pending`)).json();
    // The tabs keep the consultation's counts; the matches per status come beside them.
    expect(page.counts).toEqual({ pending: 1, published: 1, rejected: 0, spam: 0 });
    expect(page.matchCounts).toEqual({ pending: 0, published: 1, rejected: 0, spam: 0 });
    expect(await t.ids(`q=${encodeURIComponent('电动自行车')}&status=pending`)).toEqual([]);
    expect(await t.ids(`q=${encodeURIComponent('电动自行车')}&status=published`)).toEqual([BODIES[0]]);
  });

  it('applies a date range to the matches, and refuses one that ends before it starts (422)', async () => {
    const t = await setup();
    t.addComment(aStoredComment(1, { body: BODIES[0], submittedAt: '2026-11-01T02:00:00.000Z' }));
    t.addComment(aStoredComment(2, { body: BODIES[1], submittedAt: '2026-11-10T02:00:00.000Z' }));
    const q = encodeURIComponent('电动');
    expect(await t.ids(`q=${q}&from=2026-11-05T00:00:00Z`)).toEqual([BODIES[1]]);
    expect(await t.ids(`q=${q}&to=2026-11-05T00:00:00Z`)).toEqual([BODIES[0]]);
    await expectProblem(
      await t.get(`q=${q}&from=2026-11-10T00:00:00Z&to=2026-11-01T00:00:00Z`),
      422,
      'validation-failed',
    );
  });
});
