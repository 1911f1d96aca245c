import { MalformedRequestError, NotFoundError } from '../errors.ts';
import type { ConsultationStore } from '../ports.ts';
import type { CommentStatusView } from './comment.ts';
import { normalizeReceipt } from './receipt.ts';
import { receiptOf } from './submit-comment.ts';

/** What became of a comment, by its receipt: status and dates only, never its author or contact. */
export async function lookupReceipt(
  store: ConsultationStore,
  receiptInput: string,
): Promise<CommentStatusView> {
  const receipt = normalizeReceipt(receiptInput);
  if (receipt === undefined) {
    throw new MalformedRequestError(
      'A receipt has 12 letters and digits, e.g. ABCD-EFGH-JKMN (no 0, 1, I, L or O).',
    );
  }
  const comment = await store.findCommentByReceipt(receipt);
  if (comment === undefined) throw new NotFoundError(`No comment has the receipt ${receipt}.`);
  const view: CommentStatusView = { ...receiptOf(comment), updatedAt: comment.updatedAt };
  return comment.status === 'rejected' && comment.reason !== undefined
    ? { ...view, reason: comment.reason }
    : view;
}
