import type { SearchDocument } from '../../../shared/search/document.ts';
import { jiebaSegmenter } from '../../../shared/search/jieba-segmenter.ts';
import { SearchIndex } from '../../../shared/search/search-index.ts';

export const segmenter = jiebaSegmenter();

let counter = 0;

/** A comment as the index sees it; ids ascend in creation order like the real time-ordered ids. */
export function doc(body: string, fields: Partial<SearchDocument> = {}): SearchDocument {
  counter++;
  return {
    id: `c${String(counter).padStart(6, '0')}`,
    body,
    proposedWording: null,
    articleId: 'art-1',
    stance: 'suggest',
    status: 'published',
    clusterId: null,
    ...fields,
  };
}

export function indexOf(docs: readonly SearchDocument[]): SearchIndex {
  const index = new SearchIndex(segmenter);
  for (const d of docs) index.add(d);
  return index;
}

/** Ids of every hit, following cursors to the end. */
export function allIds(index: SearchIndex, request: Parameters<SearchIndex['search']>[0]): string[] {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page = index.search({ ...request, cursor });
    ids.push(...page.hits.map((h) => h.id));
    if (page.nextCursor === null) return ids;
    cursor = page.nextCursor;
  }
}
