/**
 * Whitespace and script helpers. Chinese documents mix the ideographic space U+3000, non-breaking spaces,
 * tabs and half-width spaces freely; none of them carry meaning inside Chinese text.
 */

/** Whitespace the importer ignores: JavaScript's `\s` (incl. U+3000, U+00A0, U+FEFF) plus the zero-width space and word joiner. */
export const WHITESPACE = /[\s\u200b\u2060]/u;
const WHITESPACE_RUN = /[\s\u200b\u2060]+/gu;
const WHITESPACE_GLOBAL = /[\s\u200b\u2060]/gu;

/**
 * The normal form used by the no-text-lost check: every whitespace character removed. Nothing else is
 * changed, so a dropped or altered character (punctuation included) is always noticed.
 */
export function normalizeForCheck(text: string): string {
  return text.replace(WHITESPACE_GLOBAL, '');
}

export function isBlank(text: string): boolean {
  return normalizeForCheck(text).length === 0;
}

/** Han ideographs, CJK punctuation and full-width forms. */
const CJK =
  /[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31bf\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/u;

export function isCjk(char: string | undefined): boolean {
  return char !== undefined && CJK.test(char);
}

/** Fraction of letters that are Han ideographs; above ~0.3 the text is Chinese. */
export function hanRatio(text: string): number {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
  return han + latin === 0 ? 0 : han / (han + latin);
}

/**
 * Tidies a heading, title or label: trims it, drops the padding offices put between the characters of short
 * Chinese titles (`总　　则` → `总则`), and makes any other run of whitespace one half-width space.
 */
export function tidy(text: string): string {
  return trimText(text).replace(WHITESPACE_RUN, (run, offset: number, whole: string) => {
    const before = whole[offset - 1];
    const after = whole[offset + run.length];
    return isCjk(before) && isCjk(after) ? '' : ' ';
  });
}

/**
 * Tidies running text (款, 项, 目, preamble, note): only the ends are trimmed. Spaces inside carry meaning in
 * drafts — `本条例自　　年　月　日起施行` leaves blanks for a date yet to be fixed — so they stay as printed.
 */
export function trimText(text: string): string {
  return text.replace(/^[\s\u200b\u2060]+|[\s\u200b\u2060]+$/gu, '');
}

/** Joins a wrapped line onto the text before it: no space inside Chinese text, one space otherwise. */
export function joinWrapped(before: string, after: string): string {
  const last = before.at(-1);
  const first = after[0];
  return isCjk(last) || isCjk(first) ? `${before}${after}` : `${before} ${after}`;
}

/** Whether the text has a letter or ideograph, as opposed to only digits, punctuation and symbols. */
export function hasWords(text: string): boolean {
  return /[\p{L}]/u.test(text);
}

/** Sentence-final or list-final punctuation; a line ending otherwise may continue on the next line. */
export function endsClause(text: string, lang: 'zh' | 'en'): boolean {
  return lang === 'zh' ? /[。；：！？…”」』）)】\].;:!?"]$/u.test(text) : /[.;:!?)\]"'”’。；：]$/u.test(text);
}
