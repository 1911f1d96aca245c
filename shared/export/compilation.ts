import type { CommentStatus, Stance } from '../comment/comment.ts';
import type { ArticleIndex, ExportResponse } from './model.ts';
import type { ExportRow } from './rows.ts';
import type { Progress } from './sink.ts';

/** One line of the 意见汇总表: a comment standing alone, or a form-letter cluster collapsed with its count. */
export interface CompilationEntry {
  kind: 'single' | 'cluster';
  clusterId: string | null;
  count: number;
  /** The comment shown: the cluster's first comment in store order. */
  commentId: string;
  stance: Stance;
  body: string;
  proposedWording: string | null;
  displayName: string | null;
  /** The response shown for the entry (a comment's or cluster's own; article responses go on the article). */
  response: ExportResponse | null;
  /** Internal variant only: how the entry's comments were moderated, and why for a single one. */
  byStatus: Record<CommentStatus, number> | null;
  moderationReason: string | null;
}

/** One article of the compilation with everything said about it. */
export interface ArticleGroup {
  order: number;
  draftVersion: number;
  label: string;
  title: string;
  text: string;
  comments: number;
  entries: CompilationEntry[];
  /** Spam is counted, not listed: it is accounted for without filling the document (internal only). */
  spam: number;
  /** A response written for the whole article, shown once under it. */
  articleResponse: ExportResponse | null;
}

function responseOf(row: ExportRow): ExportResponse | null {
  if (row.responseDecision === null || row.responseScope === null) return null;
  return { decision: row.responseDecision, reason: row.responseReason ?? '', scope: row.responseScope };
}

/**
 * Folds the rows into per-article groups, each form-letter cluster collapsed into one entry with its
 * count. Reads the rows once, in any order; what it keeps grows with articles, clusters and comments
 * standing alone, which is exactly what the document shows, never with the number of form letters.
 */
export async function compile(
  pages: AsyncIterable<readonly ExportRow[]>,
  articles: ArticleIndex,
  onProgress?: Progress,
): Promise<ArticleGroup[]> {
  const groups = new Map<number, ArticleGroup & { clusters: Map<string, CompilationEntry> }>();
  let rows = 0;
  for await (const page of pages) {
    for (const row of page) {
      let group = groups.get(row.articleOrder);
      if (group === undefined) {
        const article = articles.lookup(row.draftVersion, row.articleId);
        group = {
          order: row.articleOrder,
          draftVersion: row.draftVersion,
          label: article.label,
          title: article.title,
          text: article.text,
          comments: 0,
          entries: [],
          spam: 0,
          articleResponse: null,
          clusters: new Map(),
        };
        groups.set(row.articleOrder, group);
      }
      group.comments += 1;
      const response = responseOf(row);
      if (response?.scope === 'article') group.articleResponse ??= response;
      const status = row.variant === 'internal' ? row.status : null;
      if (status === 'spam') {
        group.spam += 1;
        continue;
      }
      const existing = row.clusterId === null ? undefined : group.clusters.get(row.clusterId);
      if (existing !== undefined) {
        existing.count += 1;
        if (existing.byStatus !== null && status !== null) existing.byStatus[status] += 1;
        if (existing.response === null && response !== null && response.scope !== 'article')
          existing.response = response;
        continue;
      }
      const entry: CompilationEntry = {
        kind: row.clusterId === null ? 'single' : 'cluster',
        clusterId: row.clusterId,
        count: 1,
        commentId: row.commentId,
        stance: row.stance,
        body: row.body,
        proposedWording: row.proposedWording,
        displayName: row.displayName,
        response: response?.scope === 'article' ? null : response,
        byStatus: status === null ? null : { pending: 0, published: 0, rejected: 0, spam: 0, [status]: 1 },
        moderationReason: row.variant === 'internal' ? row.moderationReason : null,
      };
      group.entries.push(entry);
      if (row.clusterId !== null) group.clusters.set(row.clusterId, entry);
    }
    rows += page.length;
    onProgress?.(rows);
  }
  return [...groups.values()]
    .sort((a, b) => a.order - b.order)
    .map(({ clusters: _, ...group }) => ({
      ...group,
      // Largest clusters first, as offices read them; then single comments in the order received.
      entries: group.entries.sort(
        (a, b) => b.count - a.count || (a.commentId < b.commentId ? -1 : a.commentId > b.commentId ? 1 : 0),
      ),
    }));
}
