import { newCommentId } from '../comment/comment-id.ts';
import type { Consultation } from '../consultation/consultation.ts';
import { EditConflictError, NotFoundError, ValidationError } from '../errors.ts';
import type { Clock } from '../ports.ts';
import type { StaffStore } from '../staff/ports.ts';
import { requireRole, type StaffPrincipal } from '../staff/principal.ts';
import type { ResponseStore } from './ports.ts';
import type { ResponseRequest, ResponseTarget, StoredResponse } from './response.ts';

export const RESPONDERS = ['drafter', 'admin'] as const;
// Two drafters answering one target at once: re-read and write the next version (both stay in history).
const ATTEMPTS = 3;
const CONCURRENCY = 10;

export interface RespondDeps {
  responses: ResponseStore;
  staff: Pick<StaffStore, 'getComment' | 'appendAudit'>;
  clock: Clock;
}

export interface RespondResult {
  scope: ResponseTarget['scope'];
  targetId: string;
  outcome: 'done' | 'not-found';
  response?: StoredResponse;
}

/**
 * Answers one comment, a selection, a cluster or an article. A changed answer is a new version: the earlier
 * ones stay as immutable history items, and every answer is audited.
 */
export async function respond(
  deps: RespondDeps,
  principal: StaffPrincipal,
  consultation: Consultation,
  request: ResponseRequest,
  requestId: string,
): Promise<RespondResult[]> {
  requireRole(principal, RESPONDERS, 'answer comments');
  const targets = targetsOf(consultation, request);
  const answerOne = async (target: ResponseTarget): Promise<RespondResult> => {
    if (target.scope === 'comment') {
      const comment = await deps.staff.getComment(consultation.id, target.id);
      if (comment === undefined) return { scope: target.scope, targetId: target.id, outcome: 'not-found' };
    }
    for (let attempt = 1; ; attempt++) {
      const current = await deps.responses.getResponse(consultation.id, target);
      const now = deps.clock.now();
      const next: StoredResponse = {
        consultationId: consultation.id,
        scope: target.scope,
        targetId: target.id,
        decision: request.decision,
        reason: request.reason.en === undefined ? { zh: request.reason.zh } : request.reason,
        by: { sub: principal.sub, username: principal.username },
        at: now.toISOString(),
        version: (current?.version ?? 0) + 1,
      };
      const written = await deps.responses.putResponse(next);
      if (written.kind === 'conflict') {
        if (attempt < ATTEMPTS) continue;
        throw new EditConflictError(
          'Someone else is answering this at the same moment; try again.',
          written.current,
        );
      }
      await deps.staff.appendAudit({
        id: newCommentId(now),
        at: next.at,
        actor: next.by,
        action: 'respond',
        consultationId: consultation.id,
        ...(target.scope === 'comment' ? { commentId: target.id } : {}),
        ...(current === undefined ? {} : { from: current.decision }),
        to: next.decision,
        reason: next.reason.zh,
        target: `${target.scope}:${target.id}`,
        requestId,
      });
      return { scope: target.scope, targetId: target.id, outcome: 'done', response: next };
    }
  };
  const results: RespondResult[] = [];
  for (let i = 0; i < targets.length; i += CONCURRENCY) {
    results.push(...(await Promise.all(targets.slice(i, i + CONCURRENCY).map(answerOne))));
  }
  return results;
}

/** A single target that does not exist answers 404, as a form submit expects. */
export function raiseUnlessAnswered(results: readonly RespondResult[]): void {
  const [only] = results;
  if (results.length === 1 && only !== undefined && only.outcome === 'not-found')
    throw new NotFoundError(`This consultation has no comment ${only.targetId}.`);
}

function targetsOf(consultation: Consultation, request: ResponseRequest): ResponseTarget[] {
  const { target } = request;
  switch (target.kind) {
    case 'comment':
      return [{ scope: 'comment', id: target.commentId }];
    case 'comments': {
      const ids = target.commentIds;
      const twice = ids.findIndex((id, i) => ids.indexOf(id) !== i);
      if (twice !== -1)
        throw new ValidationError('Each comment may appear once per answer.', [
          { pointer: `/target/commentIds/${twice}`, detail: `comment ${ids[twice]} is listed twice` },
        ]);
      return ids.map((id) => ({ scope: 'comment', id }));
    }
    case 'cluster':
      return [{ scope: 'cluster', id: target.clusterId }];
    case 'article':
      if (target.articleId !== 'whole' && !consultation.articleIds.includes(target.articleId))
        throw new ValidationError(`The draft has no article "${target.articleId}".`, [
          { pointer: '/target/articleId', detail: `unknown article "${target.articleId}"` },
        ]);
      return [{ scope: 'article', id: target.articleId }];
  }
}
