/**
 * The body of a draft as it is read: chapters, sections, articles, paragraphs, items and the 起草说明, built
 * line by line. Text that has no proper place (stray lines between a chapter heading and its first article,
 * an empty section) goes to the nearest preceding place in reading order, with a diagnostic, never away.
 */
import type { Lang } from '../schema.ts';
import { placeListLine } from './build-lists.ts';
import type { BuildLog } from './build-log.ts';
import { numberingProblem } from './build-numbering.ts';
import type {
  Anchor,
  TextNode,
  WArticle,
  WChapter,
  WNote,
  WParagraph,
  WSection,
} from './build-tree-types.ts';
import {
  type ArticleLine,
  type HeadingLine,
  isNoteSubheading,
  type LineClass,
  type ListLine,
} from './classify.ts';
import { DIAGNOSTIC_CODES as D } from './diagnostics.ts';
import type { SourceLine } from './source.ts';
import { endsClause, hasWords, joinWrapped, tidy, trimText } from './text.ts';

const SYNTHETIC_CHAPTER_LABEL = { zh: '正文', en: 'Text' } as const;

export class DraftTree {
  readonly chapters: WChapter[] = [];
  note: WNote | undefined;
  articleCount = 0;
  /** Text placed before the first chapter or article after the front matter was read (kept with the preamble). */
  readonly lateFront: string[] = [];

  readonly #lang: Lang;
  readonly #log: BuildLog;
  #chapter: WChapter | undefined;
  #section: WSection | undefined;
  #article: WArticle | undefined;
  #last: 'chapter' | 'section' | 'article' | 'note' = 'chapter';
  /** The node a wrapped line continues. */
  #tail: TextNode | undefined;
  /** A 起草说明 subheading waiting for the paragraph it heads. */
  #pendingHeading: string | undefined;
  #firstOrphanArticle: SourceLine | undefined;
  #orphanReported = false;
  readonly #usedArticles = new Set<string>();
  #lastArticle: { number: number; suffix?: number } | undefined;
  #lastChapterNumber = 0;

  constructor(lang: Lang, log: BuildLog) {
    this.#lang = lang;
    this.#log = log;
  }

  get inNote(): boolean {
    return this.#last === 'note';
  }

  /** Whether a heading or article line opens one; without a space after the label, only the expected number does. */
  accepts(cls: HeadingLine | ArticleLine): boolean {
    if (cls.separated) return true;
    // Without a space after the label (第十条规定…), only the expected next number makes it a heading.
    if (cls.kind === 'chapter') return cls.number === this.#lastChapterNumber + 1;
    if (cls.kind === 'section') return cls.number === this.#lastSectionNumber() + 1;
    if (cls.kind !== 'article') return false;
    const last = this.#lastArticle;
    return cls.suffix === undefined
      ? cls.number === (last?.number ?? 0) + 1
      : last?.number === cls.number && (last.suffix ?? 0) + 1 === cls.suffix;
  }

  /** One line of the body (after the front matter, before the 起草说明). */
  addBodyLine(source: SourceLine, cls: LineClass, hardStart: boolean): void {
    if (cls.kind === 'chapter' && this.accepts(cls)) {
      this.#startChapter(source, cls);
    } else if (cls.kind === 'section' && this.accepts(cls)) {
      this.#startSection(source, cls);
    } else if (cls.kind === 'article' && this.accepts(cls)) {
      this.#startArticle(source, cls);
    } else if (cls.kind === 'list' && cls.text !== '' && this.#last === 'article') {
      this.#addListLine(source, cls);
    } else {
      this.#addOtherLine(source, cls, hardStart);
    }
  }

  /** A line that opens nothing: text of the article or heading before it, with a diagnostic if odd. */
  #addOtherLine(source: SourceLine, cls: LineClass, hardStart: boolean): void {
    const text = trimText(source.text);
    if (cls.kind === 'malformed') {
      this.#log.report(source, D.unrecognisedLine, cls.reason);
    } else if (cls.kind === 'list') {
      this.#log.report(source, D.unrecognisedLine, `${cls.label} has no text after it`);
    } else if (!hasWords(text)) {
      this.#log.report(source, D.unrecognisedLine, 'no words on this line (a page number or stray symbols?)');
    }
    if (this.#last === 'note') return;
    this.#addText(source, text, hardStart);
  }

  startNote(source: SourceLine): void {
    this.closeSection();
    const anchor = this.#anchorNow();
    this.note = { title: tidy(source.text), line: source.line, anchor, paragraphs: [] };
    this.#last = 'note';
    this.#tail = undefined;
  }

  addNoteLine(source: SourceLine, hardStart: boolean): void {
    const { note } = this;
    if (!note) return;
    const text = trimText(source.text);
    if (isNoteSubheading(text, this.#lang)) {
      if (this.#pendingHeading !== undefined) note.paragraphs.push({ text: this.#pendingHeading });
      this.#pendingHeading = tidy(text);
      this.#tail = undefined;
      return;
    }
    if (!hardStart && this.#tail && !endsClause(this.#tail.text, this.#lang)) {
      this.#tail.text = joinWrapped(this.#tail.text, text);
      this.#log.joined(source, 'joined with the line before, which does not end a sentence');
      return;
    }
    const heading = this.#pendingHeading;
    const paragraph = heading === undefined ? { text } : { heading, text };
    note.paragraphs.push(paragraph);
    this.#pendingHeading = undefined;
    this.#tail = paragraph;
  }

  /** After the last line: an open section is checked, a trailing 起草说明 subheading kept as a paragraph. */
  end(): void {
    this.closeSection();
    if (this.note && this.#pendingHeading !== undefined)
      this.note.paragraphs.push({ text: this.#pendingHeading });
  }

  /** Puts text that has no place of its own after whatever came last in reading order. */
  placeAt(anchor: Anchor, text: string): void {
    if (anchor.kind === 'article') {
      const paragraph: WParagraph = { text, items: [] };
      anchor.article.paragraphs.push(paragraph);
    } else if (anchor.kind === 'heading') {
      anchor.heading.title = anchor.heading.title === '' ? text : joinWrapped(anchor.heading.title, text);
    } else {
      this.lateFront.push(text);
    }
  }

  /** A section without articles is no section: its heading goes back into the text before it. */
  closeSection(): void {
    const section = this.#section;
    if (section && section.articles.length === 0 && this.#chapter) {
      this.#chapter.sections = this.#chapter.sections.filter((s) => s !== section);
      this.#log.report(
        section.line,
        D.emptySection,
        `${section.label} has no articles; its heading is kept as text`,
      );
      this.placeAt(section.anchor, joinWrapped(section.label, section.title));
      // What came before the section is again the last thing in reading order.
      if (section.anchor.kind === 'article') {
        this.#article = section.anchor.article;
        this.#last = 'article';
      } else {
        this.#last = 'chapter';
      }
    }
    this.#section = undefined;
  }

  #anchorNow(): Anchor {
    if (this.#last === 'article' && this.#article) return { kind: 'article', article: this.#article };
    if (this.#last === 'section' && this.#section) return { kind: 'heading', heading: this.#section };
    if (this.#chapter && !this.#chapter.synthetic) return { kind: 'heading', heading: this.#chapter };
    return { kind: 'front' };
  }

  #lastSectionNumber(): number {
    const chapter = this.#chapter;
    return chapter && !chapter.synthetic ? (chapter.sections.at(-1)?.number ?? 0) : 0;
  }

  /** The current chapter, or a made-up wrapper for a draft whose articles come before any chapter. */
  #ensureChapter(source: SourceLine): WChapter {
    if (this.#chapter) return this.#chapter;
    const wrapper: WChapter = {
      number: 1,
      label: SYNTHETIC_CHAPTER_LABEL[this.#lang],
      title: '',
      line: source.line,
      articles: [],
      sections: [],
      synthetic: true,
    };
    this.chapters.push(wrapper);
    this.#chapter = wrapper;
    return wrapper;
  }

  #startChapter(source: SourceLine, cls: HeadingLine): void {
    this.closeSection();
    this.#log.checkStyle(source, 'chapter', cls.numeral, 'chapter numbers are');
    const previous = this.#lastChapterNumber;
    if (cls.number !== previous + 1) {
      const used = this.chapters.some((c) => !c.synthetic && c.number === cls.number);
      this.#log.report(
        source,
        ...numberingProblem(this.#lang, used, cls.number, previous + 1, previous, cls.label, 'chapter'),
      );
    }
    if (this.#firstOrphanArticle && !this.#orphanReported) {
      this.#orphanReported = true;
      this.#log.report(
        this.#firstOrphanArticle,
        D.articleOutsideChapter,
        `articles before ${cls.label} belong to no chapter; they are kept in a chapter of their own`,
      );
    }
    this.#lastChapterNumber = Math.max(previous, cls.number);
    const chapter: WChapter = {
      number: cls.number,
      label: cls.label,
      title: cls.title,
      line: source.line,
      articles: [],
      sections: [],
    };
    this.chapters.push(chapter);
    this.#chapter = chapter;
    this.#article = undefined;
    this.#last = 'chapter';
    this.#tail = undefined;
  }

  #startSection(source: SourceLine, cls: HeadingLine): void {
    if (!this.#chapter)
      this.#log.report(source, D.sectionOutsideChapter, `${cls.label} comes before any chapter (第X章)`);
    this.closeSection();
    const anchor = this.#anchorNow();
    const owner = this.#ensureChapter(source);
    const previous = owner.sections.at(-1)?.number ?? 0;
    this.#log.checkStyle(source, 'section', cls.numeral, 'section numbers are');
    if (cls.number !== previous + 1) {
      const used = owner.sections.some((s) => s.number === cls.number);
      this.#log.report(
        source,
        ...numberingProblem(this.#lang, used, cls.number, previous + 1, previous, cls.label, 'section'),
      );
    }
    const section: WSection = {
      number: cls.number,
      label: cls.label,
      title: cls.title,
      line: source.line,
      articles: [],
      anchor,
    };
    owner.sections.push(section);
    this.#section = section;
    this.#article = undefined;
    this.#last = 'section';
    this.#tail = undefined;
  }

  #startArticle(source: SourceLine, cls: ArticleLine): void {
    if (!this.#chapter) this.#firstOrphanArticle = source;
    const owner = this.#ensureChapter(source);
    this.#log.checkStyle(source, 'article', cls.numeral, 'article numbers are');
    this.#checkArticleNumber(source, cls);
    const created: WArticle = {
      number: cls.number,
      ...(cls.suffix === undefined ? {} : { suffix: cls.suffix }),
      label: cls.label,
      line: source.line,
      paragraphs: [],
    };
    (this.#section ?? owner).articles.push(created);
    this.articleCount += 1;
    this.#article = created;
    this.#last = 'article';
    this.#tail = undefined;
    if (cls.text !== '') {
      const paragraph: WParagraph = { text: cls.text, items: [] };
      created.paragraphs.push(paragraph);
      this.#tail = paragraph;
    }
  }

  #checkArticleNumber(source: SourceLine, cls: ArticleLine): void {
    const key = articleKey(cls.number, cls.suffix);
    const used = this.#usedArticles.has(key);
    this.#usedArticles.add(key);
    const previous = this.#lastArticle;
    this.#lastArticle = { number: cls.number, ...(cls.suffix === undefined ? {} : { suffix: cls.suffix }) };
    if (cls.suffix === undefined) {
      const expected = (previous?.number ?? 0) + 1;
      if (cls.number !== expected) {
        this.#log.report(
          source,
          ...numberingProblem(
            this.#lang,
            used,
            cls.number,
            expected,
            previous?.number ?? 0,
            cls.label,
            'article',
          ),
        );
      }
      return;
    }
    if (previous?.number === cls.number && (previous.suffix ?? 0) + 1 === cls.suffix) return;
    if (used) {
      this.#log.report(source, D.numberingRepeat, `${cls.label} appears a second time`);
    } else if (!this.#usedArticles.has(articleKey(cls.number))) {
      this.#log.report(source, D.numberingGap, `${cls.label} has no article ${cls.number} before it`);
    } else {
      this.#log.report(source, D.numberingOrder, `${cls.label} is out of order`);
    }
  }

  #addText(source: SourceLine, text: string, hardStart: boolean): void {
    const article = this.#article;
    if (this.#last === 'article' && article) {
      if (!hardStart && this.#tail && !endsClause(this.#tail.text, this.#lang)) {
        this.#tail.text = joinWrapped(this.#tail.text, text);
        this.#log.joined(source, 'joined with the line before, which does not end a sentence or clause');
        return;
      }
      const paragraph: WParagraph = { text, items: [] };
      article.paragraphs.push(paragraph);
      this.#tail = paragraph;
      return;
    }
    // A wrapper chapter has no title of its own to take text; nothing of the body came before it.
    const chapter = this.#chapter;
    const heading = this.#last === 'section' ? this.#section : chapter?.synthetic ? undefined : chapter;
    if (!heading) {
      this.#log.report(
        source,
        D.unrecognisedLine,
        'text before the first chapter or article; kept with the preamble',
      );
      this.placeAt({ kind: 'front' }, text);
      return;
    }
    if (heading.title === '') {
      heading.title = tidy(text);
      return;
    }
    this.#log.report(
      source,
      D.unrecognisedLine,
      `text between ${heading.label} and its first article has no place in the structure; appended to the ${this.#last} title`,
    );
    heading.title = joinWrapped(heading.title, text);
  }

  #addListLine(source: SourceLine, cls: ListLine): void {
    const labelled = this.#lang === 'zh' ? `${cls.label}${cls.text}` : `${cls.label} ${cls.text}`;
    const article = this.#article;
    if (!article) return;
    const paragraph = article.paragraphs.at(-1);
    if (!paragraph) {
      this.#log.report(
        source,
        D.itemOutsideParagraph,
        `${cls.label} has no paragraph before it to belong to`,
      );
      this.#addText(source, labelled, true);
      return;
    }
    // English statute style numbers paragraphs (1), (2); they are items only after a lead-in ending in ':'.
    if (
      this.#lang === 'en' &&
      cls.family === 'arabic-paren' &&
      paragraph.itemFamily !== 'arabic-paren' &&
      !(paragraph.items.length === 0 && /[:：—]$/.test(paragraph.text))
    ) {
      this.#addText(source, labelled, true);
      return;
    }
    this.#tail = placeListLine(paragraph, source, cls, this.#lang, this.#log);
  }
}

function articleKey(number: number, suffix?: number): string {
  return suffix === undefined ? `${number}` : `${number}-${suffix}`;
}
