/**
 * Numerals as printed in legal texts: Chinese (第一百零三条, 〇/零/两), Arabic in half or full width
 * (第12条, 第１２条) and Roman (Chapter IV).
 */

const CN_DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CN_UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };

/** Characters that may appear in a Chinese numeral, for use inside regular expressions. */
export const CN_NUMERAL_CHARS = '零〇一二两三四五六七八九十百千万';
/** Any numeral token as printed in a Chinese label: Chinese, or Arabic in half or full width. */
export const NUMERAL_PATTERN = `[${CN_NUMERAL_CHARS}0-9０-９]+`;

/**
 * Parses a Chinese numeral such as `一百零三`, `十`, `二十一`, `两千`, `一〇三` (digit by digit) or `一百三`
 * (colloquial 130). Returns `undefined` when the string is not a well-formed numeral.
 */
export function parseChineseNumeral(input: string): number | undefined {
  if (input.length === 0) return undefined;
  const chars = [...input];
  if (!chars.every((c) => c in CN_DIGITS || c in CN_UNITS || c === '万')) return undefined;
  // Digit-by-digit form (一〇三, 二〇二六) has no units and, to tell it from a typo such as 一二, a 〇.
  if (chars.length > 1 && chars.every((c) => c in CN_DIGITS) && chars.slice(1).some((c) => c === '〇')) {
    if (chars[0] === '零' || chars[0] === '〇') return undefined;
    return Number(chars.map((c) => CN_DIGITS[c]).join(''));
  }
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  let lastUnit = 10_000;
  let sawZero = false;
  let sectionLastUnit = 10_000;
  for (const c of chars) {
    const d = CN_DIGITS[c];
    if (d !== undefined) {
      if (digit !== undefined) return undefined; // two digits in a row: 一二
      if (d === 0) {
        sawZero = true;
        continue;
      }
      digit = d;
      continue;
    }
    if (c === '万') {
      section += digit ?? 0;
      if (section === 0 || total > 0) return undefined;
      total = section * 10_000;
      section = 0;
      digit = undefined;
      sawZero = false;
      lastUnit = 10_000;
      sectionLastUnit = 10_000;
      continue;
    }
    const unit = CN_UNITS[c];
    if (unit === undefined || unit >= sectionLastUnit) return undefined; // 十百, 百百
    if (digit === undefined) {
      // A bare 十 means 10 only at the start (十二) or after 零 (一百零十 is not written; 一百十 is rare).
      if (unit !== 10 || section !== 0 || total !== 0) return undefined;
      digit = 1;
    }
    section += digit * unit;
    digit = undefined;
    sawZero = false;
    lastUnit = unit;
    sectionLastUnit = unit;
  }
  if (digit !== undefined) {
    // 一百三 is 130 (the digit takes the next lower unit) unless a 零 came before it (一百零三 = 103).
    section += !sawZero && lastUnit >= 100 && lastUnit < 10_000 ? digit * (lastUnit / 10) : digit;
  }
  const value = total + section;
  return value > 0 || input === '零' || input === '〇' ? value : undefined;
}

/** Formats a positive integer below 100 000 the way legal texts print it: 10 → 十, 103 → 一百零三. */
export function formatChineseNumeral(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value >= 100_000) {
    throw new RangeError(`cannot format ${value} as a Chinese numeral`);
  }
  if (value === 0) return '零';
  const digits = '零一二三四五六七八九';
  const units = ['', '十', '百', '千', '万'];
  const parts = String(value).split('').map(Number);
  let out = '';
  let pendingZero = false;
  parts.forEach((d, i) => {
    const unit = units[parts.length - 1 - i] ?? '';
    if (d === 0) {
      pendingZero = out.length > 0;
      return;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    // 十一 not 一十一 at the very start; 一百一十 keeps the 一 inside a number.
    out += d === 1 && unit === '十' && out.length === 0 ? unit : `${digits[d]}${unit}`;
  });
  return out;
}

/** Parses `12`, `１２` (full width) or a Chinese numeral. */
export function parseLabelNumber(input: string): number | undefined {
  const ascii = input.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (/^[0-9]+$/.test(ascii)) {
    if (ascii.startsWith('0')) return undefined;
    return Number(ascii);
  }
  return parseChineseNumeral(input);
}

/** Whether a label number is printed in Arabic digits (half or full width) rather than Chinese numerals. */
export function isArabic(input: string): boolean {
  return /^[0-9０-９]+$/.test(input);
}

const ROMAN: ReadonlyArray<readonly [string, number]> = [
  ['M', 1000],
  ['CM', 900],
  ['D', 500],
  ['CD', 400],
  ['C', 100],
  ['XC', 90],
  ['L', 50],
  ['XL', 40],
  ['X', 10],
  ['IX', 9],
  ['V', 5],
  ['IV', 4],
  ['I', 1],
];

/** Formats 1–3999 as an upper-case Roman numeral. */
export function formatRoman(value: number): string {
  if (!Number.isInteger(value) || value < 1 || value > 3999) {
    throw new RangeError(`cannot format ${value} as a Roman numeral`);
  }
  let rest = value;
  let out = '';
  for (const [symbol, amount] of ROMAN) {
    while (rest >= amount) {
      out += symbol;
      rest -= amount;
    }
  }
  return out;
}

/** Parses a canonical Roman numeral in either case (`IV`, `xii`); `undefined` for `IIII` or `VX`. */
export function parseRoman(input: string): number | undefined {
  const upper = input.toUpperCase();
  if (!/^[MDCLXVI]+$/.test(upper)) return undefined;
  let value = 0;
  let i = 0;
  for (const [symbol, amount] of ROMAN) {
    while (upper.startsWith(symbol, i)) {
      value += amount;
      i += symbol.length;
    }
  }
  if (i !== upper.length || value === 0 || value > 3999) return undefined;
  return formatRoman(value) === upper ? value : undefined;
}

/** `a` → 1 … `z` → 26. */
export function parseLetter(input: string): number | undefined {
  return /^[a-z]$/i.test(input) ? input.toLowerCase().charCodeAt(0) - 96 : undefined;
}

/** 1 → `a` … 26 → `z`. */
export function formatLetter(value: number): string {
  if (!Number.isInteger(value) || value < 1 || value > 26) {
    throw new RangeError(`cannot format ${value} as a letter`);
  }
  return String.fromCharCode(96 + value);
}
