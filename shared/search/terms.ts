import { normaliseQuery } from './normalise.ts';
import type { Segmenter } from './segmenter.ts';

// A run of Han characters, or a run of other letters, digits and marks (Latin words, numbers, kana…).
const RUNS = /\p{Script=Han}+|[[\p{L}\p{N}\p{M}]--\p{Script=Han}]+/gv;
const HAN_RUN = /^\p{Script=Han}+$/v;
const WORD_CHAR = /^[[\p{L}\p{N}\p{M}]--\p{Script=Han}]$/v;
const SURROGATE = /[\uD800-\uDFFF]/;

/** The terms a document is indexed under. `words` and `grams` are separate vocabularies. */
export interface DocumentTerms {
  /** Words: jieba's search-mode Han words and lower-cased non-Han words (no stemming). */
  words: Set<string>;
  /** Every pair of adjacent Han characters, for the phrases segmentation does not produce. */
  grams: Set<string>;
}

function chars(run: string): string[] {
  // Characters outside the BMP (CJK Extension B and later) are two UTF-16 units.
  return SURROGATE.test(run) ? Array.from(run) : run.split('');
}

export function bigrams(hanRun: string): string[] {
  const c = chars(hanRun);
  const out: string[] = [];
  for (let i = 0; i + 1 < c.length; i++) out.push(`${c[i]}${c[i + 1]}`);
  return out;
}

export function isHanRun(text: string): boolean {
  return HAN_RUN.test(text);
}

/** Whether a character (one code point) belongs to a non-Han word, where an English word may not start or end. */
export function isWordChar(char: string | undefined): boolean {
  return char !== undefined && WORD_CHAR.test(char);
}

/** Terms of an already normalised text. */
export function documentTerms(normalised: string, segmenter: Segmenter): DocumentTerms {
  const words = new Set<string>();
  const grams = new Set<string>();
  for (const match of normalised.matchAll(RUNS)) {
    const run = match[0];
    if (isHanRun(run)) for (const g of bigrams(run)) grams.add(g);
    else words.add(run);
  }
  if (grams.size > 0 || /\p{Script=Han}/u.test(normalised)) {
    for (const token of segmenter.cutForSearch(normalised)) if (isHanRun(token)) words.add(token);
  }
  return { words, grams };
}

/**
 * One part of a query: a whitespace-separated chunk or a quoted phrase. A document matches a chunk when it
 * has every required term and its normalised text contains the chunk's text (checked unless `exact`).
 */
export interface QueryChunk {
  /** The normalised chunk, without leading or trailing punctuation. */
  text: string;
  /** Required non-Han words. */
  words: string[];
  /** Required Han bigrams (none for a single Han character). */
  grams: string[];
  /**
   * jieba's precise segmentation of the chunk's Han runs. A document that has all of them as words matched
   * by segmentation; one that only contains the characters matched by the bigram fallback.
   */
  segments: string[];
  /** The required terms alone decide the match (a single word, or two Han characters). */
  exact: boolean;
  /** The chunk starts (ends) inside a non-Han word: the match must not continue a longer word there. */
  wordStart: boolean;
  wordEnd: boolean;
}

// A phrase in straight or curly double quotes, or any run of non-space characters.
const CHUNKS = /"([^"]*)"|“([^”]*)”|([^\s"“”]+)/gu;
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}\p{M}]+|[^\p{L}\p{N}\p{M}]+$/gu;

export function parseQuery(query: string, segmenter: Segmenter): QueryChunk[] {
  const chunks: QueryChunk[] = [];
  const seen = new Set<string>();
  for (const match of normaliseQuery(query).matchAll(CHUNKS)) {
    const text = (match[1] ?? match[2] ?? match[3] ?? '').replace(EDGE_PUNCTUATION, '').trim();
    if (text === '' || seen.has(text)) continue;
    seen.add(text);
    const runs = [...text.matchAll(RUNS)].map((m) => m[0]);
    if (runs.length === 0) continue;
    const words: string[] = [];
    const grams: string[] = [];
    const segments: string[] = [];
    for (const run of runs) {
      if (isHanRun(run)) {
        grams.push(...bigrams(run));
        for (const token of segmenter.cut(run)) if (isHanRun(token)) segments.push(token);
      } else {
        words.push(run);
      }
    }
    const only = runs.length === 1 ? runs[0] : undefined;
    const exact = only === text && (!isHanRun(text) || chars(text).length === 2);
    const first = chars(text);
    chunks.push({
      text,
      words: [...new Set(words)],
      grams: [...new Set(grams)],
      segments: [...new Set(segments)],
      exact,
      wordStart: isWordChar(first[0]),
      wordEnd: isWordChar(first[first.length - 1]),
    });
  }
  return chunks;
}

/** Whether `text` contains the chunk, not continuing a longer non-Han word at either end. */
export function containsChunk(text: string, chunk: QueryChunk): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf(chunk.text, from);
    if (at < 0) return false;
    const end = at + chunk.text.length;
    const startOk = !chunk.wordStart || !isWordChar(charBefore(text, at));
    const endOk = !chunk.wordEnd || !isWordChar(charAt(text, end));
    if (startOk && endOk) return true;
    from = at + 1;
  }
}

function charAt(text: string, i: number): string | undefined {
  const cp = text.codePointAt(i);
  return cp === undefined ? undefined : String.fromCodePoint(cp);
}

function charBefore(text: string, i: number): string | undefined {
  if (i <= 0) return undefined;
  const low = text.charCodeAt(i - 1);
  // The character before may be a surrogate pair (CJK Extension B and later).
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(i - 2, i);
  }
  return text.slice(i - 1, i);
}
