/**
 * The single pass over the source: a small state machine (front matter → 目录 → body → 起草说明) that hands
 * body and note lines to the tree and keeps the front matter and the 目录 entries for later stages.
 */
import type { Lang } from '../schema.ts';
import type { BuildLog } from './build-log.ts';
import { DraftTree } from './build-tree.ts';
import {
  type ClassifyContext,
  classifyLine,
  isNoteHeading,
  isTocEntry,
  isTocHeading,
  tocTitle,
} from './classify.ts';
import { DIAGNOSTIC_CODES as D } from './diagnostics.ts';
import type { SourceLine } from './source.ts';
import { isBlank } from './text.ts';

/** A line before the body, with its position in the source. */
export type FrontLine = { index: number; source: SourceLine };
export type TocEntry = { source: SourceLine; kind: 'chapter' | 'section'; number: number; title: string };

type Phase = 'front' | 'toc' | 'body' | 'note';

export function readLines(
  lines: readonly SourceLine[],
  lang: Lang,
  log: BuildLog,
): { tree: DraftTree; front: FrontLine[]; toc: TocEntry[] } {
  const ctx: ClassifyContext = {
    lang,
    numberedArticles: lang === 'en' && !lines.some((l) => /^\s*article\s+\d+/i.test(l.text)),
  };
  const tree = new DraftTree(lang, log);
  const front: FrontLine[] = [];
  const toc: TocEntry[] = [];
  let phase: Phase = 'front';
  let afterBlank = false;

  for (let index = 0; index < lines.length; index += 1) {
    const source = lines[index];
    if (!source) continue;
    if (isBlank(source.text)) {
      afterBlank = true;
      continue;
    }
    const hardStart = source.hardStart === true || afterBlank;
    afterBlank = false;
    if (source.autoNumbered) {
      log.report(
        source,
        D.autoNumbering,
        "Word numbers this paragraph automatically; the number is not part of the text and is lost. Type the numbers (e.g. Word: select the list, then 'Convert numbering to text')",
      );
    }
    const cls = classifyLine(source.text, ctx);
    if (phase === 'toc') {
      const restart =
        (cls.kind === 'chapter' && toc.some((e) => e.kind === 'chapter' && e.number >= cls.number)) ||
        cls.kind === 'article';
      if (!restart && isTocEntry(source.text, cls, lang)) {
        if (cls.kind === 'chapter' || cls.kind === 'section') {
          toc.push({ source, kind: cls.kind, number: cls.number, title: tocTitle(cls.title) });
        }
        log.cutWhole(index);
        continue;
      }
      phase = 'front';
    }
    if (phase === 'front') {
      if (isTocHeading(source.text, lang)) {
        phase = 'toc';
        log.cutWhole(index);
        continue;
      }
      const opensBody =
        (cls.kind === 'chapter' || cls.kind === 'section' || cls.kind === 'article') && tree.accepts(cls);
      if (!opensBody) {
        front.push({ index, source });
        continue;
      }
      phase = 'body';
    }
    if (phase === 'body' && tree.articleCount > 0 && isNoteHeading(source.text, lang)) {
      tree.startNote(source);
      phase = 'note';
      continue;
    }
    if (phase === 'note') {
      tree.addNoteLine(source, hardStart);
      continue;
    }
    if (
      (cls.kind === 'chapter' || cls.kind === 'section' || cls.kind === 'article') &&
      cls.cut &&
      tree.accepts(cls)
    ) {
      log.cut(index, cls.cut, 'decoration');
    }
    tree.addBodyLine(source, cls, hardStart);
  }
  tree.end();
  return { tree, front, toc };
}
