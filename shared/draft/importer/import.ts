import { type Article, articlesOf, Draft, DraftId, type Lang } from '../schema.ts';
import { buildDraft } from './build.ts';
import { type Cut, DECORATION, findTextLoss } from './check.ts';
import { versionFromStage } from './classify.ts';
import { type Diagnostic, DraftImportError, excerptOf } from './diagnostics.ts';
import { readSourceFile } from './readers/index.ts';
import { readMd } from './readers/md.ts';
import { readTxt } from './readers/txt.ts';
import type { SourceText } from './source.ts';
import { hanRatio } from './text.ts';

export type ImportOptions = {
  /** Stable id of the regulation, e.g. `transit-safety`. */
  id: string;
  /** Defaults to the number in 第二次征求意见稿 / Second Draft, else 1. */
  version?: number;
  /** Detected from the text when omitted. */
  lang?: Lang;
  /** Refuse (throw `DraftImportError` with code `strict`) when there is any diagnostic. */
  strict?: boolean;
  /** Title to use when the text has none. */
  title?: string;
  /** Stage to use when the text has no 征求意见稿/草案 marker. */
  stage?: string;
};

export type ImportStats = {
  chapters: number;
  sections: number;
  articles: number;
  /** 第X条之一 articles. */
  suffixedArticles: number;
  paragraphs: number;
  items: number;
  subItems: number;
  noteParagraphs: number;
  /** Lines of the 目录 that were skipped. */
  tocLines: number;
  joinedLines: number;
};

export type ImportResult = {
  draft: Draft;
  diagnostics: Diagnostic[];
  /** Parts of the source deliberately not carried over: 目录 lines and label/stage punctuation. */
  cuts: Cut[];
  /** JSON pointers of draft fields that were not taken from the source (a default stage, a wrapper chapter). */
  synthetic: string[];
  lang: Lang;
  versionFrom: 'option' | 'stage' | 'default';
  stats: ImportStats;
  /** What diagnostic line numbers count: `line` (text files) or `paragraph` (.docx). */
  unit: SourceText['unit'];
};

/** Detects the language of a source: Chinese when Han ideographs make up a third of its letters. */
export function detectLang(source: SourceText): Lang {
  return hanRatio(source.lines.map((l) => l.text).join('\n')) > 0.3 ? 'zh' : 'en';
}

/**
 * Imports a draft from its source lines. Returns a schema-valid draft and the diagnostics; throws
 * `DraftImportError` when it cannot produce one without losing text, or in strict mode on any diagnostic.
 */
export function importDraft(source: SourceText, options: ImportOptions): ImportResult {
  if (!DraftId.safeParse(options.id).success) {
    throw new DraftImportError(
      'invalid-draft',
      `"${options.id}" is not a draft id: use 2–63 lower-case letters, digits and hyphens`,
    );
  }
  const lang = options.lang ?? detectLang(source);
  const built = buildDraft(source.lines, {
    lang,
    id: options.id,
    version: options.version ?? 1,
    unit: source.unit,
    ...(options.title === undefined ? {} : { title: options.title }),
    ...(options.stage === undefined ? {} : { stage: options.stage }),
  });
  let versionFrom: ImportResult['versionFrom'] = options.version === undefined ? 'default' : 'option';
  if (options.version === undefined && built.stageFromSource !== undefined) {
    const inferred = versionFromStage(built.stageFromSource, lang);
    if (inferred !== undefined && inferred > 0) {
      built.draft.version = inferred;
      versionFrom = 'stage';
    }
  }
  if (built.draft.title === '') {
    throw new DraftImportError(
      'no-title',
      'no title line before the first chapter or article (pass a title to use one anyway)',
      { diagnostics: built.diagnostics },
    );
  }
  if (built.draft.chapters.every((c) => (c.articles ?? []).length === 0 && (c.sections ?? []).length === 0)) {
    throw new DraftImportError('no-articles', 'no articles (第X条 / Article N) found', {
      diagnostics: built.diagnostics,
    });
  }
  const parsed = Draft.safeParse(built.draft);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DraftImportError(
      'invalid-draft',
      `the result is not a valid draft: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
      { cause: parsed.error, diagnostics: built.diagnostics },
    );
  }
  const draft = parsed.data;
  for (const c of built.cuts) {
    if (c.reason === 'decoration' && !DECORATION.test(c.text)) {
      throw new DraftImportError('text-lost', `internal error: line ${c.line} would lose "${c.text}"`, {
        line: c.line,
      });
    }
  }
  const synthetic = new Set(built.synthetic);
  const loss = findTextLoss(source.lines, built.cuts, draft, synthetic);
  if (loss) {
    throw new DraftImportError(
      'text-lost',
      `the output's text differs from the source from ${source.unit} ${loss.line} on: expected "${excerptOf(loss.expected)}", got "${excerptOf(loss.actual)}". Nothing was written; please report this with the source file.`,
      { line: loss.line, diagnostics: built.diagnostics },
    );
  }
  if (options.strict && built.diagnostics.length > 0) {
    throw new DraftImportError(
      'strict',
      `${built.diagnostics.length} diagnostic(s) in strict mode; first at ${source.unit} ${built.diagnostics[0]?.line}`,
      { diagnostics: built.diagnostics, line: built.diagnostics[0]?.line },
    );
  }
  return {
    draft,
    diagnostics: built.diagnostics,
    cuts: built.cuts,
    synthetic: built.synthetic,
    lang,
    versionFrom,
    stats: statsOf(draft, built.cuts, built.joinedLines),
    unit: source.unit,
  };
}

/** Imports plain text or Markdown given as a string. */
export function importText(text: string, options: ImportOptions & { format?: 'txt' | 'md' }): ImportResult {
  return importDraft(options.format === 'md' ? readMd(text) : readTxt(text), options);
}

/** Reads a .txt, .md or .docx file and imports it. */
export async function importFile(path: string, options: ImportOptions): Promise<ImportResult> {
  return importDraft(await readSourceFile(path), options);
}

function statsOf(draft: Draft, cuts: readonly Cut[], joinedLines: number): ImportStats {
  const articles: Article[] = articlesOf(draft);
  const paragraphs = articles.flatMap((a) => a.paragraphs);
  const items = paragraphs.flatMap((p) => p.items);
  return {
    chapters: draft.chapters.length,
    sections: draft.chapters.reduce((n, c) => n + c.sections.length, 0),
    articles: articles.length,
    suffixedArticles: articles.filter((a) => a.suffix !== undefined).length,
    paragraphs: paragraphs.length,
    items: items.length,
    subItems: items.reduce((n, i) => n + i.subItems.length, 0),
    noteParagraphs: draft.explanatoryNote?.paragraphs.length ?? 0,
    tocLines: new Set(cuts.filter((c) => c.reason === 'toc').map((c) => c.index)).size,
    joinedLines,
  };
}
