/** A source text as the importer sees it: numbered lines, whatever file format they came from. */

export const SOURCE_FORMATS = ['txt', 'md', 'docx'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

export type SourceLine = {
  /** 1-based line of a text file; for .docx the 1-based non-empty paragraph. */
  line: number;
  text: string;
  /**
   * The line certainly starts a new paragraph (a .docx paragraph). Lines of text files, and lines after a
   * manual line break in Word, may instead be a wrapped continuation of the line before.
   */
  hardStart?: boolean;
  /** A .docx paragraph numbered by Word's list numbering, whose number is not in the text. */
  autoNumbered?: boolean;
};

export type SourceText = {
  format: SourceFormat;
  lines: SourceLine[];
  /** Character encoding of a text file (`utf-8`, `utf-16le`, `gb18030`). */
  encoding?: string;
  /** What a line number counts, for messages: `line` or `paragraph`. */
  unit: 'line' | 'paragraph';
};

/** Splits text into 1-based lines on LF, CRLF, CR and the Unicode line/paragraph separators. */
export function splitLines(text: string): SourceLine[] {
  return text.split(/\r\n|[\n\r\u2028\u2029\u0085]/).map((line, i) => ({ line: i + 1, text: line }));
}
