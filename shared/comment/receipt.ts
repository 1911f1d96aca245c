import { customAlphabet } from 'nanoid';
import { formatReceipt, RECEIPT_ALPHABET, RECEIPT_LENGTH } from './rules.ts';

// The alphabet, pattern and normaliser are rules the site shares: they live in rules.ts.
export { normalizeReceipt, RECEIPT_ALPHABET, RECEIPT_PATTERN } from './rules.ts';

const draw = customAlphabet(RECEIPT_ALPHABET, RECEIPT_LENGTH);

/** A new receipt, grouped for reading: `ABCD-EFGH-JKMN` (31^12 ≈ 7.9e17 values). */
export function newReceipt(): string {
  return formatReceipt(draw());
}
