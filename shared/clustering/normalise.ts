import { HAN_FOLD } from './han-fold.ts';

/**
 * Characters that change nothing a reader sees but everything a byte comparison sees: zero-width spaces
 * and joiners, soft hyphens, bidi embeddings and isolates, tag characters, variation selectors and the
 * other default-ignorable code points. Campaign tools insert them to defeat duplicate detection.
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;
const MARK = /^\p{M}$/u;

/**
 * A text reduced to the units that shingles are made of: every Han, kana or bopomofo character is a unit
 * of its own (those scripts are written without spaces), every run of letters, digits and marks in other
 * scripts is a word unit; punctuation, symbols and whitespace only separate units.
 */
export type Analysis = {
  /**
   * The normalised text: units in order, with one space between two word units and nothing elsewhere.
   * Analysing it again gives the same units, so it is the key of exact duplicates.
   */
  readonly canonical: string;
  /** A 32-bit hash of each unit. */
  readonly units: Uint32Array;
  /** 1 where the unit is a character of a script written without spaces. */
  readonly charUnits: Uint8Array;
};

/** NFKC (full/half width, compatibility forms), without invisible characters, lower case, then NFKC again because lower-casing can leave a text that is not in NFKC. */
export function foldText(text: string): string {
  return text.replace(INVISIBLE, '').normalize('NFKC').toLowerCase().normalize('NFKC');
}

/** The text as people should see it in a comparison: invisible characters and width variants folded, whitespace collapsed. */
export function displayText(text: string): string {
  return text.replace(INVISIBLE, '').normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/** The normalised text used for exact duplicates (see {@link Analysis.canonical}). */
export function normalise(text: string): string {
  return analyse(text).canonical;
}

const UTF16 = new TextDecoder('utf-16le');

export function analyse(text: string): Analysis {
  const folded = foldText(text);
  const length = folded.length;
  const units = new Uint32Array(length);
  const charUnits = new Uint8Array(length);
  // The canonical text is written as UTF-16 code units and decoded once: much cheaper than growing a string.
  const out = new Uint16Array(length * 2 + 1);
  let written = 0;
  let count = 0;
  let wordStart = -1;
  let wordHash = FNV_OFFSET;
  let previousWasWord = false;

  const endWord = (end: number) => {
    if (wordStart < 0) return;
    // A space keeps two words apart, and keeps a word that starts with a combining mark from composing
    // with a preceding kana (か + ゙ would become が under NFKC) when the canonical text is analysed again.
    const first = folded.charCodeAt(wordStart);
    if (
      previousWasWord ||
      (first >= 0x300 && MARK.test(String.fromCodePoint(folded.codePointAt(wordStart) ?? 0)))
    ) {
      out[written++] = 0x20;
    }
    for (let j = wordStart; j < end; j++) out[written++] = folded.charCodeAt(j);
    units[count] = fmix(wordHash);
    charUnits[count] = 0;
    count++;
    previousWasWord = true;
    wordStart = -1;
    wordHash = FNV_OFFSET;
  };

  for (let i = 0; i < length; i++) {
    let cp = folded.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < length) {
      const low = folded.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) cp = ((cp - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
    }
    const width = cp > 0xffff ? 2 : 1;
    if (isCharScript(cp)) {
      endWord(i);
      const fold = cp <= 0xffff ? (HAN_FOLD[cp] ?? 0) : 0;
      const unit = fold !== 0 ? fold : cp;
      if (width === 1) out[written++] = unit;
      else {
        out[written++] = folded.charCodeAt(i);
        out[written++] = folded.charCodeAt(i + 1);
      }
      units[count] = fmix(Math.imul(unit, 0x9e3779b1) ^ 0x7f4a7c15);
      charUnits[count] = 1;
      count++;
      previousWasWord = false;
    } else if (isWordChar(cp, folded, i, width)) {
      if (wordStart < 0) wordStart = i;
      wordHash = Math.imul(wordHash ^ folded.charCodeAt(i), FNV_PRIME);
      if (width === 2) wordHash = Math.imul(wordHash ^ folded.charCodeAt(i + 1), FNV_PRIME);
    } else {
      endWord(i);
    }
    i += width - 1;
  }
  endWord(length);
  if (count === 0) return symbolsOnly(folded);
  return {
    canonical: UTF16.decode(out.subarray(0, written)),
    units: units.subarray(0, count),
    charUnits: charUnits.subarray(0, count),
  };
}

/**
 * A text of nothing but punctuation, symbols or emoji would otherwise normalise to nothing and cluster with
 * every other such text; it keeps its visible characters instead, each as a unit.
 */
function symbolsOnly(folded: string): Analysis {
  const chars = Array.from(folded.replace(/\s+/gu, ''));
  const units = new Uint32Array(chars.length);
  chars.forEach((ch, i) => {
    units[i] = fmix(Math.imul(ch.codePointAt(0) ?? 0, 0x9e3779b1) ^ 0x2545f491);
  });
  return { canonical: chars.join(''), units, charUnits: new Uint8Array(chars.length).fill(1) };
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** MurmurHash3's finaliser: every input bit affects every output bit. */
export function fmix(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

function isWordChar(cp: number, text: string, i: number, width: number): boolean {
  if (cp < 0x80)
    return (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a);
  return WORD_CHAR.test(width === 1 ? text.charAt(i) : text.slice(i, i + 2));
}

/** Han (with radicals, compatibility ideographs and extensions), kana and bopomofo letters. */
function isCharScript(cp: number): boolean {
  if (cp < 0x2e80) return false;
  if (cp >= 0x4e00 && cp <= 0x9fff) return true;
  if (cp >= 0x3400 && cp <= 0x4dbf) return true;
  if (cp >= 0x3040 && cp <= 0x30ff) return cp !== 0x30a0 && cp !== 0x30fb && (cp < 0x3099 || cp > 0x309c);
  if (cp >= 0x3100 && cp <= 0x312f) return true;
  if (cp >= 0x31a0 && cp <= 0x31bf) return true;
  if (cp >= 0x31f0 && cp <= 0x31ff) return true;
  if (cp === 0x3005 || cp === 0x3007) return true;
  if (cp >= 0x2e80 && cp <= 0x2fdf) return true;
  if (cp >= 0xf900 && cp <= 0xfaff) return true;
  return cp >= 0x20000 && cp <= 0x323af;
}
