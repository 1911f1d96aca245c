/** How the builder names a numbering problem: in the draft's own terms (第二条, （二）, Article 2). */
import type { Lang } from '../schema.ts';
import type { ListFamily } from './classify.ts';
import { DIAGNOSTIC_CODES as D, type DiagnosticCode } from './diagnostics.ts';
import { formatChineseNumeral } from './numerals.ts';

export type Numbered = 'chapter' | 'section' | 'article' | 'item' | 'sub-item';

export const FAMILY_NAMES: Record<ListFamily, string> = {
  'cn-paren': 'labels like （一）',
  'arabic-paren': 'labels like (1)',
  'arabic-dot': 'labels like 1.',
  'latin-paren': 'labels like (a)',
  'roman-paren': 'labels like (i)',
  circled: 'labels like ①',
};

/** How the draft itself would print number `n` of a kind: 第二条, 第三章, （二）, Article 2. */
function nameOf(lang: Lang, what: Numbered, n: number): string {
  if (lang === 'zh') {
    const cn = formatChineseNumeral(n);
    return {
      chapter: `第${cn}章`,
      section: `第${cn}节`,
      article: `第${cn}条`,
      item: `（${cn}）`,
      'sub-item': `${n}．`,
    }[what];
  }
  return {
    chapter: `Chapter ${n}`,
    section: `Section ${n}`,
    article: `Article ${n}`,
    item: `item ${n}`,
    'sub-item': `sub-item ${n}`,
  }[what];
}

/** A repeated, missing or out-of-order number: which of the three, and the message. */
export function numberingProblem(
  lang: Lang,
  used: boolean,
  actual: number,
  expected: number,
  previous: number,
  label: string,
  what: Numbered,
): [DiagnosticCode, string] {
  const name = (n: number) => nameOf(lang, what, n);
  if (used) return [D.numberingRepeat, `${label}: ${name(actual)} appears a second time`];
  if (actual > expected) {
    const missing =
      actual - expected === 1 ? `${name(expected)} is` : `${name(expected)}–${name(actual - 1)} are`;
    return [
      D.numberingGap,
      previous === 0
        ? `${label}: numbering starts at ${name(actual)}, not ${name(1)}`
        : `${label} follows ${name(previous)}: ${missing} missing`,
    ];
  }
  return [D.numberingOrder, `${label} comes after ${name(previous)}`];
}
