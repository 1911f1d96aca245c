import { COMMENT_STATUSES, type CommentStatus, STANCES, type Stance } from '../comment/comment.ts';
import { LABELS } from './model.ts';
import type { ExportRow } from './rows.ts';

/** Counts for one article of one draft version. */
export interface ArticleSummary {
  order: number;
  draftVersion: number;
  articleLabel: string;
  articleTitle: string;
  comments: number;
  /** Comments counted with each form-letter cluster as one. */
  collapsed: number;
  clusters: number;
  byStance: Record<Stance, number>;
  /** Only for the internal variant; the public one holds published comments alone. */
  byStatus: Record<CommentStatus, number>;
  answered: number;
}

/**
 * Per-article counts gathered while the rows stream past: memory follows articles and clusters (a set of
 * cluster ids per article), never the number of comments.
 */
export class SummaryBuilder {
  readonly #articles = new Map<number, ArticleSummary & { clusterIds: Set<string> }>();

  add(row: ExportRow): void {
    let entry = this.#articles.get(row.articleOrder);
    if (entry === undefined) {
      entry = {
        order: row.articleOrder,
        draftVersion: row.draftVersion,
        articleLabel: row.articleLabel,
        articleTitle: row.articleTitle,
        comments: 0,
        collapsed: 0,
        clusters: 0,
        byStance: { support: 0, oppose: 0, suggest: 0, other: 0 },
        byStatus: { pending: 0, published: 0, rejected: 0, spam: 0 },
        answered: 0,
        clusterIds: new Set(),
      };
      this.#articles.set(row.articleOrder, entry);
    }
    entry.comments += 1;
    entry.byStance[row.stance] += 1;
    entry.byStatus[row.variant === 'internal' ? row.status : 'published'] += 1;
    if (row.responseDecision !== null) entry.answered += 1;
    if (row.clusterId === null) entry.collapsed += 1;
    else if (!entry.clusterIds.has(row.clusterId)) {
      entry.clusterIds.add(row.clusterId);
      entry.collapsed += 1;
      entry.clusters += 1;
    }
  }

  /** The articles in compilation order. */
  result(): ArticleSummary[] {
    return [...this.#articles.values()]
      .sort((a, b) => a.order - b.order)
      .map(({ clusterIds: _, ...summary }) => summary);
  }
}

/** The summary sheet's columns: headers, widths and the values of one article. */
export function summaryTable(withStatus: boolean): {
  headers: { header: string; width: number }[];
  values(s: ArticleSummary): (string | number)[];
} {
  const statusHeaders = withStatus
    ? COMMENT_STATUSES.map((s) => ({ header: `${LABELS.status[s]} ${s}`, width: 10 }))
    : [];
  return {
    headers: [
      { header: '条文 Article', width: 14 },
      { header: '所在章节 Chapter', width: 24 },
      { header: '草案稿次 Draft version', width: 8 },
      { header: '意见数 Comments', width: 10 },
      { header: '合并同类后 Collapsed', width: 12 },
      { header: '同类意见组 Clusters', width: 10 },
      ...STANCES.map((s) => ({ header: `${LABELS.stance[s]} ${s}`, width: 10 })),
      ...statusHeaders,
      { header: '已答复 Answered', width: 10 },
    ],
    values: (s) => [
      s.articleLabel,
      s.articleTitle,
      s.draftVersion,
      s.comments,
      s.collapsed,
      s.clusters,
      ...STANCES.map((k) => s.byStance[k]),
      ...(withStatus ? COMMENT_STATUSES.map((k) => s.byStatus[k]) : []),
      s.answered,
    ],
  };
}
