/** What the importer reports about a source text. Each diagnostic points at a 1-based source line. */

export const DIAGNOSTIC_CODES = {
  /** A number was skipped: 第八条 follows 第六条. */
  numberingGap: 'numbering-gap',
  /** A number was used twice. */
  numberingRepeat: 'numbering-repeat',
  /** A number goes backwards without repeating an earlier one. */
  numberingOrder: 'numbering-order',
  /** 第X条 before the first 第X章 in a draft that has chapters. */
  articleOutsideChapter: 'article-outside-chapter',
  /** 第X节 before the first 第X章. */
  sectionOutsideChapter: 'section-outside-chapter',
  /** A line the importer could not place in the structure (malformed label, lone symbols, stray text). */
  unrecognisedLine: 'unrecognised-line',
  /** The same kind of label printed two ways: （一） and (一), 1. and 1．, 第1条 and 第一条. */
  mixedNumbering: 'mixed-numbering',
  /** A line without closing punctuation was joined with the next one. */
  wrappedLine: 'wrapped-line',
  /** An item (项) with no paragraph (款) to belong to. */
  itemOutsideParagraph: 'item-outside-paragraph',
  emptyArticle: 'empty-article',
  emptySection: 'empty-section',
  emptyChapter: 'empty-chapter',
  emptyNote: 'empty-note',
  missingChapterTitle: 'missing-chapter-title',
  /** No 征求意见稿/草案 marker: the stage was set from the options or a default. */
  missingStage: 'missing-stage',
  /** A 目录 entry that does not match a chapter or section of the text. */
  tocMismatch: 'toc-mismatch',
  /** A .docx paragraph numbered by Word itself: its number is not part of the text and cannot be read. */
  autoNumbering: 'auto-numbering',
} as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[keyof typeof DIAGNOSTIC_CODES];

export type Diagnostic = {
  /** 1-based line of the source (for .docx: the paragraph, counting non-empty paragraphs). */
  line: number;
  code: DiagnosticCode;
  message: string;
  /** The start of the offending line, to find it in a word processor. */
  excerpt?: string;
};

export const IMPORT_ERROR_CODES = {
  /** The output's text differs from the source's text: the importer would have lost or invented text. */
  textLost: 'text-lost',
  noTitle: 'no-title',
  noArticles: 'no-articles',
  /** The result did not pass the Draft schema. */
  invalidDraft: 'invalid-draft',
  /** Strict mode and at least one diagnostic. */
  strict: 'strict',
  unreadable: 'unreadable',
} as const;

export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[keyof typeof IMPORT_ERROR_CODES];

/** The importer refuses to produce a draft. */
export class DraftImportError extends Error {
  override readonly name = 'DraftImportError';
  readonly code: ImportErrorCode;
  readonly line: number | undefined;
  readonly diagnostics: readonly Diagnostic[];

  constructor(
    code: ImportErrorCode,
    message: string,
    details: { line?: number; diagnostics?: readonly Diagnostic[]; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.line = details.line;
    this.diagnostics = details.diagnostics ?? [];
  }
}

/** `line 12: numbering-gap: 第八条 follows 第六条 (第七条 is missing)` */
export function formatDiagnostic(d: Diagnostic, unit = 'line'): string {
  const excerpt = d.excerpt === undefined ? '' : `\n    ${d.excerpt}`;
  return `${unit} ${d.line}: ${d.code}: ${d.message}${excerpt}`;
}

export function excerptOf(text: string, max = 40): string {
  const chars = [...text.trim()];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}
