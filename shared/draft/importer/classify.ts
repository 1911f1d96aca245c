/**
 * What one line of a draft is, judged by the line alone: a chapter, section or article heading, a list label
 * (项/目), or plain text. The builder adds what depends on context (expected numbers, nesting).
 */
import type { Lang } from '../schema.ts';
import {
  isArabic,
  NUMERAL_PATTERN,
  parseChineseNumeral,
  parseLabelNumber,
  parseLetter,
  parseRoman,
} from './numerals.ts';
import { normalizeForCheck, tidy, trimText } from './text.ts';

/** A range of UTF-16 indices in the raw line. */
export type Span = { start: number; end: number };

export type NumeralStyle = 'cn' | 'arabic' | 'roman';

export type HeadingLine = {
  kind: 'chapter' | 'section';
  number: number;
  /** As printed, without inner whitespace: `第一章`, `Chapter I`. */
  label: string;
  title: string;
  numeral: NumeralStyle;
  /** Whitespace or punctuation stands between the label and the title (or there is no title). */
  separated: boolean;
  /** Punctuation between label and title (`Chapter I: General`), which the output does not keep. */
  cut?: Span;
};

export type ArticleLine = {
  kind: 'article';
  number: number;
  suffix?: number;
  label: string;
  text: string;
  numeral: NumeralStyle;
  separated: boolean;
  cut?: Span;
};

/** `（一）` `(一)` / `(1)` `（1）` / `1.` `1．` `1、` / `(a)` / `(i)` / `①` */
export type ListFamily =
  | 'cn-paren'
  | 'arabic-paren'
  | 'arabic-dot'
  | 'latin-paren'
  | 'roman-paren'
  | 'circled';

export type ListLine = {
  kind: 'list';
  family: ListFamily;
  value: number;
  /** `(i)`, `(v)`, `(x)`: a letter or a Roman numeral, decided by context. */
  alt?: { family: ListFamily; value: number };
  label: string;
  text: string;
  /** How the label is printed (brackets or dot), to find mixtures such as （一） and (一). */
  style: string;
};

export type MalformedLine = { kind: 'malformed'; reason: string };
export type TextLine = { kind: 'text' };
export type LineClass = HeadingLine | ArticleLine | ListLine | MalformedLine | TextLine;

export type ClassifyContext = {
  lang: Lang;
  /** English texts without `Article N` headings number their articles `1.`, `2.` … */
  numberedArticles: boolean;
};

const MAX_ARTICLE = 9999;
const MAX_SUFFIX = 99;
const MAX_HEADING = 999;

const LEADING_SPACE = /^[\s\u200b\u2060]*/u;
const SEPARATOR = /^[\s\u200b:：.．、—–-]*/u;
const ZH_HEADING = new RegExp(`^第\\s*(${NUMERAL_PATTERN})\\s*(章|节)`, 'u');
const ZH_ARTICLE = new RegExp(`^第\\s*(${NUMERAL_PATTERN})\\s*条(?:\\s*之\\s*(${NUMERAL_PATTERN}))?`, 'u');
const ZH_OTHER_UNIT = new RegExp(`^第\\s*(${NUMERAL_PATTERN})\\s*(條|節|編|编|部分|篇)`, 'u');
const EN_HEADING = /^(chapter|section)\s+([ivxlcdm]+|\d+)(?![\w])/iu;
const EN_ARTICLE = /^(article)\s+(\d+)(?:-(\d+))?(?![\w-])/iu;
const EN_NUMBERED = /^(\d+)\.(?=\s+(?:["“]?[A-Z]|\(\w{1,4}\)\s))/u;

export function classifyLine(raw: string, ctx: ClassifyContext): LineClass {
  const lead = LEADING_SPACE.exec(raw)?.[0].length ?? 0;
  const s = raw.slice(lead);
  if (s.length === 0) return { kind: 'text' };
  return ctx.lang === 'zh' ? classifyZh(s, lead) : classifyEn(s, lead, ctx);
}

function classifyZh(s: string, lead: number): LineClass {
  const heading = ZH_HEADING.exec(s);
  if (heading) {
    const [whole, numeral = '', unit = ''] = heading;
    const number = parseLabelNumber(numeral);
    if (number === undefined || number < 1 || number > MAX_HEADING) {
      return { kind: 'malformed', reason: `第${numeral}${unit}: "${numeral}" is not a valid number` };
    }
    const rest = afterLabel(s, whole.length, lead);
    return {
      kind: unit === '章' ? 'chapter' : 'section',
      number,
      label: `第${numeral}${unit}`,
      title: tidy(rest.text),
      numeral: isArabic(numeral) ? 'arabic' : 'cn',
      separated: rest.separated,
      ...(rest.cut ? { cut: rest.cut } : {}),
    };
  }
  const article = ZH_ARTICLE.exec(s);
  if (article) {
    const [whole, numeral = '', suffixNumeral] = article;
    const number = parseLabelNumber(numeral);
    const suffix = suffixNumeral === undefined ? undefined : parseLabelNumber(suffixNumeral);
    if (number === undefined || number < 1 || number > MAX_ARTICLE) {
      return { kind: 'malformed', reason: `第${numeral}条: "${numeral}" is not a valid article number` };
    }
    if (suffixNumeral !== undefined && (suffix === undefined || suffix < 1 || suffix > MAX_SUFFIX)) {
      return {
        kind: 'malformed',
        reason: `第${numeral}条之${suffixNumeral}: "${suffixNumeral}" is not a valid number`,
      };
    }
    const rest = afterLabel(s, whole.length, lead);
    return {
      kind: 'article',
      number,
      ...(suffix === undefined ? {} : { suffix }),
      label: `第${numeral}条${suffixNumeral === undefined ? '' : `之${suffixNumeral}`}`,
      text: rest.text,
      numeral: isArabic(numeral) ? 'arabic' : 'cn',
      separated: rest.separated,
      ...(rest.cut ? { cut: rest.cut } : {}),
    };
  }
  const other = ZH_OTHER_UNIT.exec(s);
  if (other && parseLabelNumber(other[1] ?? '') !== undefined) {
    const unit = other[2] ?? '';
    const hint = /[條節編]/.test(unit)
      ? `traditional character ${unit}; write ${{ 條: '条', 節: '节', 編: '编' }[unit] ?? unit}`
      : `第X${unit} is a level the draft structure does not have (章/节/条 only)`;
    return { kind: 'malformed', reason: hint };
  }
  return classifyZhList(s) ?? { kind: 'text' };
}

function classifyZhList(s: string): LineClass | undefined {
  const cn = /^([（(])\s*([零〇一二两三四五六七八九十百]+)\s*([）)])/u.exec(s);
  if (cn) {
    const value = parseChineseNumeral(cn[2] ?? '');
    if (value === undefined || value < 1)
      return { kind: 'malformed', reason: `${cn[0]}: not a valid item number` };
    return list(s, cn[0], 'cn-paren', value, `${cn[1]}${cn[3]}`, `${cn[1]}${cn[2]}${cn[3]}`);
  }
  const paren = /^([（(])\s*([0-9０-９]{1,3})\s*([）)])/u.exec(s);
  if (paren) {
    const value = parseLabelNumber(paren[2] ?? '');
    if (value !== undefined && value > 0) {
      return list(
        s,
        paren[0],
        'arabic-paren',
        value,
        `${paren[1]}${paren[3]}`,
        `${paren[1]}${paren[2]}${paren[3]}`,
      );
    }
  }
  const dot = /^([0-9０-９]{1,3})\s*([.．、])(?![0-9０-９])/u.exec(s);
  if (dot) {
    const value = parseLabelNumber(dot[1] ?? '');
    if (value !== undefined && value > 0) {
      return list(s, dot[0], 'arabic-dot', value, dot[2] ?? '', `${dot[1]}${dot[2]}`);
    }
  }
  const circled = /^[\u2460-\u2473]/u.exec(s);
  if (circled) {
    const value = (circled[0].codePointAt(0) ?? 0) - 0x245f;
    return list(s, circled[0], 'circled', value, 'circled', circled[0]);
  }
  return undefined;
}

function classifyEn(s: string, lead: number, ctx: ClassifyContext): LineClass {
  const heading = EN_HEADING.exec(s);
  if (heading) {
    const [whole, word = '', numeral = ''] = heading;
    const arabic = /^\d+$/.test(numeral);
    const number = arabic ? Number(numeral) : parseRoman(numeral);
    const rest = afterLabel(s, whole.length, lead);
    if (startsSentence(rest)) return { kind: 'text' };
    if (number === undefined || number < 1 || number > MAX_HEADING) {
      return { kind: 'malformed', reason: `${word} ${numeral}: "${numeral}" is not a valid number` };
    }
    return {
      kind: word.toLowerCase() === 'chapter' ? 'chapter' : 'section',
      number,
      label: `${word} ${numeral}`,
      title: tidy(rest.text),
      numeral: arabic ? 'arabic' : 'roman',
      separated: rest.separated,
      ...(rest.cut ? { cut: rest.cut } : {}),
    };
  }
  const article = EN_ARTICLE.exec(s);
  if (article) {
    const [whole, word = '', numeral = '', suffixNumeral] = article;
    const number = Number(numeral);
    const suffix = suffixNumeral === undefined ? undefined : Number(suffixNumeral);
    const rest = afterLabel(s, whole.length, lead);
    if (startsSentence(rest)) return { kind: 'text' };
    if (number < 1 || number > MAX_ARTICLE || (suffix !== undefined && (suffix < 1 || suffix > MAX_SUFFIX))) {
      return { kind: 'malformed', reason: `${whole}: not a valid article number` };
    }
    return {
      kind: 'article',
      number,
      ...(suffix === undefined ? {} : { suffix }),
      label: `${word} ${numeral}${suffixNumeral === undefined ? '' : `-${suffixNumeral}`}`,
      text: rest.text,
      numeral: 'arabic',
      separated: rest.separated,
      ...(rest.cut ? { cut: rest.cut } : {}),
    };
  }
  if (ctx.numberedArticles) {
    const numbered = EN_NUMBERED.exec(s);
    if (numbered) {
      const number = Number(numbered[1]);
      if (number >= 1 && number <= MAX_ARTICLE) {
        return {
          kind: 'article',
          number,
          label: numbered[0],
          text: trimText(s.slice(numbered[0].length)),
          numeral: 'arabic',
          separated: true,
        };
      }
    }
  }
  const paren = /^\(\s*([a-z]{1,5}|\d{1,3})\s*\)/iu.exec(s);
  if (paren) {
    const token = paren[1] ?? '';
    const label = `(${token})`;
    if (/^\d+$/.test(token)) {
      const value = Number(token);
      if (value > 0) return list(s, paren[0], 'arabic-paren', value, '()', label);
    }
    const roman = parseRoman(token);
    const letter = parseLetter(token);
    if (roman !== undefined && /^[ivxlcdm]+$/.test(token)) {
      return {
        ...list(s, paren[0], 'roman-paren', roman, '()', label),
        ...(letter === undefined ? {} : { alt: { family: 'latin-paren' as const, value: letter } }),
      };
    }
    if (letter !== undefined) return list(s, paren[0], 'latin-paren', letter, '()', label);
  }
  if (!ctx.numberedArticles) {
    const dot = /^(\d{1,3})\.(?=\s)/u.exec(s);
    if (dot) return list(s, dot[0], 'arabic-dot', Number(dot[1]), '.', dot[0]);
  }
  return { kind: 'text' };
}

function list(s: string, matched: string, family: ListFamily, value: number, style: string, label: string) {
  return { kind: 'list' as const, family, value, label, text: trimText(s.slice(matched.length)), style };
}

/** `Article 12 of these Regulations …` is a sentence that cites an article, not an article heading. */
function startsSentence(rest: { text: string; separatorText: string }): boolean {
  return normalizeForCheck(rest.separatorText) === '' && /^[a-z]/.test(rest.text);
}

function afterLabel(s: string, labelEnd: number, lead: number) {
  const rest = s.slice(labelEnd);
  const separatorText = SEPARATOR.exec(rest)?.[0] ?? '';
  const text = trimText(rest.slice(separatorText.length));
  const punctuation = normalizeForCheck(separatorText) !== '';
  return {
    text,
    separatorText,
    separated: separatorText.length > 0 || text.length === 0,
    ...(punctuation
      ? { cut: { start: lead + labelEnd, end: lead + labelEnd + separatorText.length } satisfies Span }
      : {}),
  };
}

// —— Lines that only the front matter, the 目录 or the 起草说明 have ——

export function isTocHeading(raw: string, lang: Lang): boolean {
  const t = normalizeForCheck(raw);
  return lang === 'zh' ? t === '目录' || t === '目次' : /^(table of )?contents$/i.test(tidy(raw));
}

/**
 * The heading of an attached explanatory note: `起草说明`, `关于《…》的起草说明`, `附件：…的说明`,
 * `Explanatory Note on the Draft`.
 */
export function isNoteHeading(raw: string, lang: Lang): boolean {
  if (lang === 'zh') {
    const t = normalizeForCheck(raw);
    return t.length <= 120 && /^(附件?\d*[：:]?)?(关于.*的)?(起草|制定|修订|修改|立法)?说明$/u.test(t);
  }
  const t = tidy(raw);
  return (
    t.length <= 200 &&
    !/[.;]$/.test(t) &&
    /^(annex\s*\d*[:.]?\s*)?(explanatory\s+(note|notes|memorandum|statement)|explanation|drafting\s+(note|notes|explanation)|notes\s+on)\b/i.test(
      t,
    )
  );
}

/** A heading inside the explanatory note: `一、起草的必要性`, `（二）主要内容`, `I. Necessity of the Draft`. */
export function isNoteSubheading(text: string, lang: Lang): boolean {
  if (lang === 'zh') {
    return (
      [...text].length <= 40 &&
      !/[。；;]/.test(text) &&
      /^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|[0-9０-９]+[.．、])/u.test(text)
    );
  }
  return text.length <= 100 && !/[.;:]$/.test(text) && /^([IVXLC]+|\d+|[A-Z])\.\s+\S/.test(text);
}

const ZH_STAGE = '(?:征求意见稿|意见稿|草案|送审稿|修改稿|修订稿|审议稿|讨论稿|草稿)';

export type StageMatch = {
  /** Text before the bracketed stage on the same line (the title), or '' for a stage-only line. */
  before: string;
  stage: string;
  /** The brackets around the stage, which the output does not keep. */
  cuts: Span[];
};

/** `（征求意见稿）`, `（草案）`, `XX条例（第二次征求意见稿）`, `(Draft for Comment)`, or a bare `征求意见稿`. */
export function parseStage(raw: string, lang: Lang): StageMatch | undefined {
  const bracketed =
    lang === 'zh'
      ? new RegExp(
          `^(.*?)([（(〔【\\[])([^（）()〔〕【】\\[\\]]*?${ZH_STAGE}[^（）()〔〕【】\\[\\]]{0,4})([）)〕】\\]])[\\s\\u3000]*$`,
          'du',
        )
      : /^(.*?)([([])([^()[\]]*\bdraft\b[^()[\]]*)([)\]])\s*$/diu;
  const m = bracketed.exec(raw);
  if (m?.indices) {
    const open = m.indices[2];
    const close = m.indices[4];
    const stage = tidy(m[3] ?? '');
    if (open && close && stage.length > 0 && stage.length <= 60) {
      return {
        before: tidy(m[1] ?? ''),
        stage,
        cuts: [
          { start: open[0], end: open[1] },
          { start: close[0], end: close[1] },
        ],
      };
    }
  }
  const t = tidy(raw);
  const bare =
    lang === 'zh'
      ? new RegExp(`^(第[一二三四五六七八九十]+次)?(修订|修正)?(草案)?${ZH_STAGE}$`, 'u').test(
          normalizeForCheck(raw),
        )
      : /^((first|second|third|fourth|fifth|revised|exposure|public|consultation)\s+)*draft(\s+(for|of)\s+(public\s+)?(comment|comments|consultation|discussion|review))?$/i.test(
          t,
        );
  return bare ? { before: '', stage: t, cuts: [] } : undefined;
}

/** `第二次征求意见稿` → 2, `Second Draft for Comment` → 2. */
export function versionFromStage(stage: string, lang: Lang): number | undefined {
  if (lang === 'zh') {
    const m = /第([一二三四五六七八九十]+)次/u.exec(stage);
    return m ? parseChineseNumeral(m[1] ?? '') : undefined;
  }
  const ordinals = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth'];
  const m = /\b(first|second|third|fourth|fifth|sixth)\b/i.exec(stage);
  return m ? ordinals.indexOf((m[1] ?? '').toLowerCase()) + 1 : undefined;
}

/**
 * An entry of a 目录: a chapter or section heading (perhaps with dot leaders and a page number), a bare page
 * number, or the name of an attachment.
 */
export function isTocEntry(raw: string, cls: LineClass, lang: Lang): boolean {
  if (cls.kind === 'chapter' || cls.kind === 'section') return true;
  const t = tidy(raw);
  if (/^[\d\s.…·．-]+$/u.test(t)) return true;
  if (/(\.{3,}|…+|·{3,}|．{3,})\s*\d*$/u.test(t) && t.length <= 80) return true;
  return lang === 'zh'
    ? /^(附\s*则|附件.{0,30}|附录.{0,30}|.{0,40}说明)$/u.test(t)
    : /^(annex|appendix|explanatory|supplementary provisions)\b.{0,60}$/i.test(t);
}

/** A chapter or section title as printed in a 目录, without dot leaders and page number. */
export function tocTitle(title: string): string {
  return normalizeForCheck(title.replace(/(\.{2,}|…+|·{2,}|．{2,})?\s*\d*$/u, ''));
}
