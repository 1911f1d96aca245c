import {
  type ImportOptions,
  type ImportResult,
  importDraft,
  readTxt,
} from '../../../shared/draft/importer/index.ts';

/** Imports the given lines as a .txt file would give them. */
export function importLines(lines: readonly string[], options: Partial<ImportOptions> = {}): ImportResult {
  return importDraft(readTxt(lines.join('\n')), { id: 'test-draft', ...options });
}

/** 1-based line number of the first line that contains `needle`. */
export function lineOf(lines: readonly string[], needle: string): number {
  const index = lines.findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`no line contains ${needle}`);
  return index + 1;
}

export const fixture = (name: string) => new URL(`../../fixtures/drafts/${name}`, import.meta.url).pathname;
