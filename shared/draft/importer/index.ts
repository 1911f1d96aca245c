/**
 * The draft importer: from an office's .txt, .md or .docx to the structured `Draft` the site renders.
 * Reader (file → numbered lines) → classifier (line → heading / article / item / text) → builder (state
 * machine → structure + diagnostics) → schema validation → no-text-lost check.
 */
export { type Cut, DECORATION, draftFields, expectedText, findTextLoss, outputText } from './check.ts';
export { classifyLine, type LineClass } from './classify.ts';
export {
  DIAGNOSTIC_CODES,
  type Diagnostic,
  type DiagnosticCode,
  DraftImportError,
  formatDiagnostic,
  IMPORT_ERROR_CODES,
  type ImportErrorCode,
} from './diagnostics.ts';
export {
  detectLang,
  type ImportOptions,
  type ImportResult,
  type ImportStats,
  importDraft,
  importFile,
  importText,
} from './import.ts';
export {
  formatChineseNumeral,
  formatLetter,
  formatRoman,
  parseChineseNumeral,
  parseLabelNumber,
  parseLetter,
  parseRoman,
} from './numerals.ts';
export {
  decodeText,
  formatOf,
  readDocx,
  readMd,
  readSource,
  readSourceFile,
  readTxt,
} from './readers/index.ts';
export { SOURCE_FORMATS, type SourceFormat, type SourceLine, type SourceText, splitLines } from './source.ts';
export { normalizeForCheck } from './text.ts';
