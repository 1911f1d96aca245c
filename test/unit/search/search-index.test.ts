import { describe, expect, it } from 'vitest';
import { MalformedRequestError, ValidationError } from '../../../shared/errors.ts';
import { allIds, doc, indexOf } from './helpers.ts';

describe('Chinese phrases', () => {
  const seatBelt = doc('乘客应当系好安全带，驾驶员应当提醒。');
  const belt2 = doc('建议明确校车上儿童安全带的配置标准');
  const boundary = doc('加强公共交通安全带来的便利显而易见'); // 安全 | 带来: 安全带 only as characters
  const ebike = doc('禁止携带电动自行车及其电池进入地铁站。');
  const ebikeLane = doc('电动自行车道应当与公交专用道分开');
  const stationMaster = doc('建议地铁站长加强早高峰巡查'); // jieba: 地铁站 | 长, so 站长 only as characters
  const unrelated = doc('公交车夜间班次太少，建议增加。');
  const index = indexOf([seatBelt, belt2, boundary, ebike, ebikeLane, stationMaster, unrelated]);

  it.each([
    ['安全带', [belt2.id, seatBelt.id], [boundary.id]],
    ['电动自行车', [ebikeLane.id, ebike.id], []],
    ['地铁站', [stationMaster.id, ebike.id], []],
    ['自行车', [ebikeLane.id, ebike.id], []],
    ['站长', [], [stationMaster.id]],
  ])('finds %s by segmentation first, then by bigrams only', (q, byWords, byCharacters) => {
    const page = index.search({ q, limit: 100 });
    expect(page.hits).toEqual([
      ...byWords.map((id) => ({ id, match: 'words' })),
      ...byCharacters.map((id) => ({ id, match: 'characters' })),
    ]);
    expect(page.total).toBe(byWords.length + byCharacters.length);
  });

  it('leaves out matches that cross a word boundary when asked for words only', () => {
    expect(allIds(index, { q: '安全带', match: 'words' })).toEqual([belt2.id, seatBelt.id]);
    expect(allIds(index, { q: '站长', match: 'words' })).toEqual([]);
  });

  it('needs the whole phrase, not only its words or bigrams scattered over the comment', () => {
    const scattered = doc('自行车停放混乱，电动车充电也有隐患');
    const local = indexOf([scattered, ebike]);
    // 电动 and 自行车 both occur, as do all four bigrams except 动自: only the real phrase matches.
    expect(allIds(local, { q: '电动自行车' })).toEqual([ebike.id]);
    expect(allIds(local, { q: '自行车 电动' })).toEqual([ebike.id, scattered.id]);
  });

  it('never matches a phrase across punctuation or across the two fields', () => {
    const split = doc('地铁，站台太挤', { proposedWording: '安全。带' });
    const across = doc('建议增设地铁', { proposedWording: '站台屏蔽门' });
    const local = indexOf([split, across]);
    expect(allIds(local, { q: '地铁站' })).toEqual([]);
    expect(allIds(local, { q: '安全带' })).toEqual([]);
    expect(allIds(local, { q: '屏蔽门' })).toEqual([across.id]);
  });

  it('reads a line break inside Chinese text, as pasted from a PDF, as no break at all', () => {
    const pasted = doc('乘客应当系好安全\n带，驾驶员负责提醒');
    expect(allIds(indexOf([pasted]), { q: '安全带' })).toEqual([pasted.id]);
  });

  it('finds text written with full-width forms, invisible characters or spaces between characters', () => {
    const messy = doc('地铁\u200b站 的安\u00ad全 带 ＢＵＳ');
    const local = indexOf([messy]);
    expect(allIds(local, { q: '地铁站' })).toEqual([messy.id]);
    expect(allIds(local, { q: '安全带' })).toEqual([messy.id]);
    expect(allIds(local, { q: 'bus' })).toEqual([messy.id]);
    expect(allIds(local, { q: '地铁 站' })).toEqual([messy.id]);
  });

  it('finds a single character by checking the text, since it has no bigram', () => {
    const local = indexOf([seatBelt, unrelated]);
    expect(allIds(local, { q: '夜' })).toEqual([unrelated.id]);
  });
});

describe('English words', () => {
  const bus = doc('The bus stop needs a shelter.', { stance: 'suggest' });
  const business = doc('Business owners near the station object.', { stance: 'oppose' });
  const buses = doc('More buses at night, please', { stance: 'support' });
  const belt = doc('Every seat belt must be checked; E-bikes are banned.', { stance: 'support' });
  const index = indexOf([bus, business, buses, belt]);

  it.each([
    ['bus', [bus.id]],
    ['BUS', [bus.id]],
    ['ｂｕｓ', [bus.id]],
    ['buses', [buses.id]],
    ['business', [business.id]],
    ['shelter bus', [bus.id]],
    ['"seat belt"', [belt.id]],
    ['"belt seat"', []],
    ['e-bikes', [belt.id]],
    ['bike', []],
    ['station stop', []],
  ])('%s matches whole words only, without stemming', (q, ids) => {
    expect(allIds(index, { q })).toEqual([...ids].reverse());
  });

  it('combines English and Chinese chunks with AND', () => {
    const mixed = doc('Line 3 地铁站 has no bus shelter');
    const local = indexOf([mixed, bus]);
    expect(allIds(local, { q: 'bus 地铁站' })).toEqual([mixed.id]);
    expect(allIds(local, { q: 'bus 安全带' })).toEqual([]);
  });
});

describe('filters combined with search', () => {
  const a = doc('地铁站应设无障碍电梯', { articleId: 'art-5', stance: 'suggest', status: 'published' });
  const b = doc('地铁站的安检太慢', { articleId: 'art-5', stance: 'oppose', status: 'pending' });
  const c = doc('地铁站厕所不足', {
    articleId: 'art-7',
    stance: 'suggest',
    status: 'published',
    clusterId: 'k1',
  });
  const d = doc('公交站台要有遮阳棚', {
    articleId: null,
    stance: 'suggest',
    status: 'published',
    clusterId: 'k1',
  });
  const e = doc('地铁站标识不清', { articleId: null, stance: 'other', status: 'spam' });
  const index = indexOf([a, b, c, d, e]);

  it.each([
    ['article', { article: ['art-5'] }, [b, a]],
    ['whole draft', { article: [null] }, [e]],
    ['two articles', { article: ['art-7', null] }, [e, c]],
    ['stance', { stance: ['suggest' as const] }, [c, a]],
    ['status', { status: ['pending' as const] }, [b]],
    ['cluster', { cluster: ['k1'] }, [c]],
    ['no cluster', { cluster: [null] }, [e, b, a]],
    [
      'several fields',
      { article: ['art-5'], stance: ['suggest' as const], status: ['published' as const] },
      [a],
    ],
    ['unknown article', { article: ['art-99'] }, []],
  ])('narrows 地铁站 by %s', (_name, filters, expected) => {
    expect(allIds(index, { q: '地铁站', ...filters })).toEqual(expected.map((x) => x.id));
  });

  it('lists by filters alone when there is no query, newest first', () => {
    expect(allIds(index, { cluster: ['k1'] })).toEqual([d.id, c.id]);
    expect(allIds(index, {})).toEqual([e, d, c, b, a].map((x) => x.id));
  });

  it('counts the matches per status whatever the status filter', () => {
    const page = index.search({ q: '地铁站', status: ['published'] });
    expect(page.total).toBe(2);
    expect(page.counts).toEqual({ pending: 1, published: 2, rejected: 0, spam: 1 });
  });
});

describe('incremental updates', () => {
  it('moves a comment between filter sets when it is moderated or clustered', () => {
    const x = doc('地铁站安检排队太长', { status: 'pending' });
    const y = doc('地铁站安检设备老旧', { status: 'pending' });
    const index = indexOf([x, y]);
    expect(allIds(index, { q: '安检', status: ['pending'] })).toEqual([y.id, x.id]);

    expect(index.update(x.id, { status: 'published', clusterId: 'k9' })).toBe(true);
    expect(allIds(index, { q: '安检', status: ['pending'] })).toEqual([y.id]);
    expect(allIds(index, { q: '安检', status: ['published'] })).toEqual([x.id]);
    expect(allIds(index, { q: '安检', cluster: ['k9'] })).toEqual([x.id]);

    index.update(x.id, { status: 'rejected', clusterId: null, articleId: 'art-2' });
    expect(allIds(index, { q: '安检', status: ['published'] })).toEqual([]);
    expect(allIds(index, { q: '安检', cluster: ['k9'] })).toEqual([]);
    expect(allIds(index, { q: '安检', article: ['art-2'] })).toEqual([x.id]);
  });

  it('finds comments added after the first search, and ignores a repeated add except for its fields', () => {
    const first = doc('屏蔽门应全面覆盖');
    const index = indexOf([first]);
    expect(allIds(index, { q: '屏蔽门' })).toEqual([first.id]);
    const later = doc('屏蔽门故障时如何疏散');
    expect(index.add(later)).toBe(true);
    expect(index.add({ ...first, body: '完全不同的文字', status: 'spam' })).toBe(false);
    expect(allIds(index, { q: '屏蔽门' })).toEqual([later.id, first.id]);
    expect(allIds(index, { q: '完全不同' })).toEqual([]);
    expect(index.get(first.id)?.status).toBe('spam');
    expect(index.update('no-such-comment', { status: 'published' })).toBe(false);
  });

  it('keeps finding everything across many additions, before and after sealing the posting lists', () => {
    const docs = Array.from({ length: 700 }, (_, i) =>
      doc(i % 3 === 0 ? `第${i}条：地铁站安全` : `公交线路${i}`),
    );
    const index = indexOf([]);
    expect(index.addMany(docs.slice(0, 400))).toBe(400);
    for (const d of docs.slice(400)) index.add(d);
    const expected = docs
      .filter((_, i) => i % 3 === 0)
      .map((d) => d.id)
      .reverse();
    expect(allIds(index, { q: '地铁站', limit: 7 })).toEqual(expected);
  });
});

describe('pages', () => {
  const docs = Array.from({ length: 25 }, (_, i) =>
    doc(i % 5 === 0 ? `公共交通安全带来便利 ${i}` : `请系好安全带 ${i}`),
  );
  const index = indexOf(docs);

  it('pages through word matches, then character matches, without repeats or gaps', () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = index.search({ q: '安全带', limit: 4, cursor });
      expect(page.total).toBe(25);
      ids.push(...page.hits.map((h) => h.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(7);
    const words = docs
      .filter((_, i) => i % 5 !== 0)
      .map((d) => d.id)
      .reverse();
    const characters = docs
      .filter((_, i) => i % 5 === 0)
      .map((d) => d.id)
      .reverse();
    expect(ids).toEqual([...words, ...characters]);
  });

  it('keeps a cursor valid when newer comments arrive between pages', () => {
    const local = indexOf(docs);
    const first = local.search({ q: '安全带', limit: 5 });
    local.add(doc('新来的：安全带'));
    const second = local.search({ q: '安全带', limit: 5, cursor: first.nextCursor });
    const expectedNext = docs
      .filter((_, i) => i % 5 !== 0)
      .map((d) => d.id)
      .reverse()
      .slice(5, 10);
    expect(second.hits.map((h) => h.id)).toEqual(expectedNext);
  });

  it.each([
    ['a cursor it never issued', { cursor: 'bm90LWEtY3Vyc29y' }, MalformedRequestError],
    ['a limit above 100', { limit: 101 }, ValidationError],
    ['a query over 200 characters', { q: '安'.repeat(201) }, ValidationError],
    ['an unknown status', { status: ['deleted'] }, ValidationError],
    ['an unknown field', { sort: 'relevance' }, ValidationError],
  ])('refuses %s', (_name, request, error) => {
    expect(() => index.search(request as never)).toThrow(error);
  });
});
