import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { DraftImportError } from '../diagnostics.ts';
import type { SourceFormat, SourceText } from '../source.ts';
import { readDocx } from './docx.ts';
import { readMd } from './md.ts';
import { readTxt } from './txt.ts';

export { readDocx } from './docx.ts';
export { readMd } from './md.ts';
export { decodeText, readTxt } from './txt.ts';

/** The reader for a file name: `.txt`, `.text`, `.md`, `.markdown` or `.docx`. */
export function formatOf(path: string): SourceFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.txt' || ext === '.text') return 'txt';
  if (ext === '.md' || ext === '.markdown') return 'md';
  if (ext === '.docx') return 'docx';
  return undefined;
}

export async function readSource(bytes: Uint8Array, format: SourceFormat): Promise<SourceText> {
  if (format === 'docx') return readDocx(bytes);
  if (format === 'md') return readMd(bytes);
  return readTxt(bytes);
}

/** Reads a draft file, choosing the reader by its extension. */
export async function readSourceFile(path: string): Promise<SourceText> {
  const format = formatOf(path);
  if (format === undefined) {
    throw new DraftImportError(
      'unreadable',
      `cannot read ${extname(path) || 'files without an extension'}: use .txt, .md or .docx (save .doc and .wps files as .docx first)`,
    );
  }
  return readSource(await readFile(path), format);
}
