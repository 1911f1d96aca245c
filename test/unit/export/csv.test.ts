import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INTERNAL_COLUMNS, PUBLIC_COLUMNS } from '../../../shared/export/columns.ts';
import { csvField, neutralise, writeCsv } from '../../../shared/export/csv.ts';
import { writeNdjson } from '../../../shared/export/ndjson.ts';
import { toInternalRow, toPublicRow } from '../../../shared/export/rows.ts';
import { ARTICLES, maskDigits, memoryOut, pagesOf, parseCsv, record } from './factories.ts';

const bodyColumn = INTERNAL_COLUMNS.findIndex((c) => c.key === 'body');

async function csvOf(bodies: string[]): Promise<{ text: string; records: string[][] }> {
  const rows = bodies.map((body) => toInternalRow(record({ comment: { body } }), ARTICLES));
  const out = memoryOut();
  await writeCsv(pagesOf(rows), INTERNAL_COLUMNS, out);
  const text = out.text();
  return { text, records: parseCsv(text.slice(1)) };
}

describe('CSV', () => {
  it('starts with a UTF-8 byte order mark, ends every record with CRLF and keeps Chinese intact', async () => {
    // Act
    const { text, records } = await csvOf(['建议增设无障碍设施，方便老年人乘车。']);

    // Assess
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '').includes('\n')).toBe(false);
    expect(records[0]).toEqual(INTERNAL_COLUMNS.map((c) => c.header));
    expect(records[1]?.[bodyColumn]).toBe('建议增设无障碍设施，方便老年人乘车。');
    expect(records[1]?.[records[0]?.indexOf('条文 Article') ?? -1]).toBe('第三条');
  });

  it.each([
    ['=HYPERLINK("http://evil.example","点此")', `'=HYPERLINK("http://evil.example","点此")`],
    ['+86 10 1234', "'+86 10 1234"],
    ["-2+3+cmd|' /C calc'!A0", `'-2+3+cmd|' /C calc'!A0`],
    ['@SUM(1+1)*cmd', "'@SUM(1+1)*cmd"],
    ['\t=1+1', "'\t=1+1"],
    ['\r\n=1+1', "'\r\n=1+1"],
    ['＝全角等号不是公式', '＝全角等号不是公式'],
    ['a=1', 'a=1'],
  ])('neutralises a cell starting with a formula character: %j', async (body, expected) => {
    const { records } = await csvOf([body]);
    expect(records[1]?.[bodyColumn]).toBe(expected);
    expect(neutralise(body)).toBe(expected);
  });

  it('leaves numbers alone (a negative number is a number, not a formula)', () => {
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
  });

  it('round-trips any text with quotes, commas and line breaks through an RFC 4180 parser', async () => {
    const tricky = fc.string({
      unit: fc.constantFrom('"', ',', '\r', '\n', '\r\n', ' ', 'a', '意', '见', '，', '“', '='),
      maxLength: 30,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          tricky.filter((s) => s.trim() !== ''),
          { minLength: 1, maxLength: 8 },
        ),
        async (bodies) => {
          const { records } = await csvOf(bodies);
          expect(records).toHaveLength(bodies.length + 1);
          expect(records.slice(1).map((r) => r[bodyColumn])).toEqual(bodies.map(neutralise));
          for (const r of records) expect(r).toHaveLength(INTERNAL_COLUMNS.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('writes as many records as it is given rows, across pages, and reports progress per page', async () => {
    const rows = Array.from({ length: 10 }, () => toInternalRow(record(), ARTICLES));
    const out = memoryOut();
    const progress: number[] = [];
    const result = await writeCsv(pagesOf(rows, 4), INTERNAL_COLUMNS, out, (n) => progress.push(n));
    expect(result.rows).toBe(10);
    expect(parseCsv(out.text().slice(1))).toHaveLength(11);
    expect(progress).toEqual([4, 8, 10]);
  });
});

describe('NDJSON', () => {
  it('writes one object per line with the variant’s keys, codes and Beijing time', async () => {
    // Prepare
    const rows = [
      record({
        comment: {
          stance: 'oppose',
          submittedAt: '2026-11-25T16:30:00.000Z',
          publishName: true,
          displayName: '李四',
        },
      }),
      record({ comment: { status: 'rejected' } }),
    ].flatMap((r) => toPublicRow(r, ARTICLES, maskDigits) ?? []);
    const out = memoryOut();

    // Act
    await writeNdjson(pagesOf(rows), PUBLIC_COLUMNS, out);

    // Assess
    const lines = out
      .text()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(Object.keys(lines[0])).toEqual(PUBLIC_COLUMNS.map((c) => c.key));
    expect(lines[0]).toMatchObject({
      stance: 'oppose',
      article: 'art-3',
      displayName: '李四',
      submittedAt: '2026-11-26T00:30:00+08:00',
    });
  });
});
