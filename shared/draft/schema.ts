import { z } from 'zod';

/**
 * Structured content of a draft regulation: chapters (章) → optional sections (节) → articles (条)
 * → paragraphs (款) → items (项) → sub-items (目). The site renders it, the importer produces it and the
 * API pins its article ids; ids are stable across builds so that comments and anchors keep pointing at
 * the same article.
 */

export const LANGS = ['zh', 'en'] as const;
export const Lang = z.enum(LANGS);
export type Lang = z.infer<typeof Lang>;

/** Ids of drafts and consultations: 2–63 lower-case letters, digits and hyphens, safe in URLs and keys. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;
export const DraftId = z
  .string()
  .regex(SLUG_PATTERN, 'use 2–63 lower-case letters, digits and hyphens, e.g. transit-safety');

/** `art-12`, or `art-12-1` for 第十二条之一. */
export const ArticleId = z.string().regex(/^art-[1-9]\d{0,3}(?:-[1-9]\d?)?$/, 'article id like art-12');
export type ArticleId = z.infer<typeof ArticleId>;

const text = z.string().min(1);

export const SubItem = z
  .object({
    /** As printed: `1.` / `(i)` */
    label: text,
    text,
  })
  .strict();
export type SubItem = z.infer<typeof SubItem>;

export const Item = z
  .object({
    /** As printed: `（一）` / `(a)` */
    label: text,
    text,
    subItems: z.array(SubItem).default([]),
  })
  .strict();
export type Item = z.infer<typeof Item>;

export const Paragraph = z
  .object({
    /** The paragraph's own sentence(s); items follow it. */
    text,
    items: z.array(Item).default([]),
  })
  .strict();
export type Paragraph = z.infer<typeof Paragraph>;

export const Article = z
  .object({
    id: ArticleId,
    /** Ordinal position used for sorting and diffing; 之一 articles use the same number with a suffix. */
    number: z.number().int().positive(),
    suffix: z.number().int().positive().optional(),
    /** As printed: `第十二条` / `Article 12` */
    label: text,
    paragraphs: z.array(Paragraph).min(1),
  })
  .strict();
export type Article = z.infer<typeof Article>;

export const Section = z
  .object({
    id: z.string().regex(/^ch-\d+-sec-\d+$/),
    number: z.number().int().positive(),
    label: text,
    title: text,
    articles: z.array(Article).min(1),
  })
  .strict();
export type Section = z.infer<typeof Section>;

export const Chapter = z
  .object({
    id: z.string().regex(/^ch-\d+$/),
    number: z.number().int().positive(),
    /** As printed: `第一章` / `Chapter I` */
    label: text,
    title: text,
    /** Articles directly in the chapter, before any section. */
    articles: z.array(Article).default([]),
    sections: z.array(Section).default([]),
  })
  .strict();
export type Chapter = z.infer<typeof Chapter>;

export const ExplanatoryNote = z
  .object({
    /** 起草说明 / Explanatory note */
    title: text,
    paragraphs: z.array(z.object({ heading: z.string().optional(), text }).strict()).min(1),
  })
  .strict();
export type ExplanatoryNote = z.infer<typeof ExplanatoryNote>;

export const Draft = z
  .object({
    /** Stable id of the regulation, shared by all its versions and languages: `transit-safety`. */
    id: DraftId,
    /** 1 for the first consultation draft, 2 for 第二次征求意见稿, … */
    version: z.number().int().positive(),
    lang: Lang,
    title: text,
    /** `征求意见稿` / `Draft for Comment` */
    stage: text,
    /** Paragraphs before the first chapter (rare in ordinances but allowed). */
    preamble: z.array(text).default([]),
    chapters: z.array(Chapter).min(1),
    explanatoryNote: ExplanatoryNote.optional(),
  })
  .strict();
export type Draft = z.infer<typeof Draft>;
export type DraftInput = z.input<typeof Draft>;

/** All articles in reading order, whether directly in a chapter or inside its sections. */
export function articlesOf(draft: Draft): Article[] {
  return draft.chapters.flatMap((chapter) => [
    ...chapter.articles,
    ...chapter.sections.flatMap((section) => section.articles),
  ]);
}
