import { z } from 'zod';
import type { Comment } from '../comment/comment.ts';
import { newCommentId } from '../comment/comment-id.ts';
import type { Consultation } from '../consultation/consultation.ts';
import { EditConflictError, IllegalTransitionError, NotFoundError, ValidationError } from '../errors.ts';
import type { Clock } from '../ports.ts';
import type { StaffStore } from '../staff/ports.ts';
import { requireRole, type StaffPrincipal } from '../staff/principal.ts';
import { type ModerationReason, publicReason } from './reasons.ts';
import { isLegal, MODERATION_ACTIONS, rolesFor, targetOf } from './transitions.ts';
import { type StaffComment, staffViewOf } from './views.ts';

/** Page size of the console and the most one bulk decision may carry. */
export const MAX_BULK = 100;
const MAX_REASON_CHARS = 500;
// Parallel writes per bulk decision: enough to finish 100 in a few round trips, few enough not to throttle.
const CONCURRENCY = 10;

export const ModerationRequest = z
  .object({
    action: z.enum(MODERATION_ACTIONS),
    items: z
      .array(
        z
          .object({
            commentId: z.string().regex(/^[0-9A-Z]{26}$/, 'a comment id'),
            version: z.number().int().nonnegative(),
          })
          .strict(),
      )
      .min(1, 'choose at least one comment')
      .max(MAX_BULK, `at most ${MAX_BULK} comments per decision`),
    reason: z.string().trim().min(1).max(MAX_REASON_CHARS).optional(),
    reasonCode: z.string().max(40).optional(),
  })
  .strict();
export type ModerationRequest = z.infer<typeof ModerationRequest>;

export const OUTCOMES = ['done', 'conflict', 'illegal', 'not-found'] as const;
export interface ModerationResult {
  commentId: string;
  outcome: (typeof OUTCOMES)[number];
  comment?: StaffComment;
}

export interface ModerationDeps {
  store: StaffStore;
  clock: Clock;
  reasons: readonly ModerationReason[];
  reportCounterFailure: (error: unknown) => void;
  /** Runs after each decision (best effort, like the counters): feedback counters and the search index. */
  onDecided?: (before: Comment, after: Comment) => Promise<void>;
}

/**
 * Applies one decision to one or many comments of a consultation. Each comment changes only if it is still
 * in the version and state the moderator saw; each change is written with its audit entry, atomically.
 */
export async function moderate(
  deps: ModerationDeps,
  principal: StaffPrincipal,
  consultation: Consultation,
  request: ModerationRequest,
  requestId: string,
  /** Set when the decision was made on a whole cluster: recorded in each comment's audit entry. */
  context: { clusterId?: string } = {},
): Promise<ModerationResult[]> {
  requireRole(principal, rolesFor(request.action), `${request.action} comments`);
  const ids = request.items.map((item) => item.commentId);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate !== undefined) {
    throw new ValidationError('Each comment may appear once per decision.', [
      {
        pointer: `/items/${ids.lastIndexOf(duplicate)}/commentId`,
        detail: `comment ${duplicate} is listed twice`,
      },
    ]);
  }
  const to = targetOf(request.action);
  const shownReason = checkedReason(deps.reasons, request);

  const decideOne = async ({ commentId, version }: { commentId: string; version: number }) => {
    const current = await deps.store.getComment(consultation.id, commentId);
    if (current === undefined) return { commentId, outcome: 'not-found' } as const;
    if ((current.version ?? 0) !== version)
      return { commentId, outcome: 'conflict', comment: staffViewOf(current) } as const;
    if (!isLegal(current.status, request.action))
      return { commentId, outcome: 'illegal', comment: staffViewOf(current) } as const;
    const now = deps.clock.now();
    const at = now.toISOString();
    const outcome = await deps.store.decide({
      consultationId: consultation.id,
      commentId,
      expectedVersion: version,
      expectedStatus: current.status,
      to,
      ...(to === 'rejected' && shownReason !== undefined ? { reason: shownReason } : {}),
      ...(to === 'rejected' && request.reasonCode !== undefined ? { reasonCode: request.reasonCode } : {}),
      at,
      audit: {
        id: newCommentId(now),
        at,
        actor: { sub: principal.sub, username: principal.username },
        action: request.action,
        consultationId: consultation.id,
        commentId,
        from: current.status,
        to,
        ...(shownReason === undefined ? {} : { reason: shownReason }),
        ...(context.clusterId === undefined ? {} : { clusterId: context.clusterId }),
        requestId,
      },
    });
    if (outcome.kind === 'not-found') return { commentId, outcome: 'not-found' } as const;
    if (outcome.kind === 'conflict')
      return { commentId, outcome: 'conflict', comment: staffViewOf(outcome.current) } as const;
    await deps.store
      .countTransition(consultation.id, commentId, current.status, to)
      .catch(deps.reportCounterFailure);
    if (deps.onDecided !== undefined)
      await deps.onDecided(current, outcome.comment).catch(deps.reportCounterFailure);
    return { commentId, outcome: 'done', comment: staffViewOf(outcome.comment) } as const;
  };

  const results: ModerationResult[] = [];
  for (let i = 0; i < request.items.length; i += CONCURRENCY) {
    results.push(...(await Promise.all(request.items.slice(i, i + CONCURRENCY).map(decideOne))));
  }
  return results;
}

/** The reason the commenter will see; refuses an unknown code, and a rejection without any reason. */
export function checkedReason(
  reasons: readonly ModerationReason[],
  request: Pick<ModerationRequest, 'action' | 'reason' | 'reasonCode'>,
): string | undefined {
  if (request.reasonCode !== undefined && !reasons.some((r) => r.code === request.reasonCode)) {
    throw new ValidationError('Unknown reason code.', [
      { pointer: '/reasonCode', detail: `not one of ${reasons.map((r) => r.code).join(', ')}` },
    ]);
  }
  const shown = publicReason(reasons, request.reason, request.reasonCode);
  if (targetOf(request.action) === 'rejected' && shown === undefined) {
    throw new ValidationError('A rejection needs a reason the commenter will see.', [
      { pointer: '/reason', detail: 'give a reason or a reasonCode' },
    ]);
  }
  return shown;
}

/** A single decision answers with a problem document when it did not happen, as a form submit expects. */
export function raiseUnlessDone(result: ModerationResult): void {
  switch (result.outcome) {
    case 'done':
      return;
    case 'not-found':
      throw new NotFoundError(`This consultation has no comment ${result.commentId}.`);
    case 'conflict':
      throw new EditConflictError(
        'Someone else decided this comment first; here is its current state.',
        result.comment,
      );
    case 'illegal':
      throw new IllegalTransitionError(
        `A comment that is ${result.comment?.status ?? 'in this state'} cannot be changed that way.`,
        result.comment,
      );
  }
}
