import { describe, expect, it } from 'vitest';
import { importFile, importText } from '../../../shared/draft/importer/index.ts';
import { renderDraft } from '../../../shared/draft/render.ts';
import { articlesOf, Draft } from '../../../shared/draft/schema.ts';
import { longDraft } from '../../fixtures/drafts/generate.ts';
import { fixture, importLines } from './helpers.ts';

describe('importing a Chinese draft', () => {
  it('reads title, stage, chapters, sections, articles, items, sub-items and the 起草说明', async () => {
    // Act
    const { draft, diagnostics, stats } = await importFile(fixture('full-zh.txt'), { id: 'transit-safety' });

    // Assess
    expect(diagnostics).toEqual([]);
    expect(Draft.parse(draft)).toEqual(draft);
    expect(draft).toMatchObject({
      id: 'transit-safety',
      version: 1,
      lang: 'zh',
      title: '示例市城市公共交通安全管理条例',
      stage: '草案征求意见稿',
      preamble: [],
    });
    expect(draft.chapters.map((c) => [c.id, c.label, c.title])).toEqual([
      ['ch-1', '第一章', '总则'],
      ['ch-2', '第二章', '运营安全'],
      ['ch-3', '第三章', '法律责任'],
      ['ch-4', '第四章', '附则'],
    ]);
    expect(draft.chapters[1]?.sections.map((s) => [s.id, s.label, s.title])).toEqual([
      ['ch-2-sec-1', '第一节', '一般规定'],
      ['ch-2-sec-2', '第二节', '城市轨道交通'],
    ]);
    expect(articlesOf(draft).map((a) => a.id)).toEqual([
      'art-1',
      'art-2',
      'art-3',
      'art-3-1',
      'art-4',
      'art-5',
      'art-6',
      'art-7',
      'art-8',
      'art-9',
    ]);
    expect(stats).toMatchObject({ chapters: 4, sections: 2, articles: 10, suffixedArticles: 1, tocLines: 7 });
  });

  it('gives 第三条之一 the number 3, suffix 1 and id art-3-1', async () => {
    const { draft } = await importFile(fixture('full-zh.txt'), { id: 'transit-safety' });
    expect(articlesOf(draft).find((a) => a.id === 'art-3-1')).toEqual({
      id: 'art-3-1',
      number: 3,
      suffix: 1,
      label: '第三条之一',
      paragraphs: [
        { text: '区人民政府应当将城市公共交通安全纳入本级安全生产工作，保障所需经费。', items: [] },
      ],
    });
  });

  it('makes each further line of an article a paragraph (款), with its items (项) and sub-items (目)', async () => {
    const { draft } = await importFile(fixture('full-zh.txt'), { id: 'transit-safety' });
    const article4 = articlesOf(draft).find((a) => a.id === 'art-4');
    expect(article4?.paragraphs).toEqual([
      {
        text: '运营单位应当履行下列安全生产职责：',
        items: [
          { label: '（一）', text: '建立健全全员安全生产责任制；', subItems: [] },
          {
            label: '（二）',
            text: '按照规定提取和使用安全生产费用，并做好下列工作：',
            subItems: [
              { label: '1．', text: '设施设备的维护和更新；' },
              { label: '2．', text: '应急物资的储备；' },
            ],
          },
          { label: '（三）', text: '法律、法规规定的其他职责。', subItems: [] },
        ],
      },
      { text: '运营单位的主要负责人对本单位的安全生产工作全面负责。', items: [] },
    ]);
  });

  it('skips the 目录 and reports what it skipped', async () => {
    const { draft, cuts } = await importFile(fixture('full-zh.txt'), { id: 'transit-safety' });
    const toc = cuts.filter((c) => c.reason === 'toc');
    expect(toc.map((c) => c.line)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(toc[0]?.text).toBe('目录');
    expect(draft.chapters).toHaveLength(4);
  });

  it('attaches the 起草说明 as the explanatory note, headings paired with their paragraphs', async () => {
    const { draft } = await importFile(fixture('full-zh.txt'), { id: 'transit-safety' });
    expect(draft.explanatoryNote).toEqual({
      title: '关于《示例市城市公共交通安全管理条例（草案征求意见稿）》的起草说明',
      paragraphs: [
        {
          heading: '一、起草的必要性',
          text: '本市城市公共交通规模持续扩大，安全管理面临新的挑战，有必要制定专门的地方性法规。',
        },
        {
          heading: '二、起草过程',
          text: '市交通运输局在深入调研的基础上起草了本条例草案，并征求了有关部门的意见。',
        },
      ],
    });
  });

  it('does not read chapters or articles inside the 起草说明', () => {
    const { draft, diagnostics } = importLines([
      '示例条例',
      '（征求意见稿）',
      '第一章　总则',
      '第一条　本条例自公布之日起施行。',
      '起草说明',
      '第二章规定了运营安全。',
      '第十条　这一行在说明里，不是条文。',
    ]);
    expect(articlesOf(draft)).toHaveLength(1);
    expect(draft.chapters).toHaveLength(1);
    expect(draft.explanatoryNote?.paragraphs.map((p) => p.text)).toEqual([
      '第二章规定了运营安全。',
      '第十条　这一行在说明里，不是条文。',
    ]);
    expect(diagnostics).toEqual([]);
  });

  it.each([
    ['ideographic spaces U+3000', '第一章\u3000总\u3000\u3000则', '第一条\u3000为了规范管理，制定本条例。'],
    ['half-width spaces', '第一章 总 则', '第一条 为了规范管理，制定本条例。'],
    [
      'tabs and no-break spaces',
      '\t第一章\u00a0\u00a0总则',
      '\u3000\u3000第一条\t为了规范管理，制定本条例。',
    ],
    ['spaces inside the labels', '第 一 章　总则', '第 一 条　为了规范管理，制定本条例。'],
    [
      'trailing spaces and a zero-width space',
      '第一章　总则\u3000 ',
      '\u200b第一条　为了规范管理，制定本条例。  ',
    ],
  ])('reads labels and titles separated by %s', (_name, chapterLine, articleLine) => {
    const { draft, diagnostics } = importLines(['示例条例', '（征求意见稿）', chapterLine, articleLine]);
    expect(diagnostics).toEqual([]);
    expect(draft.chapters[0]).toMatchObject({ label: '第一章', title: '总则' });
    expect(articlesOf(draft)[0]).toMatchObject({
      id: 'art-1',
      label: '第一条',
      paragraphs: [{ text: '为了规范管理，制定本条例。' }],
    });
  });

  it('keeps the spaces inside running text that leave blanks for a date, but not the padding of titles', () => {
    const { draft } = importLines([
      '示例条例',
      '（征求意见稿）',
      '第一章　附　　则',
      '第一条　本条例自　　年　　月　　日起施行。',
      '（一）自    年  月  日起；',
    ]);
    expect(draft.chapters[0]?.title).toBe('附则');
    expect(articlesOf(draft)[0]?.paragraphs[0]).toEqual({
      text: '本条例自　　年　　月　　日起施行。',
      items: [{ label: '（一）', text: '自    年  月  日起；', subItems: [] }],
    });
  });

  it('reads a label that runs straight into its text when the number is the expected one', () => {
    const { draft } = importLines([
      '示例条例',
      '（征求意见稿）',
      '第一章总则',
      '第一条为了规范管理，制定本条例。',
      '第二条本条例适用于本市。',
      '第五条规定的情形除外。',
    ]);
    const articles = articlesOf(draft);
    expect(articles.map((a) => a.label)).toEqual(['第一条', '第二条']);
    // A paragraph that starts by citing another article is not a heading.
    expect(articles[1]?.paragraphs.map((p) => p.text)).toEqual([
      '本条例适用于本市。',
      '第五条规定的情形除外。',
    ]);
  });

  it('splits a title line that carries its stage: 条例（第二次征求意见稿） is version 2', () => {
    const { draft, versionFrom, cuts } = importLines([
      '示例市城市公共交通安全管理条例（第二次征求意见稿）',
      '第一章　总则',
      '第一条　为了规范管理，制定本条例。',
    ]);
    expect(draft).toMatchObject({
      title: '示例市城市公共交通安全管理条例',
      stage: '第二次征求意见稿',
      version: 2,
    });
    expect(versionFrom).toBe('stage');
    expect(cuts.map((c) => c.text)).toEqual(['（', '）']);
  });

  it('joins a title printed over two lines above the stage, and keeps the lines after as preamble', () => {
    const { draft } = importLines([
      '示例市城市公共交通',
      '安全管理条例',
      '（草案）',
      '（2026年3月1日市人民政府第十次常务会议讨论通过）',
      '第一章　总则',
      '第一条　为了规范管理，制定本条例。',
    ]);
    expect(draft).toMatchObject({
      title: '示例市城市公共交通安全管理条例',
      stage: '草案',
      preamble: ['（2026年3月1日市人民政府第十次常务会议讨论通过）'],
    });
  });

  it('keeps 附则 as an ordinary chapter', async () => {
    const { draft } = await importFile(fixture('full-zh.txt'), { id: 'transit-safety' });
    expect(draft.chapters.at(-1)).toMatchObject({ label: '第四章', title: '附则' });
  });

  it('wraps a draft without chapters in one chapter of its own, without complaint', () => {
    const { draft, diagnostics, synthetic } = importLines([
      '示例市电动自行车停放管理办法',
      '（征求意见稿）',
      '第一条　为了规范电动自行车停放，制定本办法。',
      '第二条　本办法自公布之日起施行。',
    ]);
    expect(diagnostics).toEqual([]);
    expect(draft.chapters).toHaveLength(1);
    expect(draft.chapters[0]).toMatchObject({
      id: 'ch-1',
      label: '正文',
      title: '示例市电动自行车停放管理办法',
    });
    expect(articlesOf(draft).map((a) => a.id)).toEqual(['art-1', 'art-2']);
    expect(synthetic).toEqual(['/chapters/0/label', '/chapters/0/title']);
  });

  it('reads Chinese numerals into the hundreds: 第一百零三条, 第二百一十条', () => {
    const lines = ['示例条例', '（征求意见稿）', '第一章　总则'];
    for (let n = 1; n <= 210; n += 1) {
      lines.push(`第${cn(n)}条　第${n}条的内容。`);
    }
    const { draft, diagnostics } = importLines(lines);
    expect(diagnostics).toEqual([]);
    const articles = articlesOf(draft);
    expect(articles).toHaveLength(210);
    expect(articles[102]).toMatchObject({ id: 'art-103', number: 103, label: '第一百零三条' });
    expect(articles[109]).toMatchObject({ id: 'art-110', label: '第一百一十条' });
    expect(articles[209]).toMatchObject({ id: 'art-210', label: '第二百一十条' });
  });

  it('imports a long draft of 120 articles with 节 and 之一 articles exactly as generated', () => {
    // Prepare
    const expected = longDraft({ lang: 'zh', articles: 120, id: 'long-draft' });
    const text = renderDraft(expected, { toc: true });

    // Act
    const { draft, diagnostics, stats } = importText(text, { id: 'long-draft' });

    // Assess
    expect(diagnostics).toEqual([]);
    expect(draft).toEqual(expected);
    expect(stats.articles).toBeGreaterThan(120);
    expect(stats.sections).toBeGreaterThan(0);
    expect(articlesOf(draft).at(-1)?.label).toBe('第一百二十条');
  });

  it('reads the Markdown version of a draft', async () => {
    const { draft, diagnostics } = await importFile(fixture('full-zh.md'), { id: 'transit-safety' });
    expect(diagnostics).toEqual([]);
    expect(draft.title).toBe('示例市城市公共交通安全管理条例');
    expect(draft.chapters.map((c) => c.title)).toEqual(['总则', '附则']);
    expect(articlesOf(draft)[0]?.paragraphs[0]?.text).toBe(
      '为了加强城市公共交通安全管理，保障乘客的人身财产安全，制定本条例。',
    );
    expect(articlesOf(draft)[1]?.paragraphs[0]?.items.map((i) => i.label)).toEqual(['（一）', '（二）']);
    expect(draft.explanatoryNote?.paragraphs).toEqual([
      { heading: '一、起草的必要性', text: '本市城市公共交通规模持续扩大，有必要制定本条例。' },
    ]);
  });
});

const DIGITS = '零一二三四五六七八九';
function cn(n: number): string {
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  let s = h > 0 ? `${DIGITS[h]}百` : '';
  if (t > 0) s += `${t === 1 && h === 0 ? '' : DIGITS[t]}十`;
  else if (h > 0 && u > 0) s += '零';
  if (u > 0) s += DIGITS[u];
  return s;
}
