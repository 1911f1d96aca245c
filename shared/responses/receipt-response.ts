import type { Comment } from '../comment/comment.ts';
import { type Consultation, statusAt } from '../consultation/consultation.ts';
import type { ResponseStore } from './ports.ts';
import {
  effectiveResponse,
  type PublicResponse,
  publicResponseOf,
  type StoredResponse,
  targetKey,
} from './response.ts';

/**
 * The answer a citizen sees under their receipt: only once the consultation is concluded, when the office
 * has published its adoption report (the answers may change until then), and never who wrote it.
 */
export async function responseForCitizen(
  responses: Pick<ResponseStore, 'getResponses'>,
  consultation: Consultation,
  comment: Comment,
  now: Date,
): Promise<PublicResponse | undefined> {
  if (statusAt(consultation, now) !== 'concluded' || comment.status === 'spam') return undefined;
  const response = await currentResponse(responses, comment);
  return response === undefined ? undefined : publicResponseOf(response);
}

/** The answer that applies to a comment now: its own, else its cluster's, else its article's. */
export async function currentResponse(
  responses: Pick<ResponseStore, 'getResponses'>,
  comment: Pick<Comment, 'id' | 'consultationId' | 'articleId' | 'clusterId'>,
): Promise<StoredResponse | undefined> {
  const found = await responses.getResponses(comment.consultationId, [
    { scope: 'comment', id: comment.id },
    ...(comment.clusterId === undefined ? [] : [{ scope: 'cluster', id: comment.clusterId } as const]),
    { scope: 'article', id: comment.articleId ?? 'whole' },
  ]);
  const byKey = new Map(found.map((r) => [targetKey({ scope: r.scope, id: r.targetId }), r]));
  return effectiveResponse(comment, (target) => byKey.get(targetKey(target)));
}
