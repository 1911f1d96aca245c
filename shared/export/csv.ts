import type { Writable } from 'node:stream';
import type { Cell, Column } from './columns.ts';
import type { ExportRow } from './rows.ts';
import { close, type Progress, put } from './sink.ts';

// Excel reads a CSV without a byte order mark in the system code page (GBK on Chinese Windows).
const BOM = '\uFEFF';
const CRLF = '\r\n';
// OWASP's list of characters that make a spreadsheet read a cell as a formula (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** A text cell that a spreadsheet will show as text: a leading formula character is escaped with `'`. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One field per RFC 4180: quoted when it holds a quote, comma or line break; quotes doubled. */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = neutralise(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Streams rows to CSV page by page: only one page is held at a time, and each page waits for the
 * destination to take it. Ends `out`.
 */
export async function writeCsv<R extends ExportRow>(
  pages: AsyncIterable<readonly R[]>,
  columns: readonly Column<R>[],
  out: Writable,
  onProgress?: Progress,
): Promise<{ rows: number }> {
  await put(out, BOM + columns.map((c) => csvField(c.header)).join(',') + CRLF);
  let rows = 0;
  for await (const page of pages) {
    let chunk = '';
    for (const row of page) {
      let line = '';
      for (let i = 0; i < columns.length; i++) {
        const column = columns[i];
        if (column === undefined) continue;
        line += (i === 0 ? '' : ',') + csvField(column.cell(row));
      }
      chunk += line + CRLF;
    }
    rows += page.length;
    await put(out, chunk);
    onProgress?.(rows);
  }
  await close(out);
  return { rows };
}
