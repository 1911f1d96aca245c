/**
 * Builds the draft structure from classified lines, in named stages:
 *   1. read    — one pass over the source (front matter → 目录 → body → 起草说明) growing the tree;
 *   2. front   — the title, stage and preamble from the lines before the body;
 *   3. check   — empty or untitled parts, the 目录 against the text;
 *   4. output  — the tree as the draft's chapters, with unique ids.
 * Every stage reports diagnostics and keeps every piece of text (see build-tree.ts for where stray text goes).
 */
import type { DraftInput, Lang } from '../schema.ts';
import { checkEmpty, checkToc } from './build-checks.ts';
import { readFrontMatter } from './build-front.ts';
import { BuildLog } from './build-log.ts';
import { toDraftChapters } from './build-output.ts';
import { readLines } from './build-read.ts';
import type { Cut } from './check.ts';
import type { Diagnostic } from './diagnostics.ts';
import type { SourceLine } from './source.ts';

export type BuildOptions = {
  lang: Lang;
  id: string;
  version: number;
  /** Used only when the source has no title line. */
  title?: string;
  /** Used only when the source has no stage marker. */
  stage?: string;
  /** What line numbers count, for messages: `line` or `paragraph`. */
  unit?: string;
};

export type BuildResult = {
  draft: DraftInput;
  diagnostics: Diagnostic[];
  cuts: Cut[];
  /** JSON pointers of fields that are not taken from the source. */
  synthetic: string[];
  /** The stage marker as printed, when the source has one. */
  stageFromSource: string | undefined;
  titleLine: number | undefined;
  joinedLines: number;
};

export function buildDraft(lines: readonly SourceLine[], options: BuildOptions): BuildResult {
  const { lang } = options;
  const log = new BuildLog(lines, options.unit ?? 'line');
  const synthetic: string[] = [];

  const { tree, front, toc } = readLines(lines, lang, log);
  const frontMatter = readFrontMatter(front, tree.lateFront, lines, options, log, synthetic);
  checkEmpty(tree, lang, log);
  checkToc(tree, toc, log);
  const title = frontMatter.title ?? '';
  const chapters = toDraftChapters(tree.chapters, lang, title, synthetic);

  const { note } = tree;
  const { diagnostics, cuts } = log.sorted();
  return {
    draft: {
      id: options.id,
      version: options.version,
      lang,
      title,
      stage: frontMatter.stage,
      preamble: frontMatter.preamble,
      chapters,
      ...(note ? { explanatoryNote: { title: note.title, paragraphs: note.paragraphs } } : {}),
    },
    diagnostics,
    cuts,
    synthetic,
    stageFromSource: frontMatter.stageFromSource,
    titleLine: frontMatter.titleLine,
    joinedLines: log.joinedLines,
  };
}
