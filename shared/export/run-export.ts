import type { Writable } from 'node:stream';
import type { Column } from './columns.ts';
import { INTERNAL_COLUMNS, PUBLIC_COLUMNS } from './columns.ts';
import { compile } from './compilation.ts';
import { writeCsv } from './csv.ts';
import { type CompilationHeading, writeDocx } from './docx.ts';
import type { ArticleIndex, ExportFormat, ExportRecord, ExportVariant } from './model.ts';
import { writeNdjson } from './ndjson.ts';
import type { ExportSource, ExportTarget } from './ports.ts';
import { type ExportRow, type TextMask, toInternalRow, toPublicRow } from './rows.ts';
import type { Progress } from './sink.ts';
import { writeXlsx } from './xlsx.ts';

export interface ExportRequest {
  format: ExportFormat;
  variant: ExportVariant;
  heading: Omit<CompilationHeading, 'variant'>;
}

export interface ExportDeps {
  source: ExportSource;
  target: ExportTarget;
  articles: ArticleIndex;
  /** Masks personal data typed into comment text, for the public variant. */
  mask: TextMask;
  /** Comments read so far; the job record's `processed`. */
  onProgress?: Progress;
}

export interface ExportResult {
  location: string;
  bytes: number;
  /** Comments read from the store. */
  read: number;
  /** Rows written: equal to `read` for the internal variant, the published ones for the public variant. */
  rows: number;
}

/**
 * Refuses a source that repeats or reorders comments. Ascending ids are what make a retried export
 * identical to an uninterrupted one; checking them costs one string, where a set of seen ids would grow
 * with the export.
 */
async function* ascending(
  pages: AsyncIterable<readonly ExportRecord[]>,
  counter: { read: number },
  onProgress?: Progress,
): AsyncGenerator<readonly ExportRecord[]> {
  let previous = '';
  for await (const page of pages) {
    for (const record of page) {
      if (record.comment.id <= previous)
        throw new Error(`export source out of order: ${record.comment.id} after ${previous}`);
      previous = record.comment.id;
    }
    counter.read += page.length;
    yield page;
    onProgress?.(counter.read);
  }
}

async function* project<R extends ExportRow>(
  pages: AsyncIterable<readonly ExportRecord[]>,
  toRow: (record: ExportRecord) => R | undefined,
): AsyncGenerator<readonly R[]> {
  for await (const page of pages) {
    const rows: R[] = [];
    for (const record of page) {
      const row = toRow(record);
      if (row !== undefined) rows.push(row);
    }
    yield rows;
  }
}

async function write<R extends ExportRow>(
  request: ExportRequest,
  rows: AsyncIterable<readonly R[]>,
  columns: readonly Column<R>[],
  deps: ExportDeps,
  out: Writable,
): Promise<number> {
  switch (request.format) {
    case 'csv':
      return (await writeCsv(rows, columns, out)).rows;
    case 'json':
      return (await writeNdjson(rows, columns, out)).rows;
    case 'xlsx':
      return (await writeXlsx(rows, columns, out)).rows;
    case 'docx': {
      const groups = await compile(rows, deps.articles);
      return (await writeDocx(groups, { ...request.heading, variant: request.variant }, out)).comments;
    }
  }
}

/**
 * Runs one export attempt from the first comment to a published file. An attempt either publishes one
 * complete file or publishes nothing (its part is thrown away), so a job retried after a crash — even
 * one that died without cleaning up — ends with exactly one complete file and no repeated rows.
 */
export async function runExport(request: ExportRequest, deps: ExportDeps): Promise<ExportResult> {
  const part = await deps.target.open();
  const counter = { read: 0 };
  try {
    const records = ascending(
      deps.source.pages({ includeContact: request.variant === 'internal' }),
      counter,
      deps.onProgress,
    );
    const rows =
      request.variant === 'internal'
        ? await write(
            request,
            project(records, (r) => toInternalRow(r, deps.articles)),
            INTERNAL_COLUMNS,
            deps,
            part.stream,
          )
        : await write(
            request,
            project(records, (r) => toPublicRow(r, deps.articles, deps.mask)),
            PUBLIC_COLUMNS,
            deps,
            part.stream,
          );
    const published = await part.commit();
    return { ...published, read: counter.read, rows };
  } catch (error) {
    await part.abort();
    throw error;
  }
}
