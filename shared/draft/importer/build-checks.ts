/** Checks once the whole text is read: empty chapters, articles and notes, untitled headings, the 目录. */
import type { Lang } from '../schema.ts';
import type { BuildLog } from './build-log.ts';
import type { TocEntry } from './build-read.ts';
import type { DraftTree } from './build-tree.ts';
import { allArticles } from './build-tree-types.ts';
import { DIAGNOSTIC_CODES as D, excerptOf } from './diagnostics.ts';
import { normalizeForCheck } from './text.ts';

const EMPTY_ARTICLE_TEXT = { zh: '（本条无内容）', en: '(no text)' } as const;

/** Reports what is empty or missing; an article without text gets a marked placeholder paragraph. */
export function checkEmpty(tree: DraftTree, lang: Lang, log: BuildLog): void {
  for (const c of tree.chapters) {
    if (!c.synthetic && allArticles(c).length === 0)
      log.report(c.line, D.emptyChapter, `${c.label} has no articles`);
    for (const heading of [c, ...c.sections]) {
      if (heading.title === '' && !(heading === c && c.synthetic)) {
        log.report(heading.line, D.missingChapterTitle, `${heading.label} has no title`);
      }
    }
    for (const a of allArticles(c)) {
      if (a.paragraphs.length === 0) {
        log.report(a.line, D.emptyArticle, `${a.label} has no text`);
        a.paragraphs.push({ text: EMPTY_ARTICLE_TEXT[lang], items: [], synthetic: true });
      }
    }
  }
  const { note } = tree;
  if (note && note.paragraphs.length === 0) {
    log.report(note.line, D.emptyNote, `"${excerptOf(note.title)}" has no text after it; kept as text`);
    tree.placeAt(note.anchor, note.title);
    tree.note = undefined;
  }
}

/** Every chapter and section the 目录 lists is in the text, chapters under the same title. */
export function checkToc(tree: DraftTree, toc: readonly TocEntry[], log: BuildLog): void {
  const { chapters } = tree;
  for (const entry of toc) {
    const heading =
      entry.kind === 'chapter'
        ? chapters.find((c) => !c.synthetic && c.number === entry.number)
        : chapters.flatMap((c) => c.sections).find((s) => s.number === entry.number);
    if (!heading) {
      log.report(
        entry.source,
        D.tocMismatch,
        `the 目录 lists ${entry.kind} ${entry.number}, which the text does not have`,
      );
    } else if (
      entry.kind === 'chapter' &&
      entry.title !== '' &&
      normalizeForCheck(heading.title) !== entry.title
    ) {
      log.report(
        entry.source,
        D.tocMismatch,
        `the 目录 calls ${heading.label} "${entry.title}" but the text "${heading.title}"`,
      );
    }
  }
}
