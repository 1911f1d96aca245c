import type { Writable } from 'node:stream';
import type { Column } from './columns.ts';
import type { ExportRow } from './rows.ts';
import { close, type Progress, put } from './sink.ts';

/**
 * Streams rows as newline-delimited JSON, one object per comment with the variant's column keys only
 * (codes rather than labels, ISO times). Ends `out`.
 */
export async function writeNdjson<R extends ExportRow>(
  pages: AsyncIterable<readonly R[]>,
  columns: readonly Column<R>[],
  out: Writable,
  onProgress?: Progress,
): Promise<{ rows: number }> {
  let rows = 0;
  for await (const page of pages) {
    let chunk = '';
    for (const row of page) {
      const object: Record<string, unknown> = {};
      for (const column of columns) object[column.key] = column.json ? column.json(row) : column.cell(row);
      chunk += `${JSON.stringify(object)}\n`;
    }
    rows += page.length;
    await put(out, chunk);
    onProgress?.(rows);
  }
  await close(out);
  return { rows };
}
