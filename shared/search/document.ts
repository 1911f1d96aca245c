import { z } from 'zod';
import { type Comment, CommentStatus, Stance } from '../comment/comment.ts';

/** What the index keeps of a comment: its text fields and the fields staff filter by. */
export const SearchDocument = z
  .object({
    id: z.string().min(1),
    body: z.string(),
    proposedWording: z.string().nullable(),
    articleId: z.string().nullable(),
    stance: Stance,
    status: CommentStatus,
    clusterId: z.string().nullable(),
  })
  .strict();
export type SearchDocument = z.infer<typeof SearchDocument>;

/** A moderation or clustering decision: only these fields of an indexed comment ever change. */
export const SearchDocumentChanges = z
  .object({
    articleId: z.string().nullable().optional(),
    stance: Stance.optional(),
    status: CommentStatus.optional(),
    clusterId: z.string().nullable().optional(),
  })
  .strict();
export type SearchDocumentChanges = z.infer<typeof SearchDocumentChanges>;

export function searchDocumentOf(
  comment: Pick<Comment, 'id' | 'body' | 'proposedWording' | 'articleId' | 'stance' | 'status'>,
  clusterId: string | null = null,
): SearchDocument {
  return {
    id: comment.id,
    body: comment.body,
    proposedWording: comment.proposedWording,
    articleId: comment.articleId,
    stance: comment.stance,
    status: comment.status,
    clusterId,
  };
}
