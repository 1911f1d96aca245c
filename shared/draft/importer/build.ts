/**
 * Builds the draft structure from classified lines: a single pass over the source with a small state
 * machine (front matter → 目录 → body → 起草说明), reporting diagnostics and keeping every piece of text.
 * Text that has no proper place (stray lines between a chapter heading and its first article, an empty
 * section) goes to the nearest preceding place in reading order, with a diagnostic, never away.
 */
import type { DraftInput, Lang } from '../schema.ts';
import type { Cut } from './check.ts';
import {
  type ArticleLine,
  type ClassifyContext,
  classifyLine,
  type HeadingLine,
  isNoteHeading,
  isNoteSubheading,
  isTocEntry,
  isTocHeading,
  type LineClass,
  type ListFamily,
  type ListLine,
  parseStage,
  type Span,
  tocTitle,
} from './classify.ts';
import { DIAGNOSTIC_CODES as D, type Diagnostic, type DiagnosticCode, excerptOf } from './diagnostics.ts';
import { formatChineseNumeral } from './numerals.ts';
import type { SourceLine } from './source.ts';
import { endsClause, hasWords, isBlank, joinWrapped, normalizeForCheck, tidy, trimText } from './text.ts';

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

type TextNode = { text: string };
type WSub = TextNode & { label: string };
type WItem = TextNode & {
  label: string;
  family: ListFamily;
  value: number;
  subItems: WSub[];
  subFamily?: ListFamily;
};
type WParagraph = TextNode & { items: WItem[]; itemFamily?: ListFamily; synthetic?: boolean };
type WArticle = { number: number; suffix?: number; label: string; line: number; paragraphs: WParagraph[] };
type WHeading = { number: number; label: string; title: string; line: number; articles: WArticle[] };
type WSection = WHeading & { anchor: Anchor };
type WChapter = WHeading & { sections: WSection[]; synthetic?: boolean };
type Anchor =
  | { kind: 'article'; article: WArticle }
  | { kind: 'heading'; heading: WHeading }
  | { kind: 'front' };
type WNote = { title: string; line: number; anchor: Anchor; paragraphs: ({ heading?: string } & TextNode)[] };

const DEFAULT_STAGE = { zh: '征求意见稿', en: 'Draft for Comment' } as const;
const SYNTHETIC_CHAPTER_LABEL = { zh: '正文', en: 'Text' } as const;
const EMPTY_ARTICLE_TEXT = { zh: '（本条无内容）', en: '(no text)' } as const;
const UNTITLED = { zh: '（无标题）', en: '(untitled)' } as const;

export function buildDraft(lines: readonly SourceLine[], options: BuildOptions): BuildResult {
  const { lang } = options;
  const ctx: ClassifyContext = {
    lang,
    numberedArticles: lang === 'en' && !lines.some((l) => /^\s*article\s+\d+/i.test(l.text)),
  };
  const diagnostics: Diagnostic[] = [];
  const cuts: Cut[] = [];
  const report = (line: SourceLine | number, code: DiagnosticCode, message: string) => {
    const source = typeof line === 'number' ? undefined : line;
    diagnostics.push({
      line: typeof line === 'number' ? line : line.line,
      code,
      message,
      ...(source ? { excerpt: excerptOf(source.text) } : {}),
    });
  };

  let index = 0;
  const cut = (span: Span, reason: Cut['reason']) => {
    const raw = lines[index]?.text ?? '';
    const start = normalizeForCheck(raw.slice(0, span.start)).length;
    const text = normalizeForCheck(raw.slice(span.start, span.end));
    if (text.length > 0) {
      cuts.push({ index, line: lines[index]?.line ?? 0, start, end: start + text.length, reason, text });
    }
  };
  const cutWhole = () => cut({ start: 0, end: lines[index]?.text.length ?? 0 }, 'toc');

  // —— state ——
  type Phase = 'front' | 'toc' | 'body' | 'note';
  let phase: Phase = 'front';
  const front: { index: number; source: SourceLine }[] = [];
  const chapters: WChapter[] = [];
  let chapter: WChapter | undefined;
  let section: WSection | undefined;
  let article: WArticle | undefined;
  let last: 'chapter' | 'section' | 'article' | 'note' = 'chapter';
  let tail: TextNode | undefined;
  let afterBlank = false;
  let joinedLines = 0;
  let note: WNote | undefined;
  let pendingHeading: string | undefined;
  let firstOrphanArticle: SourceLine | undefined;
  let orphanReported = false;
  const toc: { source: SourceLine; kind: 'chapter' | 'section'; number: number; title: string }[] = [];
  const usedArticles = new Set<string>();
  let lastArticle: { number: number; suffix?: number } | undefined;
  let lastChapterNumber = 0;
  const styles = new Map<string, { style: string; line: number }>();

  let articleCount = 0;

  const unit = options.unit ?? 'line';
  const checkStyle = (source: SourceLine, category: string, style: string, describe: string) => {
    const first = styles.get(category);
    if (!first) {
      styles.set(category, { style, line: source.line });
    } else if (first.style !== style) {
      report(
        source,
        D.mixedNumbering,
        `${describe} printed with ${quote(style)} here but with ${quote(first.style)} on ${unit} ${first.line}`,
      );
    }
  };

  const anchorNow = (): Anchor => {
    if (last === 'article' && article) return { kind: 'article', article };
    if (last === 'section' && section) return { kind: 'heading', heading: section };
    if (chapter && !chapter.synthetic) return { kind: 'heading', heading: chapter };
    return { kind: 'front' };
  };

  /** Puts text that has no place of its own after whatever came last in reading order. */
  const placeAt = (anchor: Anchor, text: string) => {
    if (anchor.kind === 'article') {
      const paragraph: WParagraph = { text, items: [] };
      anchor.article.paragraphs.push(paragraph);
    } else if (anchor.kind === 'heading') {
      anchor.heading.title = anchor.heading.title === '' ? text : joinWrapped(anchor.heading.title, text);
    } else {
      front.push({ index: -1, source: { line: 0, text } });
    }
  };

  const closeSection = () => {
    if (section && section.articles.length === 0 && chapter) {
      const empty = section;
      chapter.sections = chapter.sections.filter((s) => s !== empty);
      report(empty.line, D.emptySection, `${empty.label} has no articles; its heading is kept as text`);
      placeAt(empty.anchor, joinWrapped(empty.label, empty.title));
      // What came before the section is again the last thing in reading order.
      if (empty.anchor.kind === 'article') {
        article = empty.anchor.article;
        last = 'article';
      } else {
        last = 'chapter';
      }
    }
    section = undefined;
  };

  const ensureChapter = (source: SourceLine): WChapter => {
    if (chapter) return chapter;
    const wrapper: WChapter = {
      number: 1,
      label: SYNTHETIC_CHAPTER_LABEL[lang],
      title: '',
      line: source.line,
      articles: [],
      sections: [],
      synthetic: true,
    };
    chapters.push(wrapper);
    chapter = wrapper;
    return wrapper;
  };

  const accepts = (cls: HeadingLine | ArticleLine): boolean => {
    if (cls.separated) return true;
    // Without a space after the label (第十条规定…), only the expected next number makes it a heading.
    if (cls.kind === 'chapter') return cls.number === lastChapterNumber + 1;
    if (cls.kind === 'section') return cls.number === lastSectionNumber() + 1;
    if (cls.kind !== 'article') return false;
    return cls.suffix === undefined
      ? cls.number === (lastArticle?.number ?? 0) + 1
      : lastArticle?.number === cls.number && (lastArticle.suffix ?? 0) + 1 === cls.suffix;
  };
  const lastSectionNumber = () =>
    chapter && !chapter.synthetic ? (chapter.sections.at(-1)?.number ?? 0) : 0;

  const startChapter = (source: SourceLine, cls: HeadingLine) => {
    closeSection();
    checkStyle(source, 'chapter', cls.numeral, 'chapter numbers are');
    const expected = lastChapterNumber + 1;
    if (cls.number !== expected) {
      const used = chapters.some((c) => !c.synthetic && c.number === cls.number);
      report(
        source,
        ...numberingProblem(lang, used, cls.number, expected, lastChapterNumber, cls.label, 'chapter'),
      );
    }
    if (firstOrphanArticle && !orphanReported) {
      orphanReported = true;
      report(
        firstOrphanArticle,
        D.articleOutsideChapter,
        `articles before ${cls.label} belong to no chapter; they are kept in a chapter of their own`,
      );
    }
    lastChapterNumber = Math.max(lastChapterNumber, cls.number);
    chapter = {
      number: cls.number,
      label: cls.label,
      title: cls.title,
      line: source.line,
      articles: [],
      sections: [],
    };
    chapters.push(chapter);
    article = undefined;
    last = 'chapter';
    tail = undefined;
  };

  const startSection = (source: SourceLine, cls: HeadingLine) => {
    if (!chapter) report(source, D.sectionOutsideChapter, `${cls.label} comes before any chapter (第X章)`);
    closeSection();
    const anchor = anchorNow();
    const owner = ensureChapter(source);
    const previous = owner.sections.at(-1)?.number ?? 0;
    checkStyle(source, 'section', cls.numeral, 'section numbers are');
    if (cls.number !== previous + 1) {
      const used = owner.sections.some((s) => s.number === cls.number);
      report(
        source,
        ...numberingProblem(lang, used, cls.number, previous + 1, previous, cls.label, 'section'),
      );
    }
    section = {
      number: cls.number,
      label: cls.label,
      title: cls.title,
      line: source.line,
      articles: [],
      anchor,
    };
    owner.sections.push(section);
    article = undefined;
    last = 'section';
    tail = undefined;
  };

  const startArticle = (source: SourceLine, cls: ArticleLine) => {
    if (!chapter) firstOrphanArticle = source;
    const owner = ensureChapter(source);
    checkStyle(source, 'article', cls.numeral, 'article numbers are');
    checkArticleNumber(source, cls);
    const created: WArticle = {
      number: cls.number,
      ...(cls.suffix === undefined ? {} : { suffix: cls.suffix }),
      label: cls.label,
      line: source.line,
      paragraphs: [],
    };
    (section ?? owner).articles.push(created);
    articleCount += 1;
    article = created;
    last = 'article';
    tail = undefined;
    if (cls.text !== '') {
      const paragraph: WParagraph = { text: cls.text, items: [] };
      created.paragraphs.push(paragraph);
      tail = paragraph;
    }
  };

  const checkArticleNumber = (source: SourceLine, cls: ArticleLine) => {
    const key = articleKey(cls.number, cls.suffix);
    const used = usedArticles.has(key);
    usedArticles.add(key);
    const previous = lastArticle;
    lastArticle = { number: cls.number, ...(cls.suffix === undefined ? {} : { suffix: cls.suffix }) };
    if (cls.suffix === undefined) {
      const expected = (previous?.number ?? 0) + 1;
      if (cls.number !== expected) {
        report(
          source,
          ...numberingProblem(lang, used, cls.number, expected, previous?.number ?? 0, cls.label, 'article'),
        );
      }
      return;
    }
    if (previous?.number === cls.number && (previous.suffix ?? 0) + 1 === cls.suffix) return;
    if (used) {
      report(source, D.numberingRepeat, `${cls.label} appears a second time`);
    } else if (!usedArticles.has(articleKey(cls.number))) {
      report(source, D.numberingGap, `${cls.label} has no article ${cls.number} before it`);
    } else {
      report(source, D.numberingOrder, `${cls.label} is out of order`);
    }
  };

  const addText = (source: SourceLine, text: string, hardStart: boolean) => {
    if (last === 'article' && article) {
      if (!hardStart && tail && !endsClause(tail.text, lang)) {
        tail.text = joinWrapped(tail.text, text);
        joinedLines += 1;
        report(source, D.wrappedLine, 'joined with the line before, which does not end a sentence or clause');
        return;
      }
      const paragraph: WParagraph = { text, items: [] };
      article.paragraphs.push(paragraph);
      tail = paragraph;
      return;
    }
    // A wrapper chapter has no title of its own to take text; nothing of the body came before it.
    const heading = last === 'section' ? section : chapter?.synthetic ? undefined : chapter;
    if (!heading) {
      report(source, D.unrecognisedLine, 'text before the first chapter or article; kept with the preamble');
      placeAt({ kind: 'front' }, text);
      return;
    }
    if (heading.title === '') {
      heading.title = tidy(text);
      return;
    }
    report(
      source,
      D.unrecognisedLine,
      `text between ${heading.label} and its first article has no place in the structure; appended to the ${last} title`,
    );
    heading.title = joinWrapped(heading.title, text);
  };

  const addListLine = (source: SourceLine, cls: ListLine) => {
    const labelled = lang === 'zh' ? `${cls.label}${cls.text}` : `${cls.label} ${cls.text}`;
    if (!article) return;
    const paragraph = article.paragraphs.at(-1);
    if (!paragraph) {
      report(source, D.itemOutsideParagraph, `${cls.label} has no paragraph before it to belong to`);
      addText(source, labelled, true);
      return;
    }
    // English statute style numbers paragraphs (1), (2); they are items only after a lead-in ending in ':'.
    if (
      lang === 'en' &&
      cls.family === 'arabic-paren' &&
      paragraph.itemFamily !== 'arabic-paren' &&
      !(paragraph.items.length === 0 && /[:：—]$/.test(paragraph.text))
    ) {
      addText(source, labelled, true);
      return;
    }
    const candidates = [{ family: cls.family, value: cls.value }, ...(cls.alt ? [cls.alt] : [])];
    const item = paragraph.items.at(-1);
    const level = chooseLevel(paragraph, item, candidates);
    if (level.kind === 'item' || !item) {
      const family = level.family;
      const expected = (item?.value ?? 0) + 1;
      if (paragraph.itemFamily !== undefined && family !== paragraph.itemFamily) {
        report(
          source,
          D.mixedNumbering,
          `${cls.label} does not continue the list ${item?.label ?? ''} began`,
        );
      } else if (level.value !== expected) {
        const used = paragraph.items.some((i) => i.value === level.value);
        report(
          source,
          ...numberingProblem(lang, used, level.value, expected, item?.value ?? 0, cls.label, 'item'),
        );
      }
      checkStyle(source, `list-${family}`, cls.style, `${FAMILY_NAMES[family]} are`);
      const created: WItem = { label: cls.label, text: cls.text, family, value: level.value, subItems: [] };
      paragraph.items.push(created);
      paragraph.itemFamily ??= family;
      tail = created;
      return;
    }
    const expected = item.subItems.length + 1;
    if (item.subFamily !== undefined && level.family !== item.subFamily) {
      report(source, D.mixedNumbering, `${cls.label} does not continue the sub-items of ${item.label}`);
    } else if (level.value !== expected) {
      report(
        source,
        ...numberingProblem(
          lang,
          level.value < expected,
          level.value,
          expected,
          expected - 1,
          cls.label,
          'sub-item',
        ),
      );
    }
    checkStyle(source, `list-${level.family}`, cls.style, `${FAMILY_NAMES[level.family]} are`);
    const created: WSub = { label: cls.label, text: cls.text };
    item.subItems.push(created);
    item.subFamily ??= level.family;
    tail = created;
  };

  const startNote = (source: SourceLine) => {
    closeSection();
    const anchor = anchorNow();
    note = { title: tidy(source.text), line: source.line, anchor, paragraphs: [] };
    last = 'note';
    tail = undefined;
  };

  const addNoteLine = (source: SourceLine, hardStart: boolean) => {
    if (!note) return;
    const text = trimText(source.text);
    if (isNoteSubheading(text, lang)) {
      if (pendingHeading !== undefined) note.paragraphs.push({ text: pendingHeading });
      pendingHeading = tidy(text);
      tail = undefined;
      return;
    }
    if (!hardStart && tail && !endsClause(tail.text, lang)) {
      tail.text = joinWrapped(tail.text, text);
      joinedLines += 1;
      report(source, D.wrappedLine, 'joined with the line before, which does not end a sentence');
      return;
    }
    const paragraph = pendingHeading === undefined ? { text } : { heading: pendingHeading, text };
    note.paragraphs.push(paragraph);
    pendingHeading = undefined;
    tail = paragraph;
  };

  const body = (source: SourceLine, cls: LineClass, hardStart: boolean) => {
    if (cls.kind === 'chapter' && accepts(cls)) return startChapter(source, cls);
    if (cls.kind === 'section' && accepts(cls)) return startSection(source, cls);
    if (cls.kind === 'article' && accepts(cls)) return startArticle(source, cls);
    if (cls.kind === 'list' && cls.text !== '' && last === 'article') return addListLine(source, cls);
    const text = trimText(source.text);
    if (cls.kind === 'malformed') {
      report(source, D.unrecognisedLine, cls.reason);
    } else if (cls.kind === 'list') {
      report(source, D.unrecognisedLine, `${cls.label} has no text after it`);
    } else if (!hasWords(text)) {
      report(source, D.unrecognisedLine, 'no words on this line (a page number or stray symbols?)');
    }
    if (last === 'note') return;
    addText(source, text, hardStart);
  };

  // —— the pass ——
  for (index = 0; index < lines.length; index += 1) {
    const source = lines[index];
    if (!source) continue;
    if (isBlank(source.text)) {
      afterBlank = true;
      continue;
    }
    const hardStart = source.hardStart === true || afterBlank;
    afterBlank = false;
    if (source.autoNumbered) {
      report(
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
        cutWhole();
        continue;
      }
      phase = 'front';
    }
    if (phase === 'front') {
      if (isTocHeading(source.text, lang)) {
        phase = 'toc';
        cutWhole();
        continue;
      }
      const opensBody =
        (cls.kind === 'chapter' || cls.kind === 'section' || cls.kind === 'article') && accepts(cls);
      if (!opensBody) {
        front.push({ index, source });
        continue;
      }
      phase = 'body';
    }
    if (phase === 'body' && articleCount > 0 && isNoteHeading(source.text, lang)) {
      startNote(source);
      phase = 'note';
      continue;
    }
    if (phase === 'note') {
      addNoteLine(source, hardStart);
      continue;
    }
    if (
      (cls.kind === 'chapter' || cls.kind === 'section' || cls.kind === 'article') &&
      cls.cut &&
      accepts(cls)
    ) {
      cut(cls.cut, 'decoration');
    }
    body(source, cls, hardStart);
  }
  closeSection();
  if (note && pendingHeading !== undefined) note.paragraphs.push({ text: pendingHeading });

  // —— front matter: title, stage, preamble ——
  const synthetic: string[] = [];
  const frontLines = front.filter((f) => f.index >= 0);
  const lateFront = front.filter((f) => f.index < 0).map((f) => f.source.text);
  let title: string | undefined;
  let stage: string | undefined;
  let titleLine: number | undefined;
  const preamble: TextNode[] = [];
  let stageAt = -1;
  for (let k = 0; k < Math.min(frontLines.length, 3); k += 1) {
    const f = frontLines[k];
    const match = f ? parseStage(f.source.text, lang) : undefined;
    if (f && match && (k > 0 || match.before !== '')) {
      stageAt = k;
      const titleParts = [...frontLines.slice(0, k).map((p) => tidy(p.source.text)), match.before].filter(
        (p) => p !== '',
      );
      title = titleParts.reduce((a, b) => joinWrapped(a, b));
      titleLine = frontLines[0]?.source.line;
      stage = match.stage;
      index = f.index;
      for (const span of match.cuts) cut(span, 'decoration');
      break;
    }
  }
  if (stageAt < 0 && frontLines[0]) {
    title = tidy(frontLines[0].source.text);
    titleLine = frontLines[0].source.line;
  }
  const stageFromSource = stage;
  for (const f of frontLines.slice(stageAt < 0 ? 1 : stageAt + 1)) {
    const text = trimText(f.source.text);
    const previous = preamble.at(-1);
    const hardStart = f.source.hardStart === true || isBlank(lines[f.index - 1]?.text ?? '');
    if (previous && !hardStart && !endsClause(previous.text, lang)) {
      previous.text = joinWrapped(previous.text, text);
      joinedLines += 1;
      report(f.source, D.wrappedLine, 'joined with the line before, which does not end a sentence');
    } else {
      preamble.push({ text });
    }
  }
  for (const text of lateFront) preamble.push({ text });
  if (title === undefined && options.title !== undefined) {
    title = options.title;
    synthetic.push('/title');
  }
  if (stage === undefined) {
    stage = options.stage ?? DEFAULT_STAGE[lang];
    synthetic.push('/stage');
    if (options.stage === undefined) {
      report(
        titleLine ?? 1,
        D.missingStage,
        `no stage marker such as （征求意见稿） or (Draft for Comment) under the title; using "${stage}"`,
      );
    }
  }

  // —— finishing: empty nodes, the 目录 against the text, ids ——
  for (const c of chapters) {
    if (!c.synthetic && allArticles(c).length === 0)
      report(c.line, D.emptyChapter, `${c.label} has no articles`);
    for (const heading of [c, ...c.sections]) {
      if (heading.title === '' && !(heading === c && c.synthetic)) {
        report(heading.line, D.missingChapterTitle, `${heading.label} has no title`);
      }
    }
    for (const a of allArticles(c)) {
      if (a.paragraphs.length === 0) {
        report(a.line, D.emptyArticle, `${a.label} has no text`);
        a.paragraphs.push({ text: EMPTY_ARTICLE_TEXT[lang], items: [], synthetic: true });
      }
    }
  }
  if (note && note.paragraphs.length === 0) {
    report(note.line, D.emptyNote, `"${excerptOf(note.title)}" has no text after it; kept as text`);
    placeAt(note.anchor, note.title);
    note = undefined;
  }
  for (const entry of toc) {
    const heading =
      entry.kind === 'chapter'
        ? chapters.find((c) => !c.synthetic && c.number === entry.number)
        : chapters.flatMap((c) => c.sections).find((s) => s.number === entry.number);
    if (!heading) {
      report(
        entry.source,
        D.tocMismatch,
        `the 目录 lists ${entry.kind} ${entry.number}, which the text does not have`,
      );
    } else if (
      entry.kind === 'chapter' &&
      entry.title !== '' &&
      normalizeForCheck(heading.title) !== entry.title
    ) {
      report(
        entry.source,
        D.tocMismatch,
        `the 目录 calls ${heading.label} "${entry.title}" but the text "${heading.title}"`,
      );
    }
  }

  const draftChapters = toDraftChapters(chapters, lang, title ?? '', synthetic);
  diagnostics.sort((a, b) => a.line - b.line);
  cuts.sort((a, b) => a.index - b.index || a.start - b.start);
  return {
    draft: {
      id: options.id,
      version: options.version,
      lang,
      title: title ?? '',
      stage,
      preamble: preamble.map((p) => p.text),
      chapters: draftChapters,
      ...(note ? { explanatoryNote: { title: note.title, paragraphs: note.paragraphs } } : {}),
    },
    diagnostics,
    cuts,
    synthetic,
    stageFromSource,
    titleLine,
    joinedLines,
  };
}

function allArticles(chapter: WChapter): WArticle[] {
  return [...chapter.articles, ...chapter.sections.flatMap((s) => s.articles)];
}

function articleKey(number: number, suffix?: number): string {
  return suffix === undefined ? `${number}` : `${number}-${suffix}`;
}

const FAMILY_NAMES: Record<ListFamily, string> = {
  'cn-paren': 'labels like （一）',
  'arabic-paren': 'labels like (1)',
  'arabic-dot': 'labels like 1.',
  'latin-paren': 'labels like (a)',
  'roman-paren': 'labels like (i)',
  circled: 'labels like ①',
};

function quote(style: string): string {
  return style === 'cn' ? 'Chinese numerals' : style === 'arabic' ? 'Arabic digits' : `“${style}”`;
}

type Numbered = 'chapter' | 'section' | 'article' | 'item' | 'sub-item';

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

function numberingProblem(
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

type Candidate = { family: ListFamily; value: number };

/** Whether a list line is the next item (项) of the paragraph or a sub-item (目) of its last item. */
function chooseLevel(
  paragraph: WParagraph,
  item: WItem | undefined,
  candidates: Candidate[],
): Candidate & { kind: 'item' | 'sub' } {
  const first = candidates[0] ?? { family: 'arabic-dot', value: 1 };
  if (!item || paragraph.itemFamily === undefined) {
    const start = candidates.find((c) => c.value === 1) ?? first;
    return { kind: 'item', ...start };
  }
  const asItem = candidates.find((c) => c.family === paragraph.itemFamily && c.value === item.value + 1);
  const asSub = candidates.find(
    (c) =>
      (item.subFamily === undefined ? c.family !== paragraph.itemFamily : c.family === item.subFamily) &&
      c.value === item.subItems.length + 1,
  );
  if (asItem && asSub) {
    const opensList = /[:：—]$/.test(item.subItems.at(-1)?.text ?? item.text);
    return opensList || item.subItems.length > 0 ? { kind: 'sub', ...asSub } : { kind: 'item', ...asItem };
  }
  if (asItem) return { kind: 'item', ...asItem };
  if (asSub) return { kind: 'sub', ...asSub };
  const sameFamily = candidates.find((c) => c.family === paragraph.itemFamily);
  if (sameFamily) return { kind: 'item', ...sameFamily };
  return { kind: 'sub', ...first };
}

function toDraftChapters(
  chapters: WChapter[],
  lang: Lang,
  draftTitle: string,
  synthetic: string[],
): DraftInput['chapters'] {
  const chapterIds = new Set<number>();
  const articleIds = new Set<string>();
  const realCount = chapters.filter((c) => !c.synthetic).length;
  const maxChapter = Math.max(0, ...chapters.map((c) => c.number));
  let nextFree = maxChapter + 1;

  const articleOut = (a: WArticle, path: string) => {
    let suffix = a.suffix;
    let id = `art-${a.number}${suffix === undefined ? '' : `-${suffix}`}`;
    if (articleIds.has(id)) {
      // A repeated number: keep the printed label, give the id the first free suffix so anchors stay unique.
      suffix = 1;
      while (articleIds.has(`art-${a.number}-${suffix}`)) suffix += 1;
      id = `art-${a.number}-${suffix}`;
    }
    articleIds.add(id);
    return {
      id,
      number: a.number,
      ...(suffix === undefined ? {} : { suffix }),
      label: a.label,
      paragraphs: a.paragraphs.map((p, i) => {
        if (p.synthetic) synthetic.push(`${path}/paragraphs/${i}/text`);
        return {
          text: p.text,
          items: p.items.map((item) => ({
            label: item.label,
            text: item.text,
            subItems: item.subItems.map((s) => ({ label: s.label, text: s.text })),
          })),
        };
      }),
    };
  };

  return chapters.map((c, ci) => {
    const path = `/chapters/${ci}`;
    let idNumber: number;
    if (c.synthetic) {
      idNumber = realCount > 0 ? 0 : 1;
      synthetic.push(`${path}/label`, `${path}/title`);
    } else if (chapterIds.has(c.number)) {
      idNumber = nextFree;
      nextFree += 1;
    } else {
      idNumber = c.number;
    }
    chapterIds.add(idNumber);
    const chapterId = `ch-${idNumber}`;
    const sectionIds = new Set<number>();
    let nextSection = Math.max(0, ...c.sections.map((s) => s.number)) + 1;
    let title = c.title;
    if (c.synthetic) title = draftTitle || UNTITLED[lang];
    else if (title === '') {
      title = UNTITLED[lang];
      synthetic.push(`${path}/title`);
    }
    return {
      id: chapterId,
      number: c.number,
      label: c.label,
      title,
      articles: c.articles.map((a, ai) => articleOut(a, `${path}/articles/${ai}`)),
      sections: c.sections.map((s, si) => {
        let n = s.number;
        if (sectionIds.has(n)) {
          n = nextSection;
          nextSection += 1;
        }
        sectionIds.add(n);
        const sp = `${path}/sections/${si}`;
        if (s.title === '') synthetic.push(`${sp}/title`);
        return {
          id: `${chapterId}-sec-${n}`,
          number: s.number,
          label: s.label,
          title: s.title === '' ? UNTITLED[lang] : s.title,
          articles: s.articles.map((a, ai) => articleOut(a, `${sp}/articles/${ai}`)),
        };
      }),
    };
  });
}
