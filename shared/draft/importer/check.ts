/**
 * The no-text-lost invariant. Precisely: take every source line, remove the parts the importer reports as
 * cut (whole 目录 lines; the brackets around a stage marker; punctuation between a label and its title), and
 * remove all whitespace (incl. U+3000). Concatenated, that must equal the concatenation, with all whitespace
 * removed, of every text field of the draft in reading order: title, stage, preamble, then per chapter its
 * label and title, its articles, its sections (label, title, articles); per article its label, paragraphs,
 * items (label, text) and sub-items (label, text); then the explanatory note's title and paragraphs (heading,
 * text). Fields the importer made up (a default stage, the wrapper of a draft without chapters) are listed as
 * synthetic and left out.
 */
import type { Draft } from '../schema.ts';
import type { SourceLine } from './source.ts';
import { normalizeForCheck } from './text.ts';

/** A part of a source line that the output deliberately does not carry. Offsets are in the line's
 * whitespace-free form (`normalizeForCheck(line.text)`). */
export type Cut = {
  /** Position of the line in `SourceText.lines` (a .docx paragraph with line breaks spans several). */
  index: number;
  line: number;
  start: number;
  end: number;
  reason: 'toc' | 'decoration';
  text: string;
};

/** Punctuation a decoration cut may remove: brackets, colons, full stops, enumeration commas, dashes. */
export const DECORATION = /^[()（）〔〕【】[\]:：.．、—–-]+$/u;

/** The text fields of a draft in reading order, each with its JSON pointer. */
export function draftFields(draft: Draft): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const add = (path: string, text: string | undefined) => {
    if (text !== undefined) out.push({ path, text });
  };
  add('/title', draft.title);
  add('/stage', draft.stage);
  draft.preamble.forEach((p, i) => {
    add(`/preamble/${i}`, p);
  });
  const addArticles = (base: string, articles: Draft['chapters'][number]['articles']) => {
    articles.forEach((article, a) => {
      const ap = `${base}/articles/${a}`;
      add(`${ap}/label`, article.label);
      article.paragraphs.forEach((paragraph, p) => {
        const pp = `${ap}/paragraphs/${p}`;
        add(`${pp}/text`, paragraph.text);
        paragraph.items.forEach((item, i) => {
          const ip = `${pp}/items/${i}`;
          add(`${ip}/label`, item.label);
          add(`${ip}/text`, item.text);
          item.subItems.forEach((sub, s) => {
            add(`${ip}/subItems/${s}/label`, sub.label);
            add(`${ip}/subItems/${s}/text`, sub.text);
          });
        });
      });
    });
  };
  draft.chapters.forEach((chapter, c) => {
    const cp = `/chapters/${c}`;
    add(`${cp}/label`, chapter.label);
    add(`${cp}/title`, chapter.title);
    addArticles(cp, chapter.articles);
    chapter.sections.forEach((section, s) => {
      const sp = `${cp}/sections/${s}`;
      add(`${sp}/label`, section.label);
      add(`${sp}/title`, section.title);
      addArticles(sp, section.articles);
    });
  });
  if (draft.explanatoryNote) {
    add('/explanatoryNote/title', draft.explanatoryNote.title);
    draft.explanatoryNote.paragraphs.forEach((p, i) => {
      add(`/explanatoryNote/paragraphs/${i}/heading`, p.heading);
      add(`/explanatoryNote/paragraphs/${i}/text`, p.text);
    });
  }
  return out;
}

/** The source side of the invariant, with where each line's text starts. */
export function expectedText(lines: readonly SourceLine[], cuts: readonly Cut[]) {
  const byIndex = new Map<number, Cut[]>();
  for (const cut of cuts) byIndex.set(cut.index, [...(byIndex.get(cut.index) ?? []), cut]);
  let text = '';
  const starts: { line: number; offset: number }[] = [];
  for (const [index, { line, text: raw }] of lines.entries()) {
    const normal = normalizeForCheck(raw);
    if (normal.length === 0) continue;
    const lineCuts = byIndex.get(index) ?? [];
    let kept = '';
    let at = 0;
    for (const cut of [...lineCuts].sort((a, b) => a.start - b.start)) {
      kept += normal.slice(at, cut.start);
      at = Math.max(at, cut.end);
    }
    kept += normal.slice(at);
    starts.push({ line, offset: text.length });
    text += kept;
  }
  return { text, starts };
}

export function outputText(draft: Draft, synthetic: ReadonlySet<string>): string {
  return draftFields(draft)
    .filter((f) => !synthetic.has(f.path))
    .map((f) => normalizeForCheck(f.text))
    .join('');
}

export type TextLoss = { line: number; expected: string; actual: string };

/** `undefined` when the invariant holds; otherwise where source and output first part ways. */
export function findTextLoss(
  lines: readonly SourceLine[],
  cuts: readonly Cut[],
  draft: Draft,
  synthetic: ReadonlySet<string>,
): TextLoss | undefined {
  const expected = expectedText(lines, cuts);
  const actual = outputText(draft, synthetic);
  if (expected.text === actual) return undefined;
  let i = 0;
  while (i < expected.text.length && i < actual.length && expected.text[i] === actual[i]) i += 1;
  let line = expected.starts[0]?.line ?? 1;
  for (const start of expected.starts) {
    if (start.offset > i) break;
    line = start.line;
  }
  return { line, expected: expected.text.slice(i, i + 30), actual: actual.slice(i, i + 30) };
}
