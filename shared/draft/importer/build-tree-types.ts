/** The draft as the builder grows it: mutable, with source lines and numbering state the output drops. */
import type { ListFamily } from './classify.ts';

export type TextNode = { text: string };
export type WSub = TextNode & { label: string };
export type WItem = TextNode & {
  label: string;
  family: ListFamily;
  value: number;
  subItems: WSub[];
  subFamily?: ListFamily;
};
export type WParagraph = TextNode & { items: WItem[]; itemFamily?: ListFamily; synthetic?: boolean };
export type WArticle = {
  number: number;
  suffix?: number;
  label: string;
  line: number;
  paragraphs: WParagraph[];
};
export type WHeading = { number: number; label: string; title: string; line: number; articles: WArticle[] };
/** `anchor`: where the section's heading goes as text if the section turns out to have no articles. */
export type WSection = WHeading & { anchor: Anchor };
export type WChapter = WHeading & { sections: WSection[]; synthetic?: boolean };
/** The last place in reading order, which takes text that has no place of its own. */
export type Anchor =
  | { kind: 'article'; article: WArticle }
  | { kind: 'heading'; heading: WHeading }
  | { kind: 'front' };
export type WNote = {
  title: string;
  line: number;
  anchor: Anchor;
  paragraphs: ({ heading?: string } & TextNode)[];
};

export function allArticles(chapter: WChapter): WArticle[] {
  return [...chapter.articles, ...chapter.sections.flatMap((s) => s.articles)];
}
