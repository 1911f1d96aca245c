import { EventEmitter, once } from 'node:events';
import type { Writable } from 'node:stream';
import { setImmediate } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import type { Column } from './columns.ts';
import type { ExportRow } from './rows.ts';
import type { Progress } from './sink.ts';
import { SummaryBuilder, summaryTable } from './summary.ts';

// Excel's limit is 1,048,576 rows a sheet; the header takes one.
const ROWS_PER_SHEET = 1_048_575;
// How far XML generation may run ahead of compression before the writer waits (see backlogOf).
const MAX_BACKLOG_BYTES = 4 * 1024 * 1024;

/**
 * The options measured with 1,000,000 rows (bench/export.ts): inline strings (a shared-string table holds
 * every distinct text until the end), no styles (exceljs then works out a style for every cell, about a
 * third of the writer's time, for nothing but a bold header), and deflate level 1, which is faster than
 * level 6 here for a file about 25% larger. Memory is kept flat by the backpressure below, not by options.
 */
export const XLSX_WRITER_OPTIONS = {
  useSharedStrings: false,
  useStyles: false,
  zip: { zlib: { level: 1 } },
} as const;

export interface XlsxOptions {
  /** Name of the comments sheet; further sheets (past Excel's row limit) get a number. */
  commentsSheet?: string;
  summarySheet?: string;
  onProgress?: Progress;
  /** Rows per comments sheet before continuing on the next; Excel's limit unless a test lowers it. */
  rowsPerSheet?: number;
  /**
   * false only for the benchmark that shows why it is on: without waiting for compression, a million
   * rows take about a gigabyte.
   */
  backpressure?: boolean;
  /** The writer's options, for the benchmark that compares them; XLSX_WRITER_OPTIONS otherwise. */
  writerOptions?: { useSharedStrings: boolean; useStyles: boolean; zip: { zlib: { level: number } } };
}

/**
 * exceljs writes each row into an in-memory buffer that archiver drains through zlib, and never tells
 * the caller to wait: fed faster than zlib compresses, it buffers the whole sheet (about 1.2 GB for a
 * million rows). The only signal is the stream archiver pipes the sheet into, reached through exceljs's
 * internals; if a future version moves it, this throws at once instead of silently using all memory.
 */
function backlogOf(worksheet: object): { pending(): number; drained(): Promise<unknown> } {
  const stream: unknown = Reflect.get(worksheet, 'stream');
  const pipes: unknown =
    typeof stream === 'object' && stream !== null ? Reflect.get(stream, 'pipes') : undefined;
  const target: unknown = Array.isArray(pipes) ? pipes[0] : undefined;
  const state: unknown = target instanceof EventEmitter ? Reflect.get(target, '_writableState') : undefined;
  if (!(target instanceof EventEmitter) || typeof state !== 'object' || state === null)
    throw new Error('exceljs internals changed: cannot find the sheet stream to apply backpressure');
  return {
    pending: () => Number(Reflect.get(state, 'length')),
    drained: () => once(target, 'drain'),
  };
}

/**
 * Streams rows into an XLSX workbook: a comments sheet (continued on further sheets past Excel's row
 * limit) and a per-article summary sheet written at the end from counts gathered on the way. Waits for
 * compression after each page, so memory stays flat whatever the number of rows. Ends `out`.
 */
export async function writeXlsx<R extends ExportRow>(
  pages: AsyncIterable<readonly R[]>,
  columns: readonly Column<R>[],
  out: Writable,
  options: XlsxOptions = {},
): Promise<{ rows: number }> {
  const writerOptions = options.writerOptions ?? XLSX_WRITER_OPTIONS;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: writerOptions.useSharedStrings,
    useStyles: writerOptions.useStyles,
    zip: { zlib: { level: writerOptions.zip.zlib.level } },
  });
  const commentsName = options.commentsSheet ?? '意见 Comments';
  const openSheet = (n: number) => {
    const sheet = workbook.addWorksheet(n === 1 ? commentsName : `${commentsName} ${n}`, {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
    if (writerOptions.useStyles) sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    return { sheet, backlog: backlogOf(sheet), rows: 0 };
  };

  const summary = new SummaryBuilder();
  let sheets = 1;
  let current = openSheet(sheets);
  const rowsPerSheet = options.rowsPerSheet ?? ROWS_PER_SHEET;
  let rows = 0;
  for await (const page of pages) {
    for (const row of page) {
      if (current.rows === rowsPerSheet) {
        current.sheet.commit();
        sheets += 1;
        current = openSheet(sheets);
      }
      current.sheet.addRow(columns.map((c) => c.cell(row))).commit();
      current.rows += 1;
      summary.add(row);
    }
    rows += page.length;
    options.onProgress?.(rows);
    if (options.backpressure === false) continue;
    // A page is written in one synchronous run; a turn of the event loop lets archiver hand zlib its next
    // chunks, so compression on the thread pool overlaps the next page even when the source never waits.
    await setImmediate();
    while (current.backlog.pending() > MAX_BACKLOG_BYTES) await current.backlog.drained();
  }
  current.sheet.commit();

  // Rows carry their variant, but an empty export has none to look at: the columns say it either way.
  const table = summaryTable(columns.some((c) => c.key === 'status'));
  const sheet = workbook.addWorksheet(options.summarySheet ?? '按条文汇总 By article', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = table.headers.map((h) => ({ header: h.header, width: h.width }));
  if (writerOptions.useStyles) sheet.getRow(1).font = { bold: true };
  for (const article of summary.result()) sheet.addRow(table.values(article)).commit();
  sheet.commit();
  await workbook.commit();
  return { rows };
}
