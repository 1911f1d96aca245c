import type { Comment, CommentStatus, CommentSubmission } from '../comment/comment.ts';
import { newCommentId } from '../comment/comment-id.ts';
import type { Consultation } from '../consultation/consultation.ts';
import { screen } from './screening.ts';
import type { AuditEntry } from './views.ts';

/**
 * The status a new comment starts in. Pre-moderation (the default): pending. Post-moderation: published at
 * once, unless pre-screening finds personal data, which holds it for a moderator.
 */
export function initialStatus(
  consultation: Pick<Consultation, 'moderation'>,
  submission: Pick<CommentSubmission, 'body' | 'proposedWording' | 'displayName'>,
): CommentStatus {
  if (consultation.moderation !== 'post') return 'pending';
  const texts = [submission.body, submission.proposedWording, submission.displayName];
  return texts.some((text) => text !== undefined && screen(text).flags.length > 0) ? 'pending' : 'published';
}

/** Who published a comment on receipt: no moderator did, the consultation's post-moderation rule did. */
export const POST_MODERATION_ACTOR = { sub: 'system:post-moderation', username: 'post-moderation' } as const;

/**
 * The audit entry of a comment that intake published at once (post-moderation), so that its trail says
 * how it became public like any moderator's decision does; undefined for a comment that waits for one.
 */
export function autoPublishAudit(
  comment: Pick<Comment, 'id' | 'consultationId' | 'status' | 'submittedAt'>,
  requestId: string,
): AuditEntry | undefined {
  if (comment.status !== 'published') return undefined;
  return {
    id: newCommentId(new Date(comment.submittedAt)),
    at: comment.submittedAt,
    actor: POST_MODERATION_ACTOR,
    action: 'auto-publish',
    consultationId: comment.consultationId,
    commentId: comment.id,
    to: 'published',
    reason: 'post-moderation: published on receipt; pre-screening found no personal data',
    requestId,
  };
}
