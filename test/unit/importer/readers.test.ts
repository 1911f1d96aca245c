import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DraftImportError,
  decodeText,
  importDraft,
  importFile,
  readDocx,
  readTxt,
} from '../../../shared/draft/importer/index.ts';
import { htmlToLines } from '../../../shared/draft/importer/readers/docx.ts';
import { stripMarkup } from '../../../shared/draft/importer/readers/md.ts';
import { articlesOf } from '../../../shared/draft/schema.ts';
import { makeDocx, ORDINANCE_V1 } from '../../fixtures/drafts/make-docx.ts';

describe('.docx', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yijian-docx-'));
    await writeFile(join(dir, 'ordinance.docx'), await makeDocx(ORDINANCE_V1));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('imports an office-formatted ordinance: bold labels, centred headings, 目录 with page numbers', async () => {
    // Act
    const { draft, diagnostics, stats, unit } = await importFile(join(dir, 'ordinance.docx'), {
      id: 'e-bike',
    });

    // Assess
    expect(diagnostics).toEqual([]);
    expect(unit).toBe('paragraph');
    expect(draft).toMatchObject({ title: '示例市电动自行车管理条例', stage: '征求意见稿', lang: 'zh' });
    expect(draft.chapters.map((c) => c.title)).toEqual([
      '总则',
      '生产与销售',
      '登记与通行',
      '法律责任',
      '附则',
    ]);
    expect(draft.chapters[2]?.sections.map((s) => s.title)).toEqual(['登记', '通行']);
    expect(stats).toMatchObject({ articles: 16, tocLines: 8, items: 9, subItems: 2, noteParagraphs: 3 });
    expect(articlesOf(draft)[0]?.paragraphs[0]?.text).toMatch(/^为了加强电动自行车管理/);
  });

  it('splits a paragraph at manual line breaks: two articles typed in one Word paragraph', async () => {
    const { draft } = await importFile(join(dir, 'ordinance.docx'), { id: 'e-bike' });
    expect(
      articlesOf(draft)
        .slice(-2)
        .map((a) => [a.label, a.paragraphs.length]),
    ).toEqual([
      ['第十五条', 1],
      ['第十六条', 1],
    ]);
  });

  it('counts diagnostic lines in paragraphs', async () => {
    const bytes = await makeDocx([
      '示例条例',
      '（征求意见稿）',
      '第一章　总则',
      '第一条　甲。',
      '第三条　丙。',
    ]);
    const { diagnostics } = importDraft(await readDocx(bytes), { id: 'test-draft' });
    expect(diagnostics.map((d) => [d.line, d.code])).toEqual([[5, 'numbering-gap']]);
  });

  it("reports paragraphs numbered by Word's list numbering, whose numbers the text does not contain", async () => {
    const bytes = await makeDocx([
      '示例条例',
      '（征求意见稿）',
      '第一章　总则',
      '第一条　为了规范管理，制定本条例。',
      { text: '本条例自公布之日起施行。', autoNumbered: true },
    ]);
    const { diagnostics } = importDraft(await readDocx(bytes), { id: 'test-draft' });
    expect(diagnostics.map((d) => [d.line, d.code])).toEqual([[5, 'auto-numbering']]);
  });

  it('explains a draft whose every article Word numbers itself', async () => {
    const bytes = await makeDocx([
      '示例条例',
      '（征求意见稿）',
      { text: '为了规范管理，制定本条例。', autoNumbered: true },
      { text: '本条例自公布之日起施行。', autoNumbered: true },
    ]);
    const error = await Promise.resolve()
      .then(async () => importDraft(await readDocx(bytes), { id: 'test-draft' }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'no-articles' });
    expect((error as DraftImportError).diagnostics.map((d) => d.code)).toEqual([
      'auto-numbering',
      'auto-numbering',
    ]);
  });

  it('refuses a file that is not a .docx', async () => {
    await expect(readDocx(new TextEncoder().encode('not a zip'))).rejects.toMatchObject({
      name: 'DraftImportError',
      code: 'unreadable',
    });
  });

  it('refuses an unknown extension with a hint', async () => {
    await expect(importFile(join(dir, 'draft.doc'), { id: 'x-draft' })).rejects.toBeInstanceOf(
      DraftImportError,
    );
  });
});

describe('mammoth HTML to lines', () => {
  it('makes one line per block, splits at <br />, decodes entities and drops footnote back-links', () => {
    const html =
      '<p>第一条　甲&amp;乙<br />第二条　丙</p><h2>第二章</h2><ol><li>自动<ol><li>嵌套</li></ol></li></ol>' +
      '<ol><li id="footnote-1"><p>注释 <a href="#footnote-ref-1">↑</a></p></li></ol>';
    expect(htmlToLines(html)).toEqual([
      { line: 1, text: '第一条　甲&乙', hardStart: true },
      { line: 1, text: '第二条　丙' },
      { line: 2, text: '第二章', hardStart: true },
      { line: 3, text: '自动', hardStart: true, autoNumbered: true },
      { line: 4, text: '嵌套', hardStart: true, autoNumbered: true },
      { line: 5, text: '注释 ', hardStart: true },
    ]);
  });
});

describe('.md', () => {
  it.each([
    ['# 示例条例', '示例条例'],
    ['## 第一章　总　　则 ##', '第一章　总　　则'],
    ['**第一条**　为了规范管理。', '第一条　为了规范管理。'],
    ['> （一）引用的项；', '（一）引用的项；'],
    ['- 列表项', '列表项'],
    ['1. 目的标签保留', '1. 目的标签保留'],
    ['见[附件](a.pdf)和`代码`', '见附件和代码'],
    ['---', ''],
    ['====', ''],
    ['转义\\*星号\\*', '转义*星号*'],
    ['*强调*与_强调_', '强调与强调'],
  ])('reads %j as %j', (markdown, text) => {
    expect(stripMarkup(markdown)).toBe(text);
  });
});

describe('.txt', () => {
  const GB18030 =
    'cabec0fdccf5c0fd0d0aa3a8d5f7c7f3d2e2bcfbb8e5a3a90d0ab5dad2bbd5c2a1a1d7dcd4f20d0ab5dad2bbccf5a1a1ceaac1cbb9e6b7b6b9dcc0eda3acd6c6b6a8b1beccf5c0fda1a30d0a';

  it('reads GB18030 text with CRLF line ends, as Chinese Windows editors save it', () => {
    const bytes = Uint8Array.from(GB18030.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
    const source = readTxt(bytes);
    expect(source.encoding).toBe('gb18030');
    const { draft } = importDraft(source, { id: 'test-draft' });
    expect(draft.title).toBe('示例条例');
    expect(articlesOf(draft)[0]?.paragraphs[0]?.text).toBe('为了规范管理，制定本条例。');
  });

  it.each([
    ['UTF-8 with BOM', [0xef, 0xbb, 0xbf, ...new TextEncoder().encode('第一条')], 'utf-8'],
    ['UTF-16LE with BOM', [0xff, 0xfe, 0x2c, 0x7b, 0x00, 0x4e, 0x61, 0x67], 'utf-16le'],
  ])('decodes %s', (_name, bytes, encoding) => {
    expect(decodeText(Uint8Array.from(bytes))).toEqual({ text: '第一条', encoding });
  });
});
