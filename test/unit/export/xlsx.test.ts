import { describe, expect, it } from 'vitest';
import { INTERNAL_COLUMNS, PUBLIC_COLUMNS } from '../../../shared/export/columns.ts';
import type { ExportRecord } from '../../../shared/export/model.ts';
import { toInternalRow, toPublicRow } from '../../../shared/export/rows.ts';
import { writeXlsx } from '../../../shared/export/xlsx.ts';
import { ARTICLES, maskDigits, memoryOut, pagesOf, readXlsx, record } from './factories.ts';

/** Comments on three articles, out of article order, with every status and a form-letter cluster. */
function consultation(): ExportRecord[] {
  return [
    record({ comment: { articleId: 'art-12', body: '第十二条的驾驶员连续驾驶时间应当细化。' } }),
    record({ comment: { articleId: 'art-2', stance: 'support', body: '赞成“安全第一”的原则。' } }),
    record({
      comment: { articleId: 'art-2', status: 'rejected', body: '含有人身攻击的内容' },
      moderationReason: '含有侮辱性言论',
    }),
    record({ comment: { articleId: null, status: 'spam', body: '低价代开发票' }, moderationReason: '广告' }),
    ...Array.from({ length: 4 }, () =>
      record({
        comment: { articleId: 'art-12', stance: 'oppose', body: '反对延长运营时间！' },
        cluster: { id: 'c-1', size: 4 },
        response: {
          decision: 'partly-adopted',
          reason: '已在第十二条中增加休息时间的规定。',
          scope: 'cluster',
        },
      }),
    ),
    record({
      comment: { articleId: 'art-2', status: 'pending', body: '=1+1' },
      contact: { email: 'a@example.cn' },
    }),
  ];
}

describe('XLSX', () => {
  it('has one row per comment received, rejected and spam included, with headers and Chinese intact', async () => {
    // Prepare
    const records = consultation();
    const out = memoryOut();

    // Act
    const result = await writeXlsx(
      pagesOf(records.map((r) => toInternalRow(r, ARTICLES))),
      INTERNAL_COLUMNS,
      out,
    );

    // Assess
    const sheets = await readXlsx(out.bytes());
    expect([...sheets.keys()]).toEqual(['意见 Comments', '按条文汇总 By article']);
    const comments = sheets.get('意见 Comments') ?? [];
    const headers = comments[0] ?? [];
    expect(headers).toEqual(INTERNAL_COLUMNS.map((c) => c.header));
    expect(result.rows).toBe(records.length);
    expect(comments).toHaveLength(records.length + 1);
    const column = (key: string) =>
      comments.slice(1).map((r) => r[INTERNAL_COLUMNS.findIndex((c) => c.key === key)]);
    expect(column('commentId')).toEqual(records.map((r) => r.comment.id));
    expect(column('body')).toEqual(records.map((r) => r.comment.body));
    expect(column('status')).toEqual([
      '已公开',
      '已公开',
      '不予公开',
      '垃圾信息',
      '已公开',
      '已公开',
      '已公开',
      '已公开',
      '待审核',
    ]);
    expect(column('moderationReason')).toContain('含有侮辱性言论');
    expect(column('contactEmail')).toContain('a@example.cn');
    expect(column('responseDecision').filter((d) => d === '部分采纳')).toHaveLength(4);
    // A text that looks like a formula stays text: the writer emits typed strings, never formulas.
    expect(column('body')).toContain('=1+1');
  });

  it('summarises per article in the draft’s order, general comments first, with clusters collapsed', async () => {
    const out = memoryOut();
    await writeXlsx(pagesOf(consultation().map((r) => toInternalRow(r, ARTICLES))), INTERNAL_COLUMNS, out);

    const summary = (await readXlsx(out.bytes())).get('按条文汇总 By article') ?? [];
    const headers = summary[0] ?? [];
    const at = (row: unknown[] | undefined, header: string) => row?.[headers.indexOf(header)];
    expect(summary.slice(1).map((r) => r[0])).toEqual(['总体意见', '第二条', '第十二条']);
    const art12 = summary[3];
    expect(at(art12, '意见数 Comments')).toBe(5);
    expect(at(art12, '合并同类后 Collapsed')).toBe(2);
    expect(at(art12, '同类意见组 Clusters')).toBe(1);
    expect(at(art12, '反对 oppose')).toBe(4);
    expect(at(art12, '已答复 Answered')).toBe(4);
    const art2 = summary[2];
    expect(at(art2, '不予公开 rejected')).toBe(1);
    expect(at(art2, '待审核 pending')).toBe(1);
    expect(at(summary[1], '垃圾信息 spam')).toBe(1);
  });

  it('public: published comments only, the public columns only, no status columns in the summary', async () => {
    const out = memoryOut();
    const rows = consultation().flatMap((r) => toPublicRow(r, ARTICLES, maskDigits) ?? []);
    await writeXlsx(pagesOf(rows), PUBLIC_COLUMNS, out);

    const sheets = await readXlsx(out.bytes());
    const comments = sheets.get('意见 Comments') ?? [];
    expect(comments[0]).toEqual(PUBLIC_COLUMNS.map((c) => c.header));
    expect(comments).toHaveLength(6 + 1);
    const summaryHeaders = sheets.get('按条文汇总 By article')?.[0] ?? [];
    expect(summaryHeaders.some((h) => String(h).includes('rejected'))).toBe(false);
  });

  it('continues on a further sheet when a sheet is full, losing no row', async () => {
    const records = consultation();
    const out = memoryOut();
    await writeXlsx(pagesOf(records.map((r) => toInternalRow(r, ARTICLES))), INTERNAL_COLUMNS, out, {
      rowsPerSheet: 4,
    });

    const sheets = await readXlsx(out.bytes());
    expect([...sheets.keys()]).toEqual([
      '意见 Comments',
      '意见 Comments 2',
      '意见 Comments 3',
      '按条文汇总 By article',
    ]);
    const ids = ['意见 Comments', '意见 Comments 2', '意见 Comments 3'].flatMap((name) =>
      (sheets.get(name) ?? []).slice(1).map((r) => r[0]),
    );
    expect(ids).toEqual(records.map((r) => r.comment.id));
  });
});
