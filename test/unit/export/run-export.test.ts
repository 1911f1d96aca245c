import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileTarget } from '../../../shared/export/file-target.ts';
import type { ExportFormat, ExportRecord } from '../../../shared/export/model.ts';
import type { ExportSource, ExportTarget } from '../../../shared/export/ports.ts';
import { runExport } from '../../../shared/export/run-export.ts';
import { ARTICLES, maskDigits, pagesOf, parseCsv, readXlsx, record } from './factories.ts';

const COMMENTS = Array.from({ length: 2_500 }, (_, i) =>
  record({
    comment: {
      status: i % 10 === 0 ? 'rejected' : 'published',
      body: `第${i}条意见，含“引号”、逗号,和\n换行`,
    },
  }),
);

/** The store's paging; on the first attempt it fails after `failAfterPages` pages, like a worker that crashes. */
function flakySource(records: readonly ExportRecord[], failAfterPages: number | null): ExportSource {
  return {
    count: async () => records.length,
    async *pages() {
      let served = 0;
      for await (const page of pagesOf(records, 100)) {
        if (failAfterPages !== null && served === failAfterPages) throw new Error('injected: worker crashed');
        served += 1;
        yield page;
      }
    },
  };
}

/** A worker that dies outright runs no clean-up: its part stays behind. */
function dyingTarget(target: ExportTarget): ExportTarget {
  return {
    async open() {
      const part = await target.open();
      return { stream: part.stream, commit: () => part.commit(), abort: async () => {} };
    },
  };
}

async function idsIn(format: ExportFormat, bytes: Buffer): Promise<unknown[]> {
  if (format === 'csv')
    return parseCsv(bytes.toString('utf8').slice(1))
      .slice(1)
      .map((r) => r[0]);
  if (format === 'json')
    return bytes
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l).commentId);
  const sheets = await readXlsx(bytes);
  return (sheets.get('意见 Comments') ?? []).slice(1).map((r) => r[0]);
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'yijian-export-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const request = (format: ExportFormat) => ({
  format,
  variant: 'internal' as const,
  heading: { draftTitle: '草案', window: '—' },
});

describe('an export retried after a crash', () => {
  it.each(['csv', 'json', 'xlsx'] as const)(
    '%s: publishes nothing when it fails midway, then one complete file with no duplicated rows',
    async (format) => {
      // Prepare
      const name = `job-1.${format}`;
      const progress: number[] = [];
      const deps = (failAfterPages: number | null) => ({
        source: flakySource(COMMENTS, failAfterPages),
        target: fileTarget(dir, name),
        articles: ARTICLES,
        mask: maskDigits,
        onProgress: (n: number) => progress.push(n),
      });

      // Act: the first attempt crashes after 12 of 25 pages.
      await expect(runExport(request(format), deps(12))).rejects.toThrow('injected');

      // Assess: nothing published, the part thrown away.
      expect(await readdir(dir)).toEqual([]);
      expect(progress.at(-1)).toBe(1_200);

      // Act: the retry.
      const result = await runExport(request(format), deps(null));

      // Assess
      expect(await readdir(dir)).toEqual([name]);
      const ids = await idsIn(format, await readFile(join(dir, name)));
      expect(ids).toHaveLength(COMMENTS.length);
      expect(new Set(ids).size).toBe(COMMENTS.length);
      expect(ids).toEqual(COMMENTS.map((c) => c.comment.id));
      expect(result).toMatchObject({
        read: COMMENTS.length,
        rows: COMMENTS.length,
        location: join(dir, name),
      });
    },
  );

  it('still ends with one complete file when the crashed worker left its part behind', async () => {
    const name = 'job-2.csv';
    const deps = (failAfterPages: number | null, target: ExportTarget) => ({
      source: flakySource(COMMENTS, failAfterPages),
      target,
      articles: ARTICLES,
      mask: maskDigits,
    });

    await expect(runExport(request('csv'), deps(7, dyingTarget(fileTarget(dir, name))))).rejects.toThrow();
    const leftover = await readdir(dir);
    expect(leftover).toHaveLength(1);
    expect(leftover[0]).toMatch(/^\.job-2\.csv\..+\.part$/);

    await runExport(request('csv'), deps(null, fileTarget(dir, name)));

    const visible = (await readdir(dir)).filter((f) => !f.startsWith('.'));
    expect(visible).toEqual([name]);
    const ids = await idsIn('csv', await readFile(join(dir, name)));
    expect(ids).toEqual(COMMENTS.map((c) => c.comment.id));
  });

  it('refuses a source that repeats a comment, and publishes nothing', async () => {
    const first = COMMENTS[0];
    if (first === undefined) throw new Error('no comments');
    const repeated = [...COMMENTS.slice(0, 150), first, ...COMMENTS.slice(150)];

    await expect(
      runExport(request('csv'), {
        source: flakySource(repeated, null),
        target: fileTarget(dir, 'job-3.csv'),
        articles: ARTICLES,
        mask: maskDigits,
      }),
    ).rejects.toThrow('out of order');
    expect(await readdir(dir)).toEqual([]);
  });

  it('public variant: reads every comment, writes the published ones, and asks the store for no contact data', async () => {
    const asked: boolean[] = [];
    const source = flakySource(COMMENTS, null);
    const result = await runExport(
      { ...request('json'), variant: 'public' },
      {
        source: {
          count: source.count,
          pages: (options) => {
            asked.push(options.includeContact);
            return source.pages(options);
          },
        },
        target: fileTarget(dir, 'job-4.ndjson'),
        articles: ARTICLES,
        mask: maskDigits,
      },
    );
    expect(asked).toEqual([false]);
    expect(result).toMatchObject({ read: 2_500, rows: 2_250 });
  });
});
