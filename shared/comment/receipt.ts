import { customAlphabet } from 'nanoid';

/** No 0/O, 1/I/L: a receipt is read aloud over the phone and typed from paper. */
export const RECEIPT_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const RECEIPT_LENGTH = 12;
const draw = customAlphabet(RECEIPT_ALPHABET, RECEIPT_LENGTH);

export const RECEIPT_PATTERN = /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;

/** A new receipt, grouped for reading: `ABCD-EFGH-JKMN` (31^12 ≈ 7.9e17 values). */
export function newReceipt(): string {
  return format(draw());
}

function format(raw: string): string {
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
}

/**
 * Accepts what people type (lower case, spaces, missing or extra dashes) and returns the canonical
 * receipt, or undefined when the input cannot be a receipt at all.
 */
export function normalizeReceipt(input: string): string | undefined {
  const compact = input.toUpperCase().replace(/[\s\-‐‑–—]/g, '');
  if (compact.length !== RECEIPT_LENGTH) return undefined;
  for (const ch of compact) if (!RECEIPT_ALPHABET.includes(ch)) return undefined;
  return format(compact);
}
