import { describe, expect, it } from 'vitest';
import {
  newReceipt,
  normalizeReceipt,
  RECEIPT_ALPHABET,
  RECEIPT_PATTERN,
} from '../../../shared/comment/receipt.ts';

describe('newReceipt', () => {
  it('issues three groups of four unambiguous characters', () => {
    // Prepare / Act
    const receipts = Array.from({ length: 500 }, () => newReceipt());

    // Assess
    for (const receipt of receipts) {
      expect(receipt).toMatch(RECEIPT_PATTERN);
      expect(receipt).toMatch(/^[^01ILO]{4}-[^01ILO]{4}-[^01ILO]{4}$/);
    }
  });

  it('does not repeat itself', () => {
    const receipts = new Set(Array.from({ length: 10_000 }, () => newReceipt()));

    expect(receipts.size).toBe(10_000);
  });

  it('leaves out characters that are misread aloud or on paper', () => {
    for (const ambiguous of ['0', 'O', '1', 'I', 'L']) expect(RECEIPT_ALPHABET).not.toContain(ambiguous);
  });
});

describe('normalizeReceipt', () => {
  it.each([
    ['canonical', 'ABCD-EFGH-JKMN'],
    ['lower case', 'abcd-efgh-jkmn'],
    ['mixed case', 'AbCd-eFgH-jKmN'],
    ['no dashes', 'ABCDEFGHJKMN'],
    ['spaces instead of dashes', 'ABCD EFGH JKMN'],
    ['surrounding whitespace', '  abcd-efgh-jkmn\n'],
    ['misplaced and extra dashes', 'AB-CD--EFGH-JK-MN'],
    ['typographic dashes', 'ABCD–EFGH—JKMN'],
    ['full groups of spaces', 'ab cd ef gh jk mn'],
  ])('accepts a receipt typed with %s', (_case, input) => {
    // Act
    const receipt = normalizeReceipt(input);

    // Assess
    expect(receipt).toBe('ABCD-EFGH-JKMN');
  });

  it.each([
    ['the letter O', 'ABCD-EFGH-JKMO'],
    ['the digit 0', 'ABCD-EFGH-JKM0'],
    ['the digit 1', 'ABCD-EFGH-JKM1'],
    ['the letter I', 'ABCD-EFGH-JKMI'],
    ['the letter L', 'ABCD-EFGH-JKML'],
    ['a lower-case l', 'abcd-efgh-jkml'],
    ['one character too few', 'ABCD-EFGH-JKM'],
    ['one character too many', 'ABCD-EFGH-JKMNP'],
    ['punctuation', 'ABCD.EFGH.JKMN'],
    ['CJK characters', '收据收据-EFGH-JKMN'],
    ['nothing at all', ''],
    ['only dashes', '--------------'],
  ])('refuses a receipt containing %s', (_case, input) => {
    expect(normalizeReceipt(input)).toBeUndefined();
  });

  it('round-trips every new receipt unchanged', () => {
    for (let i = 0; i < 100; i++) {
      const receipt = newReceipt();
      expect(normalizeReceipt(receipt.toLowerCase())).toBe(receipt);
    }
  });
});
