/**
 * The rules for what a citizen may send, in one place for both sides of the browser boundary: the
 * server's schemas (comment.ts), the comment form and lookup scripts, and the site's messages import
 * them from here. Keep this module free of zod, Node and DOM imports so that the site bundle can carry it.
 */

export const MAX_BODY_CHARS = 5000;
export const MAX_WORDING_CHARS = 5000;
export const MAX_DISPLAY_NAME_CHARS = 40;
/** RFC 5321's limit on a forward path. */
export const MAX_EMAIL_CHARS = 254;
export const MAX_PHONE_CHARS = 30;

/**
 * Stable codes of field errors (`errors[].code` in a problem document). Clients translate these; the
 * English `detail` beside them is for developers and may change.
 */
export const FIELD_ERROR_CODES = [
  'required',
  'invalid-type',
  'invalid-choice',
  'invalid-format',
  'too-long',
  'blank',
  'unknown-field',
  'unknown-article',
  'control-characters',
  'bidi-override',
  'lone-surrogate',
  'name-required',
  'invalid',
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export function isFieldErrorCode(value: unknown): value is FieldErrorCode {
  return typeof value === 'string' && (FIELD_ERROR_CODES as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------------
// Text fields

// C0 controls other than tab, line feed and carriage return, DEL, and C1 controls: never meaningful in a
// comment, and a classic way to corrupt exports and logs.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// Bidi overrides and isolates can make displayed text differ from stored text.
const BIDI_OVERRIDES = /[\u202A-\u202E\u2066-\u2069]/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one: not text at all
// (JSON's `\ud800` escape can carry one), and it breaks UTF-8 encoders downstream.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Line and paragraph separators: line breaks to people, but invisible in most editors, literal
// terminators in older JavaScript and stray row breaks in CSV exports. Stored as a plain line feed.
const LINE_SEPARATORS = /[\u2028\u2029]/g;

/**
 * Characters that show nothing: soft hyphen, combining grapheme joiner, Arabic letter mark, Hangul
 * fillers, zero-width space/non-joiner/joiner, left-to-right and right-to-left marks, word joiner,
 * invisible operators, deprecated format characters, zero-width no-break space (BOM) and tag characters.
 * They let one text be sent as many different strings, so they are removed; a zero-width joiner inside
 * an emoji sequence (👩‍💻) and tag characters inside an emoji flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿) are kept, where they draw something.
 */
const INVISIBLE =
  '\\u00AD\\u034F\\u061C\\u115F\\u1160\\u200B-\\u200F\\u2060-\\u2064\\u206A-\\u206F\\u3164\\uFEFF\\uFFA0\\u{E0000}-\\u{E007F}';
const EMOJI = '\\p{Extended_Pictographic}(?:\\uFE0F|[\\u{1F3FB}-\\u{1F3FF}])?';
const KEEP_OR_STRIP = new RegExp(
  `(${EMOJI}(?:\\u200D${EMOJI})+|\\u{1F3F4}[\\u{E0020}-\\u{E007E}]+\\u{E007F})|[${INVISIBLE}]`,
  'gu',
);
// For the form-letter key, everything that does not change what a reader sees: the invisible
// characters above even inside emoji, and variation selectors.
const INVISIBLE_FOR_KEY = new RegExp(`[${INVISIBLE}\\uFE00-\\uFE0F\\u{E0100}-\\u{E01EF}]`, 'gu');

/**
 * A text field as stored: line and paragraph separators become line feeds and invisible characters are
 * removed. Everything else is kept as typed (no NFKC: full-width punctuation is normal in Chinese).
 */
export function cleanText(text: string): string {
  return text.replace(LINE_SEPARATORS, '\n').replace(KEEP_OR_STRIP, (_match, keep?: string) => keep ?? '');
}

/** Counts characters as people do: code points, so an emoji or a CJK character is one. */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export type TextProblem = 'lone-surrogate' | 'control-characters' | 'bidi-override' | 'too-long';

/** The first thing wrong with a text field (given as cleaned by `cleanText`), or undefined. */
export function textProblem(text: string, maxChars: number): TextProblem | undefined {
  if (LONE_SURROGATE.test(text)) return 'lone-surrogate';
  if (CONTROL_CHARS.test(text)) return 'control-characters';
  if (BIDI_OVERRIDES.test(text)) return 'bidi-override';
  if (charCount(text) > maxChars) return 'too-long';
  return undefined;
}

/** Blank as people see it: nothing but whitespace (ideographic space included) once cleaned. */
export function isBlank(text: string): boolean {
  return cleanText(text).trim() === '';
}

/**
 * The text of a comment reduced to what makes it the same letter: compatibility forms folded (NFKC:
 * full-width letters and digits, ligatures), case folded, invisible characters and all whitespace
 * removed. Two copies of a form letter that differ only in these get the same key.
 */
export function formLetterText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFKC')
    .replace(INVISIBLE_FOR_KEY, '')
    .replace(/\s+/gu, '');
}

// ---------------------------------------------------------------------------------------------------
// Contact details

/** The same address syntax as zod's `z.email()` (a practical subset of RFC 5321). */
export const EMAIL_PATTERN =
  /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

/**
 * 5–20 digits, optionally after a `+`, with spaces, dashes and brackets between them:
 * `+86 138 0013 8000`, `(010) 6512-3456`, `0755-12345678-123`.
 */
export const PHONE_PATTERN = /^\+?(?:[ ()-]*[0-9]){5,20}[ ()-]*$/;

export function isEmail(value: string): boolean {
  return value.length <= MAX_EMAIL_CHARS && EMAIL_PATTERN.test(value);
}

export function isPhone(value: string): boolean {
  return value.length <= MAX_PHONE_CHARS && PHONE_PATTERN.test(value);
}

// ---------------------------------------------------------------------------------------------------
// Receipts

/** No 0/O, 1/I/L: a receipt is read aloud over the phone and typed from paper. */
export const RECEIPT_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const RECEIPT_LENGTH = 12;
export const RECEIPT_PATTERN = /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;
// What people put between the groups: spaces and dashes of every width. Other punctuation is refused
// rather than guessed at: `ABCD.EFGH` is more likely a mistyped value than a receipt.
const RECEIPT_SEPARATORS = /[\s\-‐‑‒–—―−]/gu;

/** `ABCDEFGHJKMN` → `ABCD-EFGH-JKMN`. */
export function formatReceipt(raw: string): string {
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
}

/**
 * Accepts what people type (lower case, full-width letters from a Chinese input method, spaces, missing
 * or extra separators) and returns the canonical receipt, or undefined when the input cannot be one.
 */
export function normalizeReceipt(input: string): string | undefined {
  // Bound the work before normalising: a receipt is never long, whatever surrounds it.
  if (input.length > 64) return undefined;
  const compact = input.normalize('NFKC').toUpperCase().replace(RECEIPT_SEPARATORS, '');
  if (compact.length !== RECEIPT_LENGTH) return undefined;
  for (const ch of compact) if (!RECEIPT_ALPHABET.includes(ch)) return undefined;
  return formatReceipt(compact);
}
