import { describe, expect, it } from 'vitest';
import { compile } from '../../../shared/export/compilation.ts';
import { writeDocx } from '../../../shared/export/docx.ts';
import type { ExportRecord } from '../../../shared/export/model.ts';
import { type ExportRow, toInternalRow, toPublicRow } from '../../../shared/export/rows.ts';
import { ARTICLES, docxText, maskDigits, memoryOut, pagesOf, record, zipEntry } from './factories.ts';

const FORM_LETTER = '强烈反对取消夜班公交线路，请保留第二十路夜班车！';

function consultation(): ExportRecord[] {
  return [
    record({
      comment: { articleId: 'art-20', body: '第二十条应当明确末班车时间的公示方式。', displayName: '王五' },
    }),
    ...Array.from({ length: 50 }, (_, i) =>
      record({
        comment: {
          articleId: 'art-7',
          stance: 'oppose',
          body: FORM_LETTER,
          status: i < 45 ? 'published' : 'pending',
        },
        cluster: { id: 'c-night-bus', size: 50 },
        response:
          i === 0 ? { decision: 'adopted', reason: '保留夜班线路，并写入第七条。', scope: 'cluster' } : null,
      }),
    ),
    record({ comment: { articleId: 'art-7', body: '建议第七条增加对驾驶员的心理健康检查。' } }),
    record({
      comment: { articleId: 'art-7', status: 'rejected', body: '这条规定就是胡闹' },
      moderationReason: '含有不文明用语',
    }),
    record({ comment: { articleId: 'art-7', status: 'spam', body: '加微信领红包' } }),
    record({ comment: { articleId: null, body: '总体上支持本条例的出台。', stance: 'support' } }),
    record({
      comment: { articleId: 'art-20', body: '末班车时间应当提前公告。' },
      response: { decision: 'noted', reason: '将在配套规定中明确。', scope: 'article' },
    }),
  ];
}

async function docxOf(
  variant: 'internal' | 'public',
): Promise<{ text: string; xml: string; entries: number; comments: number }> {
  const records = consultation();
  const rows: ExportRow[] =
    variant === 'internal'
      ? records.map((r) => toInternalRow(r, ARTICLES))
      : records.flatMap((r) => toPublicRow(r, ARTICLES, maskDigits) ?? []);
  const out = memoryOut();
  const groups = await compile(pagesOf(rows, 7), ARTICLES);
  const result = await writeDocx(
    groups,
    { draftTitle: '城市公共交通安全管理条例（草案）', window: '2026年11月25日至2026年12月25日', variant },
    out,
  );
  return { text: await docxText(out.bytes()), xml: zipEntry(out.bytes(), 'word/document.xml'), ...result };
}

describe('DOCX 意见汇总表', () => {
  it('is laid out on landscape A4 with a header row repeated on every page', async () => {
    const { xml } = await docxOf('internal');
    expect(xml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
    expect(xml).toContain('<w:tblHeader/>');
  });

  it('lists articles in the draft’s order with their text, general comments first', async () => {
    const { text } = await docxOf('internal');
    expect(text).toContain('《城市公共交通安全管理条例（草案）》征求意见汇总表');
    const general = text.indexOf('总体意见');
    const art7 = text.indexOf('第七条（');
    const art20 = text.indexOf('第二十条（');
    expect(general).toBeGreaterThan(-1);
    expect(art7).toBeGreaterThan(general);
    expect(art20).toBeGreaterThan(art7);
    // The article's own text follows its label.
    expect(text.slice(art7, art20)).toContain(ARTICLES.lookup(1, 'art-7').text.split('\n')[0]?.slice(4));
  });

  it('collapses a form-letter cluster into one row with its count and its response', async () => {
    const { text, entries, comments } = await docxOf('internal');
    expect(text.split(FORM_LETTER)).toHaveLength(2);
    expect(text).toContain('【同类意见 50 条，以下为其中一条】');
    expect(text).toContain('保留夜班线路，并写入第七条。');
    expect(text).toContain('〔审核：待审核 5，已公开 45〕');
    expect(text).not.toContain('〔审核：已公开〕');
    // 1 general + cluster + 2 singles on art-7 + 2 on art-20; spam counted, not listed.
    expect(entries).toBe(6);
    expect(comments).toBe(consultation().length);
    expect(text).toContain('共收到意见 56 条，合并同类意见后 7 条');
  });

  it('internal: shows rejected comments with their reason and counts spam without its text', async () => {
    const { text } = await docxOf('internal');
    expect(text).toContain('这条规定就是胡闹');
    expect(text).toContain('不予公开；理由：含有不文明用语');
    expect(text).toContain('另有垃圾信息 1 条，未列出正文。');
    expect(text).not.toContain('加微信领红包');
    expect(text).toContain('王五');
  });

  it('shows a response written for a whole article once, under the article', async () => {
    const { text } = await docxOf('public');
    expect(text.split('将在配套规定中明确。')).toHaveLength(2);
    expect(text).toContain('对第二十条的答复');
  });

  it('public: published comments only, no moderation details, names only with consent', async () => {
    const { text } = await docxOf('public');
    expect(text).toContain('【同类意见 45 条，以下为其中一条】');
    expect(text).not.toContain('这条规定就是胡闹');
    expect(text).not.toContain('审核');
    expect(text).not.toContain('王五');
    expect(text).toContain('（公开版）');
  });
});
