import type { Article, Chapter, Draft, Lang } from './schema.ts';

export type RenderOptions = {
  /** Indent each paragraph with two ideographic spaces, as Chinese documents do. Default: on for Chinese. */
  indent?: boolean;
  /** Print a 目录 / Contents block after the title. Default: off. */
  toc?: boolean;
};

const SPACE = { zh: '\u3000', en: ' ' } as const;

/**
 * Renders a draft as plain text following the conventions of its language: the title, the stage in
 * brackets, chapter/section headings on their own lines, every article starting with its label, one line
 * per paragraph (款), item (项) and sub-item (目), then the explanatory note. The importer reads this back
 * into the same draft.
 */
export function renderDraft(draft: Draft, options: RenderOptions = {}): string {
  const lang = draft.lang;
  const indent = (options.indent ?? lang === 'zh') ? '\u3000\u3000' : '';
  const out: string[] = [draft.title, lang === 'zh' ? `（${draft.stage}）` : `(${draft.stage})`];
  for (const p of draft.preamble) out.push(`${indent}${p}`);
  if (options.toc) {
    out.push('', lang === 'zh' ? '目\u3000\u3000录' : 'Contents');
    for (const chapter of draft.chapters) {
      out.push(heading(chapter.label, chapter.title, lang));
      for (const section of chapter.sections)
        out.push(`${SPACE[lang]}${heading(section.label, section.title, lang)}`);
    }
  }
  for (const chapter of draft.chapters) out.push('', ...renderChapter(chapter, lang, indent));
  const note = draft.explanatoryNote;
  if (note) {
    out.push('', note.title);
    for (const p of note.paragraphs) {
      if (p.heading !== undefined) out.push(`${indent}${p.heading}`);
      out.push(`${indent}${p.text}`);
    }
  }
  return `${out.join('\n')}\n`;
}

function renderChapter(chapter: Chapter, lang: Lang, indent: string): string[] {
  const out = [heading(chapter.label, chapter.title, lang), ''];
  for (const article of chapter.articles) out.push(...renderArticle(article, lang, indent));
  for (const section of chapter.sections) {
    out.push('', heading(section.label, section.title, lang), '');
    for (const article of section.articles) out.push(...renderArticle(article, lang, indent));
  }
  return out;
}

/** An article as lines: `第一条　…` with its first paragraph, then one line per paragraph, item and sub-item. */
export function renderArticle(article: Article, lang: Lang, indent = ''): string[] {
  const out: string[] = [];
  const gap = lang === 'zh' ? '' : ' ';
  article.paragraphs.forEach((paragraph, i) => {
    out.push(
      i === 0 ? `${indent}${article.label}${SPACE[lang]}${paragraph.text}` : `${indent}${paragraph.text}`,
    );
    for (const item of paragraph.items) {
      out.push(`${indent}${item.label}${gap}${item.text}`);
      for (const sub of item.subItems) out.push(`${indent}${sub.label}${gap}${sub.text}`);
    }
  });
  return out;
}

function heading(label: string, title: string, lang: Lang): string {
  return `${label}${SPACE[lang]}${title}`;
}
