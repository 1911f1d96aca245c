import { describe, expect, it } from 'vitest';
import { type DiagnosticCode, DraftImportError } from '../../../shared/draft/importer/index.ts';
import { articlesOf } from '../../../shared/draft/schema.ts';
import { importLines, lineOf } from './helpers.ts';

const HEAD = ['示例市城市公共交通安全管理条例', '（征求意见稿）', ''];

/** Diagnostics as [line, code] pairs. */
function reported(lines: string[], options = {}): [number, DiagnosticCode][] {
  return importLines(lines, options).diagnostics.map((d) => [d.line, d.code]);
}

describe('diagnostics', () => {
  it('reports nothing for a clean draft', () => {
    expect(reported([...HEAD, '第一章　总则', '第一条　为了规范管理，制定本条例。'])).toEqual([]);
  });

  it.each<[string, string[], string, DiagnosticCode]>([
    ['a skipped article number', ['第一章　总则', '第一条　甲。', '第三条　丙。'], '第三条', 'numbering-gap'],
    [
      'a repeated article number',
      ['第一章　总则', '第一条　甲。', '第二条　乙。', '第二条　又一个乙。'],
      '又一个乙',
      'numbering-repeat',
    ],
    [
      'a 之一 article without its base article',
      ['第一章　总则', '第一条　甲。', '第二条之一　乙之一。'],
      '第二条之一',
      'numbering-gap',
    ],
    [
      'a skipped chapter',
      ['第一章　总则', '第一条　甲。', '第三章　附则', '第二条　乙。'],
      '第三章',
      'numbering-gap',
    ],
    [
      'a skipped section',
      ['第一章　总则', '第一节　一般规定', '第一条　甲。', '第三节　特别规定', '第二条　乙。'],
      '第三节',
      'numbering-gap',
    ],
    [
      'items that skip a number',
      ['第一章　总则', '第一条　下列行为：', '（一）甲；', '（三）丙。'],
      '（三）',
      'numbering-gap',
    ],
  ])('reports %s at its line', (_name, body, needle, code) => {
    const lines = [...HEAD, ...body];
    expect(reported(lines)).toEqual([[lineOf(lines, needle), code]]);
  });

  it('reports a number going backwards after a gap, each at its own line', () => {
    const lines = [...HEAD, '第一章　总则', '第一条　甲。', '第三条　丙。', '第二条　乙。'];
    expect(reported(lines)).toEqual([
      [lineOf(lines, '第三条'), 'numbering-gap'],
      [lineOf(lines, '第二条'), 'numbering-order'],
    ]);
  });

  it('keeps ids unique when a number repeats, and keeps the printed label', () => {
    const { draft } = importLines([
      ...HEAD,
      '第一章　总则',
      '第一条　甲。',
      '第一条　又一个甲。',
      '第二条　乙。',
    ]);
    expect(articlesOf(draft).map((a) => [a.id, a.label])).toEqual([
      ['art-1', '第一条'],
      ['art-1-1', '第一条'],
      ['art-2', '第二条'],
    ]);
  });

  it('reports articles before the first chapter once, and keeps them in a chapter of their own', () => {
    const lines = [...HEAD, '第一条　甲。', '第二条　乙。', '第一章　总则', '第三条　丙。'];
    const { draft, diagnostics } = importLines(lines);
    expect(diagnostics.map((d) => [d.line, d.code])).toEqual([
      [lineOf(lines, '第一条'), 'article-outside-chapter'],
    ]);
    expect(draft.chapters.map((c) => c.id)).toEqual(['ch-0', 'ch-1']);
    expect(articlesOf(draft).map((a) => a.id)).toEqual(['art-1', 'art-2', 'art-3']);
  });

  it('reports a section before any chapter', () => {
    const lines = [...HEAD, '第一节　一般规定', '第一条　甲。'];
    expect(reported(lines)).toEqual([[lineOf(lines, '第一节'), 'section-outside-chapter']]);
  });

  it.each([
    ['a malformed numeral', '第十十条　甲。'],
    ['a traditional character', '第二條　乙。'],
    ['a level the structure does not have', '第一编　总则'],
    ['a page number', '— 3 —'],
  ])('reports %s as an unrecognised line and keeps its text', (_name, odd) => {
    const lines = [...HEAD, '第一章　总则', '第一条　甲。', odd];
    const { draft, diagnostics } = importLines(lines);
    expect(diagnostics.map((d) => [d.line, d.code])).toEqual([[lineOf(lines, odd), 'unrecognised-line']]);
    expect(articlesOf(draft)[0]?.paragraphs.at(-1)?.text.replace(/\s/g, '')).toBe(odd.replace(/\s/g, ''));
  });

  it('reports text between a chapter heading and its first article, appending it to the title', () => {
    const lines = [...HEAD, '第一章　总则', '本章规定一般原则。', '第一条　甲。'];
    const { draft, diagnostics } = importLines(lines);
    expect(diagnostics.map((d) => [d.line, d.code])).toEqual([[lineOf(lines, '本章'), 'unrecognised-line']]);
    expect(draft.chapters[0]?.title).toBe('总则本章规定一般原则。');
  });

  it('takes a chapter title printed on the line after the label', () => {
    const { draft, diagnostics } = importLines([...HEAD, '第一章', '总则', '第一条　甲。']);
    expect(diagnostics).toEqual([]);
    expect(draft.chapters[0]?.title).toBe('总则');
  });

  it.each<[string, string[], string]>([
    ['（一） and (二)', ['第一条　下列：', '（一）甲；', '第二条　下列：', '(一)乙。'], '(一)'],
    [
      '1． and 1.',
      ['第一条　下列：', '（一）甲：', '1．子；', '第二条　下列：', '（一）乙：', '1.丑。'],
      '1.丑',
    ],
    ['第一条 and 第2条', ['第一条　甲。', '第2条　乙。'], '第2条'],
  ])('reports mixed numbering styles: %s', (_name, body, needle) => {
    const lines = [...HEAD, '第一章　总则', ...body];
    expect(reported(lines)).toEqual([[lineOf(lines, needle), 'mixed-numbering']]);
  });

  it('joins a wrapped line to the paragraph it continues and says so', () => {
    const lines = [
      ...HEAD,
      '第一章　总则',
      '第一条　为了加强城市公共交通安全管理，',
      '保障乘客安全，制定本条例。',
    ];
    const { draft, diagnostics } = importLines(lines);
    expect(diagnostics.map((d) => [d.line, d.code])).toEqual([[lineOf(lines, '保障乘客'), 'wrapped-line']]);
    expect(articlesOf(draft)[0]?.paragraphs).toEqual([
      { text: '为了加强城市公共交通安全管理，保障乘客安全，制定本条例。', items: [] },
    ]);
  });

  it('does not join across a blank line', () => {
    const { draft, diagnostics } = importLines([...HEAD, '第一章　总则', '第一条　甲', '', '乙。']);
    expect(diagnostics).toEqual([]);
    expect(articlesOf(draft)[0]?.paragraphs.map((p) => p.text)).toEqual(['甲', '乙。']);
  });

  it('reports an item with no paragraph to belong to', () => {
    const lines = [...HEAD, '第一章　总则', '第一条', '（一）甲；'];
    const { draft, diagnostics } = importLines(lines);
    expect(diagnostics.map((d) => [d.line, d.code])).toEqual([
      [lineOf(lines, '（一）'), 'item-outside-paragraph'],
    ]);
    expect(articlesOf(draft)[0]?.paragraphs).toEqual([{ text: '（一）甲；', items: [] }]);
  });

  it.each<[string, string[], string, DiagnosticCode]>([
    ['an empty article', ['第一章　总则', '第一条', '第二条　乙。'], '第一条', 'empty-article'],
    ['an empty chapter', ['第一章　总则', '第二章　附则', '第一条　甲。'], '第一章', 'empty-chapter'],
    ['a chapter without title', ['第一章', '第一条　甲。'], '第一章', 'missing-chapter-title'],
    [
      'an empty section',
      ['第一章　总则', '第一条　甲。', '第一节　空节', '第二节　一般规定', '第二条　乙。'],
      '空节',
      'empty-section',
    ],
    ['an empty explanatory note', ['第一章　总则', '第一条　甲。', '起草说明'], '起草说明', 'empty-note'],
  ])('reports %s', (_name, body, needle, code) => {
    const lines = [...HEAD, ...body];
    expect(reported(lines)).toContainEqual([lineOf(lines, needle), code]);
  });

  it('reports a missing stage and uses the default', () => {
    const { draft, diagnostics, synthetic } = importLines(['示例条例', '第一章　总则', '第一条　甲。']);
    expect(diagnostics.map((d) => [d.line, d.code])).toEqual([[1, 'missing-stage']]);
    expect(draft.stage).toBe('征求意见稿');
    expect(synthetic).toEqual(['/stage']);
  });

  it('takes the stage from the options without complaint', () => {
    const { draft, diagnostics } = importLines(['示例条例', '第一章　总则', '第一条　甲。'], {
      stage: '送审稿',
    });
    expect(diagnostics).toEqual([]);
    expect(draft.stage).toBe('送审稿');
  });

  it('reports a 目录 entry the text does not have', () => {
    const lines = [...HEAD, '目录', '第一章　总则', '第二章　附则', '第一章　总则', '第一条　甲。'];
    expect(reported(lines)).toEqual([[lineOf(lines, '第二章'), 'toc-mismatch']]);
  });

  it('gives every diagnostic a 1-based line, a code, a message and an excerpt of the line', () => {
    const { diagnostics } = importLines([...HEAD, '第一章　总则', '第一条　甲。', '第三条　丙。']);
    expect(diagnostics).toEqual([
      {
        line: 6,
        code: 'numbering-gap',
        message: '第三条 follows 第一条: 第二条 is missing',
        excerpt: '第三条　丙。',
      },
    ]);
  });
});

describe('strict mode', () => {
  it('refuses a draft with any diagnostic and lists them', () => {
    const lines = [...HEAD, '第一章　总则', '第一条　甲。', '第三条　丙。'];
    const error = catchError(() => importLines(lines, { strict: true }));
    expect(error).toBeInstanceOf(DraftImportError);
    expect(error).toMatchObject({ code: 'strict', line: 6 });
    expect((error as DraftImportError).diagnostics.map((d) => d.code)).toEqual(['numbering-gap']);
  });

  it('accepts a clean draft', () => {
    const { draft } = importLines([...HEAD, '第一章　总则', '第一条　甲。'], { strict: true });
    expect(articlesOf(draft)).toHaveLength(1);
  });
});

describe('refusals', () => {
  it('refuses a text without a title', () => {
    expect(catchError(() => importLines(['第一章　总则', '第一条　甲。']))).toMatchObject({
      code: 'no-title',
    });
  });

  it('uses a title from the options when the text has none', () => {
    const { draft, synthetic } = importLines(['第一章　总则', '第一条　甲。'], { title: '示例条例' });
    expect(draft.title).toBe('示例条例');
    expect(synthetic).toContain('/title');
  });

  it('refuses a text without articles', () => {
    expect(catchError(() => importLines(['示例条例', '（征求意见稿）', '第一章　总则']))).toMatchObject({
      code: 'no-articles',
    });
  });

  it('refuses an invalid draft id', () => {
    expect(
      catchError(() => importLines([...HEAD, '第一章　总则', '第一条　甲。'], { id: 'Bad Id' })),
    ).toMatchObject({
      code: 'invalid-draft',
    });
  });
});

function catchError(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
