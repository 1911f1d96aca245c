import type { ContactDetails } from '../comment/comment.ts';
import { newCommentId } from '../comment/comment-id.ts';
import type { Consultation } from '../consultation/consultation.ts';
import { NotFoundError } from '../errors.ts';
import type { Clock } from '../ports.ts';
import type { StaffStore } from '../staff/ports.ts';
import { requireRole, type StaffPrincipal } from '../staff/principal.ts';

/**
 * A commenter's contact details, for administrators and drafting officers only. The read is audited before
 * anything is returned, so no read goes unrecorded.
 */
export async function readContact(
  deps: { store: StaffStore; clock: Clock },
  principal: StaffPrincipal,
  consultation: Consultation,
  commentId: string,
  requestId: string,
): Promise<ContactDetails> {
  requireRole(principal, ['admin', 'drafter'], "read a commenter's contact details");
  const comment = await deps.store.getComment(consultation.id, commentId);
  if (comment === undefined) throw new NotFoundError(`This consultation has no comment ${commentId}.`);
  const now = deps.clock.now();
  await deps.store.appendAudit({
    id: newCommentId(now),
    at: now.toISOString(),
    actor: { sub: principal.sub, username: principal.username },
    action: 'read-contact',
    consultationId: consultation.id,
    commentId,
    requestId,
  });
  return (await deps.store.getContact(consultation.id, commentId)) ?? {};
}
