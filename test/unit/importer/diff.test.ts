import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ArticleChange, diffDrafts, diffText, type Segment } from '../../../shared/draft/diff.ts';
import { formatChineseNumeral, formatRoman } from '../../../shared/draft/importer/numerals.ts';
import { Draft, type Lang } from '../../../shared/draft/schema.ts';
import { draftArbitrary } from './arbitraries.ts';

/** A draft from chapters of article texts; a text with \n has several paragraphs. */
function draft(chapters: string[][], lang: Lang = 'zh', version = 1): Draft {
  let n = 0;
  return Draft.parse({
    id: 'diff-draft',
    version,
    lang,
    title: lang === 'zh' ? '示例条例' : 'Test Regulations',
    stage: lang === 'zh' ? '征求意见稿' : 'Draft for Comment',
    chapters: chapters.map((articles, c) => ({
      id: `ch-${c + 1}`,
      number: c + 1,
      label: lang === 'zh' ? `第${formatChineseNumeral(c + 1)}章` : `Chapter ${formatRoman(c + 1)}`,
      title: lang === 'zh' ? `第${c + 1}部分` : `Part ${c + 1}`,
      articles: articles.map((text) => {
        n += 1;
        return {
          id: `art-${n}`,
          number: n,
          label: lang === 'zh' ? `第${formatChineseNumeral(n)}条` : `Article ${n}`,
          paragraphs: text.split('\n').map((p) => ({ text: p })),
        };
      }),
    })),
  });
}

/** Changes as compact tuples: kind, old labels, new labels. */
function summary(changes: ArticleChange[]): [string, string, string][] {
  const ids = (side: unknown) =>
    side === undefined
      ? ''
      : Array.isArray(side)
        ? side.map((r) => r.id).join('+')
        : (side as { id: string }).id;
  return changes.map((c) => [
    c.kind,
    ids('old' in c ? c.old : undefined),
    ids('new' in c ? c.new : undefined),
  ]);
}

const A = '为了加强城市公共交通安全管理，预防和减少安全事故，制定本条例。';
const B = '本条例适用于本市行政区域内城市公共交通的安全运营及其监督管理。';
const C = '市交通运输主管部门负责本市城市公共交通安全的监督管理工作。';
const D = '运营单位应当建立健全安全生产责任制，加强从业人员的安全教育培训。';
const E = '乘客应当遵守乘车规则，不得携带易燃、易爆等危险物品进站乘车。';
const F = '本条例自二〇二七年一月一日起施行。';

describe('diffing two versions of a draft', () => {
  it('finds nothing changed between identical drafts', () => {
    const d = draft([
      [A, B],
      [C, D],
    ]);
    const result = diffDrafts(d, d);
    expect(result.counts).toMatchObject({ unchanged: 4, modified: 0, inserted: 0, deleted: 0 });
    expect(result.changes.every((c) => c.kind === 'unchanged' && !c.moved)).toBe(true);
  });

  it('finds an inserted article and the renumbered ones after it, which did not move', () => {
    const result = diffDrafts(draft([[A, B, C]]), draft([[A, E, B, C]]));
    expect(summary(result.changes)).toEqual([
      ['unchanged', 'art-1', 'art-1'],
      ['inserted', '', 'art-2'],
      ['renumbered', 'art-2', 'art-3'],
      ['renumbered', 'art-3', 'art-4'],
    ]);
    expect(result.changes.some((c) => 'moved' in c && c.moved)).toBe(false);
    expect(result.successors).toEqual({ 'art-1': ['art-1'], 'art-2': ['art-3'], 'art-3': ['art-4'] });
  });

  it('finds a deleted article where it stood', () => {
    const result = diffDrafts(draft([[A, B, C, D]]), draft([[A, C, D]]));
    expect(summary(result.changes)).toEqual([
      ['unchanged', 'art-1', 'art-1'],
      ['deleted', 'art-2', ''],
      ['renumbered', 'art-3', 'art-2'],
      ['renumbered', 'art-4', 'art-3'],
    ]);
    expect(result.successors['art-2']).toEqual([]);
  });

  it('gives a modified article a character-level diff in Chinese', () => {
    const changed = '运营企业应当建立健全全员安全生产责任制，加强从业人员的安全教育培训。';
    const result = diffDrafts(draft([[A, D]]), draft([[A, changed]]));
    const change = result.changes[1];
    expect(change).toMatchObject({ kind: 'modified', renumbered: false, moved: false });
    expect(change?.kind === 'modified' && change.segments).toEqual([
      { op: 'equal', text: '运营' },
      { op: 'delete', text: '单位' },
      { op: 'insert', text: '企业' },
      { op: 'equal', text: '应当建立健全' },
      { op: 'insert', text: '全员' },
      { op: 'equal', text: '安全生产责任制，加强从业人员的安全教育培训。' },
    ]);
  });

  it('gives a modified English article a word-level diff', () => {
    const older = draft([['Operators shall inspect the vehicles daily.']], 'en');
    const newer = draft([['Operators shall inspect all vehicles every day.']], 'en');
    const change = diffDrafts(older, newer).changes[0];
    expect(change?.kind === 'modified' && change.segments).toEqual([
      { op: 'equal', text: 'Operators shall inspect ' },
      { op: 'delete', text: 'the' },
      { op: 'insert', text: 'all' },
      { op: 'equal', text: ' vehicles ' },
      { op: 'delete', text: 'daily' },
      { op: 'insert', text: 'every day' },
      { op: 'equal', text: '.' },
    ]);
  });

  it('pairs an article moved to another chapter by its content, and marks it moved and renumbered', () => {
    const result = diffDrafts(
      draft([
        [A, B, C],
        [D, E],
      ]),
      draft([
        [A, C],
        [D, B, E],
      ]),
    );
    expect(summary(result.changes)).toEqual([
      ['unchanged', 'art-1', 'art-1'],
      ['renumbered', 'art-3', 'art-2'],
      ['renumbered', 'art-4', 'art-3'],
      ['renumbered', 'art-2', 'art-4'],
      ['unchanged', 'art-5', 'art-5'],
    ]);
    const moved = result.changes.filter((c) => 'moved' in c && c.moved);
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({
      old: { id: 'art-2', chapterId: 'ch-1' },
      new: { id: 'art-4', chapterId: 'ch-2' },
    });
  });

  it('pairs a reworded and renumbered article by similarity, not by number', () => {
    const reworded = '市交通运输主管部门负责全市城市公共交通安全的监督管理工作。';
    const result = diffDrafts(draft([[A, B, C]]), draft([[A, reworded, B]]));
    expect(summary(result.changes)).toEqual([
      ['unchanged', 'art-1', 'art-1'],
      ['modified', 'art-3', 'art-2'],
      ['renumbered', 'art-2', 'art-3'],
    ]);
    expect(result.changes[1]).toMatchObject({ renumbered: true });
    // Either C moved before B or B after C: exactly one of the two is reported as moved.
    expect(result.changes.filter((c) => 'moved' in c && c.moved)).toHaveLength(1);
  });

  it('finds an article split in two', () => {
    const result = diffDrafts(draft([[A, `${C}\n${D}`, E]]), draft([[A, C, D, E]]));
    expect(summary(result.changes)).toEqual([
      ['unchanged', 'art-1', 'art-1'],
      ['split', 'art-2', 'art-2+art-3'],
      ['renumbered', 'art-3', 'art-4'],
    ]);
    expect(result.successors['art-2']).toEqual(['art-2', 'art-3']);
    const split = result.changes[1];
    expect(split?.kind === 'split' && split.segments.every((s) => s.op === 'equal')).toBe(true);
  });

  it('finds an article split in two when the smaller half comes first', () => {
    const short = '运营单位应当配备安全员。';
    const result = diffDrafts(draft([[A, `${short}\n${C}${D}`]]), draft([[A, short, `${C}${D}`]]));
    expect(summary(result.changes)).toEqual([
      ['unchanged', 'art-1', 'art-1'],
      ['split', 'art-2', 'art-2+art-3'],
    ]);
  });

  it('finds two articles merged into one', () => {
    const result = diffDrafts(draft([[A, C, D, E]]), draft([[A, `${C}\n${D}`, E]]));
    expect(summary(result.changes)).toEqual([
      ['unchanged', 'art-1', 'art-1'],
      ['merged', 'art-2+art-3', 'art-2'],
      ['renumbered', 'art-4', 'art-3'],
    ]);
    expect(result.successors).toMatchObject({ 'art-2': ['art-2'], 'art-3': ['art-2'] });
  });

  it('does not pair texts that have little in common: the old one is deleted, the new one inserted', () => {
    const result = diffDrafts(draft([[A, B]]), draft([[A, F]]));
    expect(summary(result.changes)).toEqual([
      ['unchanged', 'art-1', 'art-1'],
      ['deleted', 'art-2', ''],
      ['inserted', '', 'art-2'],
    ]);
  });

  it('counts every kind of change', () => {
    const result = diffDrafts(draft([[A, B, `${C}\n${D}`, E]]), draft([[F, A, C, D]]));
    expect(result.counts).toEqual({
      unchanged: 0,
      renumbered: 1,
      modified: 0,
      inserted: 1,
      deleted: 2,
      split: 1,
      merged: 0,
    });
  });

  it('finds nothing changed when a draft is compared with itself', () => {
    fc.assert(
      fc.property(fc.constantFrom<Lang>('zh', 'en').chain(draftArbitrary), (d) => {
        const result = diffDrafts(d, d);
        expect(result.changes.every((c) => c.kind === 'unchanged' && !c.moved)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('accounts for every article of both versions exactly once', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom<Lang>('zh', 'en')
          .chain((lang) => fc.tuple(draftArbitrary(lang), draftArbitrary(lang))),
        ([older, newer]) => {
          const { changes } = diffDrafts(older, newer);
          const olds = changes.flatMap((c) => ('old' in c ? [c.old].flat().map((r) => r.id) : []));
          const news = changes.flatMap((c) => ('new' in c ? [c.new].flat().map((r) => r.id) : []));
          const ids = (d: Draft) =>
            d.chapters
              .flatMap((c) => [...c.articles, ...c.sections.flatMap((s) => s.articles)])
              .map((a) => a.id);
          expect([...olds].sort()).toEqual([...ids(older)].sort());
          expect(news).toEqual(ids(newer));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('text diff segments', () => {
  const spell = (segments: Segment[], side: 'old' | 'new') =>
    segments
      .filter((s) => s.op === 'equal' || s.op === (side === 'old' ? 'delete' : 'insert'))
      .map((s) => s.text)
      .join('');

  it.each<Lang>(['zh', 'en'])('spell the old and the new text exactly (%s)', (lang) => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        const segments = diffText(a, b, lang);
        expect(spell(segments, 'old')).toBe(a);
        expect(spell(segments, 'new')).toBe(b);
        for (let i = 1; i < segments.length; i += 1) {
          expect(segments[i]?.op === 'equal' && segments[i - 1]?.op === 'equal').toBe(false);
        }
      }),
    );
  });

  it('reads 下列 → 以下 as one replacement, not fragments', () => {
    expect(diffText('应当履行下列职责', '应当履行以下职责', 'zh')).toEqual([
      { op: 'equal', text: '应当履行' },
      { op: 'delete', text: '下列' },
      { op: 'insert', text: '以下' },
      { op: 'equal', text: '职责' },
    ]);
  });
});
