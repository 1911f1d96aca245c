import type { Comment, CommentStatus, ContactDetails, Stance } from '../comment/comment.ts';

/**
 * What the export reads from the store for one comment. The store (staff side) assembles it: the comment,
 * its moderation reason, the contact item (read only for the internal variant), the cluster it belongs to
 * and the response that applies to it. Nothing here is a row of any file yet: see rows.ts.
 */
export interface ExportRecord {
  comment: Pick<
    Comment,
    | 'id'
    | 'receipt'
    | 'articleId'
    | 'draftVersion'
    | 'stance'
    | 'body'
    | 'proposedWording'
    | 'displayName'
    | 'publishName'
    | 'status'
    | 'submittedAt'
  >;
  moderationReason: string | null;
  contact: ContactDetails | null;
  /** The form-letter cluster; null when the comment stands alone (or clustering has not run). */
  cluster: { id: string; size: number } | null;
  response: ExportResponse | null;
}

export const RESPONSE_DECISIONS = ['adopted', 'partly-adopted', 'not-adopted', 'noted'] as const;
export type ResponseDecision = (typeof RESPONSE_DECISIONS)[number];

/** Where a response was written: a comment's own response wins over its cluster's, which wins over the article's. */
export const RESPONSE_SCOPES = ['comment', 'cluster', 'article'] as const;
export type ResponseScope = (typeof RESPONSE_SCOPES)[number];

export interface ExportResponse {
  decision: ResponseDecision;
  reason: string;
  scope: ResponseScope;
}

/** The response that applies to a comment, given the ones written for it, its cluster and its article. */
export function responseFor(candidates: {
  comment?: Omit<ExportResponse, 'scope'> | undefined;
  cluster?: Omit<ExportResponse, 'scope'> | undefined;
  article?: Omit<ExportResponse, 'scope'> | undefined;
}): ExportResponse | null {
  for (const scope of RESPONSE_SCOPES) {
    const found = candidates[scope];
    if (found !== undefined) return { decision: found.decision, reason: found.reason, scope };
  }
  return null;
}

export const EXPORT_VARIANTS = ['internal', 'public'] as const;
export type ExportVariant = (typeof EXPORT_VARIANTS)[number];

export const EXPORT_FORMATS = ['csv', 'json', 'xlsx', 'docx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const LABELS = {
  stance: { support: '支持', oppose: '反对', suggest: '修改建议', other: '其他' } satisfies Record<
    Stance,
    string
  >,
  status: {
    pending: '待审核',
    published: '已公开',
    rejected: '不予公开',
    spam: '垃圾信息',
  } satisfies Record<CommentStatus, string>,
  decision: {
    adopted: '采纳',
    'partly-adopted': '部分采纳',
    'not-adopted': '不予采纳',
    noted: '已知悉',
  } satisfies Record<ResponseDecision, string>,
  scope: { comment: '逐条答复', cluster: '按同类意见答复', article: '按条文答复' } satisfies Record<
    ResponseScope,
    string
  >,
} as const;

/** One article of a draft version as the compilation names it. */
export interface ArticleInfo {
  /** Reading position across the whole compilation: general comments first, then articles in order. */
  order: number;
  /** `第十二条`, or `总体意见` for comments on the whole draft. */
  label: string;
  /** The chapter (and section) the article sits in, e.g. `第二章 运营安全`. */
  title: string;
  /** The article's text, for the DOCX compilation. */
  text: string;
}

/** Finds the article a comment refers to: its id is only meaningful together with its draft version. */
export interface ArticleIndex {
  lookup(draftVersion: number, articleId: string | null): ArticleInfo;
}
