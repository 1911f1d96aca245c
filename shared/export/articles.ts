import { renderArticle } from '../draft/render.ts';
import type { Draft } from '../draft/schema.ts';
import type { ArticleIndex, ArticleInfo } from './model.ts';

// Room for every article of a version between two versions' general comments; no draft comes near it.
const PER_VERSION = 100_000;

const GENERAL = { label: '总体意见', title: '对草案的总体意见' } as const;

/**
 * Article labels, chapter titles and texts of every draft version the consultation went through, so that a
 * comment made on the first draft is named by that draft's article. General comments come first in each
 * version; an article id the draft does not know (it should not happen) is kept, last, under its own id:
 * the compilation never drops a comment.
 */
export function articleIndexOf(drafts: readonly Draft[]): ArticleIndex {
  const byKey = new Map<string, ArticleInfo>();
  for (const draft of drafts) {
    let position = 0;
    for (const chapter of draft.chapters) {
      const place = (title: string, articles: typeof chapter.articles) => {
        for (const article of articles) {
          position += 1;
          byKey.set(`${draft.version}:${article.id}`, {
            order: draft.version * PER_VERSION + position,
            label: article.label,
            title,
            text: renderArticle(article, draft.lang).join('\n'),
          });
        }
      };
      const chapterTitle = `${chapter.label} ${chapter.title}`;
      place(chapterTitle, chapter.articles);
      for (const section of chapter.sections)
        place(`${chapterTitle} ${section.label} ${section.title}`, section.articles);
    }
  }
  return {
    lookup(draftVersion, articleId) {
      if (articleId === null)
        return { order: draftVersion * PER_VERSION, label: GENERAL.label, title: GENERAL.title, text: '' };
      return (
        byKey.get(`${draftVersion}:${articleId}`) ?? {
          order: (draftVersion + 1) * PER_VERSION - 1,
          label: articleId,
          title: `（第${draftVersion}稿中无此条）`,
          text: '',
        }
      );
    },
  };
}
