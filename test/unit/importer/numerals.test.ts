import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatChineseNumeral,
  formatRoman,
  parseChineseNumeral,
  parseLabelNumber,
  parseRoman,
} from '../../../shared/draft/importer/numerals.ts';

describe('Chinese numerals', () => {
  it.each([
    ['一', 1],
    ['十', 10],
    ['十一', 11],
    ['二十', 20],
    ['二十一', 21],
    ['九十九', 99],
    ['一百', 100],
    ['一百零三', 103],
    ['一百一十', 110],
    ['一百一十二', 112],
    ['两百', 200],
    ['三百', 300],
    ['九百九十九', 999],
    ['一千', 1000],
    ['一千零一', 1001],
    ['一千零一十', 1010],
    ['两千零二十六', 2026],
    ['一〇三', 103],
    ['二〇二六', 2026],
    ['一百三', 130],
    ['一万零一', 10001],
    ['零', 0],
    ['〇', 0],
  ])('reads %s as %i', (text, value) => {
    expect(parseChineseNumeral(text)).toBe(value);
  });

  it.each(['', '一二', '十十', '百', '千', '百一', '一百百', 'a', '第一', '十百'])('refuses %j', (text) => {
    expect(parseChineseNumeral(text)).toBeUndefined();
  });

  it.each([
    [1, '一'],
    [10, '十'],
    [15, '十五'],
    [20, '二十'],
    [103, '一百零三'],
    [110, '一百一十'],
    [1010, '一千零一十'],
    [3000, '三千'],
  ])('prints %i as %s', (value, text) => {
    expect(formatChineseNumeral(value)).toBe(text);
  });

  it('reads back every number it prints, up to 99 999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999 }), (n) => {
        expect(parseChineseNumeral(formatChineseNumeral(n))).toBe(n);
      }),
    );
  });

  it('reads label numbers in Arabic digits of either width', () => {
    expect(parseLabelNumber('12')).toBe(12);
    expect(parseLabelNumber('１２')).toBe(12);
    expect(parseLabelNumber('十二')).toBe(12);
    expect(parseLabelNumber('012')).toBeUndefined();
  });
});

describe('Roman numerals', () => {
  it('round-trips 1–3999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3999 }), (n) => {
        expect(parseRoman(formatRoman(n))).toBe(n);
        expect(parseRoman(formatRoman(n).toLowerCase())).toBe(n);
      }),
    );
  });

  it.each(['IIII', 'VX', 'IC', '', 'ABC'])('refuses the non-canonical %j', (text) => {
    expect(parseRoman(text)).toBeUndefined();
  });
});
