import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMENT_STATUSES, STANCES } from '../../../shared/comment/comment.ts';
import { PUBLIC_COLUMNS } from '../../../shared/export/columns.ts';
import { compile } from '../../../shared/export/compilation.ts';
import { writeCsv } from '../../../shared/export/csv.ts';
import { writeDocx } from '../../../shared/export/docx.ts';
import type { ExportRecord } from '../../../shared/export/model.ts';
import { writeNdjson } from '../../../shared/export/ndjson.ts';
import { type InternalRow, type PublicRow, toInternalRow, toPublicRow } from '../../../shared/export/rows.ts';
import { writeXlsx } from '../../../shared/export/xlsx.ts';
import { ARTICLES, docxText, maskDigits, memoryOut, pagesOf, readXlsx } from './factories.ts';

// Private values carry a marker no public text can contain by chance, so finding one anywhere in a
// public file can only mean it leaked.
const secret = (kind: string) => fc.uuid().map((u) => `SECRET-${kind}-${u}`);

const text = fc.string({
  unit: fc.constantFrom('意', '见', '，', '"', ',', '\n', '=', '-', 'a', ' ', '第', '条'),
  minLength: 1,
  maxLength: 40,
});

/** A comment with private values in every private place; its body is private too unless published. */
const commentArb = fc
  .record({
    n: fc.nat(),
    status: fc.constantFrom(...COMMENT_STATUSES),
    stance: fc.constantFrom(...STANCES),
    article: fc.constantFrom(null, 'art-1', 'art-5', 'art-12', 'art-99'),
    body: text,
    wording: fc.option(text, { nil: null }),
    publishName: fc.boolean(),
    name: fc.option(fc.constantFrom('张三', '李四'), { nil: null }),
    receipt: secret('RECEIPT'),
    email: secret('EMAIL'),
    phone: secret('PHONE'),
    hiddenName: secret('NAME'),
    hiddenBody: secret('BODY'),
    reason: secret('REASON'),
    cluster: fc.option(fc.constantFrom('c-1', 'c-2'), { nil: null }),
  })
  .map((c): ExportRecord => {
    const published = c.status === 'published';
    return {
      comment: {
        id: '',
        receipt: c.receipt,
        articleId: c.article,
        draftVersion: 1,
        stance: c.stance,
        body: published ? c.body : `${c.body}${c.hiddenBody}`,
        proposedWording: published ? c.wording : c.hiddenBody,
        // An unconsented name is private; a consented one is the author's choice to publish.
        displayName: c.publishName ? c.name : c.hiddenName,
        publishName: c.publishName,
        status: c.status,
        submittedAt: new Date(Date.UTC(2026, 10, 25) + c.n * 1000).toISOString(),
      },
      moderationReason: c.reason,
      contact: { email: c.email, phone: c.phone },
      cluster: c.cluster === null ? null : { id: c.cluster, size: 3 },
      response: null,
    };
  });

const consultationArb = fc
  .array(commentArb, { minLength: 1, maxLength: 25 })
  .map((records) =>
    records.map((r, i) => ({ ...r, comment: { ...r.comment, id: `01J${String(i).padStart(8, '0')}` } })),
  );

async function publicFiles(records: ExportRecord[]): Promise<{ format: string; text: string }[]> {
  const rows = () =>
    pagesOf(
      records.flatMap((r) => toPublicRow(r, ARTICLES, maskDigits) ?? []),
      4,
    );
  const csv = memoryOut();
  await writeCsv(rows(), PUBLIC_COLUMNS, csv);
  const ndjson = memoryOut();
  await writeNdjson(rows(), PUBLIC_COLUMNS, ndjson);
  const xlsx = memoryOut();
  await writeXlsx(rows(), PUBLIC_COLUMNS, xlsx);
  const docx = memoryOut();
  await writeDocx(
    await compile(rows(), ARTICLES),
    { draftTitle: '草案', window: '—', variant: 'public' },
    docx,
  );
  const sheets = await readXlsx(xlsx.bytes());
  return [
    { format: 'csv', text: csv.text() },
    { format: 'json', text: ndjson.text() },
    { format: 'xlsx', text: JSON.stringify([...sheets.values()]) },
    { format: 'docx', text: await docxText(docx.bytes()) },
  ];
}

describe('public variant', () => {
  it('never carries a receipt, contact data, an unconsented name, a reason or an unpublished text', async () => {
    await fc.assert(
      fc.asyncProperty(consultationArb, async (records) => {
        for (const file of await publicFiles(records)) {
          expect({ format: file.format, leaked: file.text.match(/SECRET-[A-Z]+-[0-9a-f-]+/)?.[0] }).toEqual({
            format: file.format,
            leaked: undefined,
          });
        }
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it('still carries every published comment, so the property above is not met by writing nothing', async () => {
    await fc.assert(
      fc.asyncProperty(consultationArb, async (records) => {
        const published = records.filter((r) => r.comment.status === 'published');
        const [csv, ndjson] = await publicFiles(records);
        expect(ndjson?.text.split('\n').filter(Boolean)).toHaveLength(published.length);
        for (const r of published) expect(csv?.text).toContain(r.comment.id);
      }),
      { numRuns: 15 },
    );
  }, 60_000);

  it('masks personal data typed into the text, the wording and a consented name', () => {
    const row = toPublicRow(
      {
        comment: {
          id: 'x',
          receipt: 'R',
          articleId: null,
          draftVersion: 1,
          stance: 'other',
          body: '请致电13912345678',
          proposedWording: '联系13912345678',
          displayName: '张13912345678',
          publishName: true,
          status: 'published',
          submittedAt: '2026-11-25T00:00:00.000Z',
        },
        moderationReason: null,
        contact: null,
        cluster: null,
        response: null,
      },
      ARTICLES,
      maskDigits,
    );
    expect([row?.body, row?.proposedWording, row?.displayName]).toEqual(['请致电***', '联系***', '张***']);
  });

  it('is a separate type: an internal row cannot be used as a public one', () => {
    const internal = toInternalRow(
      {
        comment: {
          id: 'x',
          receipt: 'R',
          articleId: null,
          draftVersion: 1,
          stance: 'other',
          body: 'b',
          proposedWording: null,
          displayName: null,
          publishName: false,
          status: 'published',
          submittedAt: '2026-11-25T00:00:00.000Z',
        },
        moderationReason: null,
        contact: { email: 'a@b.cn' },
        cluster: null,
        response: null,
      },
      ARTICLES,
    );
    // @ts-expect-error the variant tags differ, so TypeScript refuses the assignment (npm run typecheck)
    const leaked: PublicRow = internal;
    const asInternal: InternalRow = internal;
    expect(leaked.variant).toBe('internal');
    expect(asInternal.contactEmail).toBe('a@b.cn');
    const publicKeys = PUBLIC_COLUMNS.map((c) => c.key);
    for (const key of [
      'receipt',
      'contactEmail',
      'contactPhone',
      'moderationReason',
      'status',
      'publishName',
    ])
      expect(publicKeys).not.toContain(key);
  });
});
