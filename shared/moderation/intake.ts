import type { CommentStatus, CommentSubmission } from '../comment/comment.ts';
import type { Consultation } from '../consultation/consultation.ts';
import { screen } from './screening.ts';

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
