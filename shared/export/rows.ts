import type { CommentStatus, Stance } from '../comment/comment.ts';
import type { ArticleIndex, ExportRecord, ResponseDecision, ResponseScope } from './model.ts';

/**
 * The two row types of the compilation. They are separate types with a literal `variant` tag, so an
 * internal row cannot be passed where a public one is expected, and the public type has no field that
 * could hold a receipt, contact data, an unconsented name or a moderation reason. Writers emit only the
 * columns of the variant (columns.ts), never the row object itself, so a stray property added at run time
 * would not reach a file either.
 */
interface RowCore {
  commentId: string;
  draftVersion: number;
  articleId: string | null;
  articleLabel: string;
  articleTitle: string;
  /** Where the article sits in the compilation (general comments first, then reading order). */
  articleOrder: number;
  stance: Stance;
  body: string;
  proposedWording: string | null;
  clusterId: string | null;
  clusterSize: number | null;
  responseDecision: ResponseDecision | null;
  responseReason: string | null;
  responseScope: ResponseScope | null;
  /** ISO 8601 in Beijing time (`2026-11-25T14:03:07+08:00`). */
  submittedAt: string;
}

export interface InternalRow extends RowCore {
  readonly variant: 'internal';
  receipt: string;
  /** Shown to staff whether or not its author consented to publication. */
  displayName: string | null;
  publishName: boolean;
  status: CommentStatus;
  moderationReason: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
}

export interface PublicRow extends RowCore {
  readonly variant: 'public';
  /** Only where its author consented to publication (PIPL Art.25). */
  displayName: string | null;
}

export type ExportRow = InternalRow | PublicRow;

/**
 * Hides personal data a commenter typed into the text (phone numbers, ID card numbers, e-mail addresses):
 * the staff side's pre-screening (`screen(text).masked`) in production. Required, never defaulted, so
 * that a public export cannot be made without it.
 */
export type TextMask = (text: string) => string;

/** Beijing has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact (and fast). */
export function beijingIso(utcIso: string): string {
  const shifted = new Date(Date.parse(utcIso) + 8 * 3_600_000).toISOString();
  return `${shifted.slice(0, 19)}+08:00`;
}

function core(record: ExportRecord, articles: ArticleIndex, mask: TextMask): RowCore {
  const { comment } = record;
  const article = articles.lookup(comment.draftVersion, comment.articleId);
  return {
    commentId: comment.id,
    draftVersion: comment.draftVersion,
    articleId: comment.articleId,
    articleLabel: article.label,
    articleTitle: article.title,
    articleOrder: article.order,
    stance: comment.stance,
    body: mask(comment.body),
    proposedWording: comment.proposedWording === null ? null : mask(comment.proposedWording),
    clusterId: record.cluster?.id ?? null,
    clusterSize: record.cluster?.size ?? null,
    responseDecision: record.response?.decision ?? null,
    responseReason: record.response?.reason ?? null,
    responseScope: record.response?.scope ?? null,
    submittedAt: beijingIso(comment.submittedAt),
  };
}

const unmasked: TextMask = (text) => text;

/** Every comment received, whatever its status: staff account for each one (rejected and spam included). */
export function toInternalRow(record: ExportRecord, articles: ArticleIndex): InternalRow {
  const { comment } = record;
  return {
    variant: 'internal',
    ...core(record, articles, unmasked),
    receipt: comment.receipt,
    displayName: comment.displayName,
    publishName: comment.publishName,
    status: comment.status,
    moderationReason: record.moderationReason,
    contactEmail: record.contact?.email ?? null,
    contactPhone: record.contact?.phone ?? null,
  };
}

/**
 * A published comment as the public may read it, or undefined for any other status: a comment that was
 * not published is not published by an export either.
 */
export function toPublicRow(
  record: ExportRecord,
  articles: ArticleIndex,
  mask: TextMask,
): PublicRow | undefined {
  const { comment } = record;
  if (comment.status !== 'published') return undefined;
  return {
    variant: 'public',
    ...core(record, articles, mask),
    displayName: comment.publishName && comment.displayName !== null ? mask(comment.displayName) : null,
  };
}
