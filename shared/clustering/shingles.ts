import type { Analysis } from './normalise.ts';
import { fmix } from './normalise.ts';
import { CLUSTERING } from './params.ts';

export type ShingleSizes = { readonly char: number; readonly word: number };

const DEFAULT_SIZES: ShingleSizes = { char: CLUSTERING.cjkShingle, word: CLUSTERING.wordShingle };

/**
 * Hashes of the text's shingles. A shingle starts at every unit and spans `char` units when it starts on a
 * character of a script written without spaces (Chinese: character n-grams) and `word` units when it starts
 * on a word (English: word n-grams), so mixed texts such as 「乘客用APP扫码」 get shingles across the seam.
 * A text shorter than one shingle is one shingle. Repeated shingles are left in: they cannot change a minimum.
 */
export function shingleHashes(analysis: Analysis, sizes: ShingleSizes = DEFAULT_SIZES): Uint32Array {
  const { units, charUnits } = analysis;
  const n = units.length;
  if (n === 0) return new Uint32Array(0);
  const out = new Uint32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const span = charUnits[i] === 1 ? sizes.char : sizes.word;
    if (i + span > n) continue;
    out[count++] = hashSpan(units, i, span);
  }
  if (count === 0) out[count++] = hashSpan(units, 0, n);
  return out.subarray(0, count);
}

function hashSpan(units: Uint32Array, start: number, span: number): number {
  let h = Math.imul(span, 0x27d4eb2f) ^ 0x165667b1;
  for (let j = start; j < start + span; j++) h = Math.imul(h ^ (units[j] ?? 0), 0x9e3779b1) + 0x7f4a7c15;
  return fmix(h);
}
