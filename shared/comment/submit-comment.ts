import { createHash } from 'node:crypto';
import { contentHash } from '../clustering/fingerprint.ts';
import { statusAt } from '../consultation/consultation.ts';
import {
  BotSuspectedError,
  IdempotencyKeyReusedError,
  NotFoundError,
  StoreUnavailableError,
  ValidationError,
  WindowNotOpenError,
} from '../errors.ts';
import { autoPublishAudit, initialStatus } from '../moderation/intake.ts';
import type { Clock, CommentIntake, ConsultationStore } from '../ports.ts';
import type { Comment, CommentSubmission, Receipt } from './comment.ts';
import { newCommentId } from './comment-id.ts';
import { newReceipt } from './receipt.ts';

export interface SubmitCommentDeps {
  store: ConsultationStore;
  clock: Clock;
  /** How long contact details are kept after the window closes. */
  contactRetentionDays: number;
  /** How long an Idempotency-Key is remembered. */
  idempotencyTtlHours: number;
  /** Counters are best-effort after intake: a failed bump must not turn a stored comment into an error. */
  reportCounterFailure: (error: unknown) => void;
  /** The request's id, recorded in the audit entry of a comment published on receipt. */
  requestId: string;
  /** Runs after a comment is stored (best effort, like the counters): moves status counters under post-moderation. */
  onStored?: (comment: Comment) => Promise<void>;
}

const DAY_MS = 86_400_000;
// A fresh receipt colliding twice in a row (31^12 values) means something else is wrong.
const RECEIPT_ATTEMPTS = 3;

/**
 * Takes in one comment. Returns a receipt only once the comment is durably stored; a retry with the same
 * Idempotency-Key and body returns the same receipt instead of a second comment.
 */
export async function submitComment(
  deps: SubmitCommentDeps,
  consultationId: string,
  submission: CommentSubmission,
  idempotencyKey: string | undefined,
): Promise<{ receipt: Receipt; replayed: boolean }> {
  const { store, clock } = deps;
  // No person fills the hidden field; refused before anything is read or written.
  if (submission.website !== undefined && submission.website !== '') throw new BotSuspectedError();
  const consultation = await store.getConsultation(consultationId);
  if (consultation === undefined) throw new NotFoundError(`There is no consultation "${consultationId}".`);
  const now = clock.now();

  // A retry is answered as the first request was, before anything about the draft is checked again: the
  // draft may since have moved to a version without the article the comment was made on.
  const requestHash = hashOf(consultationId, submission);
  if (idempotencyKey !== undefined) {
    const replay = await replayOf(deps, consultationId, idempotencyKey, requestHash, now);
    if (replay !== undefined) return { receipt: replay, replayed: true };
  }

  const articleId = submission.articleId ?? null;
  if (articleId !== null && !consultation.articleIds.includes(articleId)) {
    throw new ValidationError(`The draft of this consultation has no article "${articleId}".`, [
      { pointer: '/articleId', code: 'unknown-article', detail: `unknown article "${articleId}"` },
    ]);
  }

  // Refuses early on what the (possibly stale) read shows; the store decides on a consistent read.
  const status = statusAt(consultation, now);
  if (status !== 'open') throw windowNotOpen(status);

  const submittedAt = now.toISOString();
  const draft: Omit<Comment, 'receipt'> = {
    id: newCommentId(now),
    consultationId,
    articleId,
    draftVersion: consultation.draftVersion,
    stance: submission.stance,
    body: submission.body,
    proposedWording: blankToNull(submission.proposedWording),
    displayName: blankToNull(submission.displayName),
    publishName: submission.publishName,
    lang: submission.lang,
    status: initialStatus(consultation, submission),
    contentHash: contentHashOf(submission.body),
    submittedAt,
    updatedAt: submittedAt,
  };
  const { contact } = submission;
  const audit = autoPublishAudit(draft, deps.requestId);
  const intake: Omit<CommentIntake, 'comment'> = {
    contact: contact && (contact.email || contact.phone) ? contact : null,
    contactExpiresAt: Math.floor(
      (Date.parse(consultation.closesAt) + deps.contactRetentionDays * DAY_MS) / 1000,
    ),
    idempotency:
      idempotencyKey === undefined
        ? null
        : {
            key: idempotencyKey,
            requestHash,
            expiresAt: Math.floor(now.getTime() / 1000) + deps.idempotencyTtlHours * 3600,
          },
    ...(audit === undefined ? {} : { audit }),
  };
  // Only the receipt is drawn again when it collides; the comment stays the same.
  for (let attempt = 0; attempt < RECEIPT_ATTEMPTS; attempt++) {
    const comment: Comment = { ...draft, receipt: newReceipt() };
    const outcome = await store.storeComment({ ...intake, comment });
    switch (outcome.kind) {
      case 'stored':
        await countOnce(deps, comment, idempotencyKey !== undefined);
        if (deps.onStored !== undefined) await deps.onStored(comment).catch(deps.reportCounterFailure);
        return { receipt: receiptOf(comment), replayed: false };
      case 'window-not-open':
        // The status the store saw on its consistent read, not the one computed from the earlier read.
        throw windowNotOpen(outcome.status);
      case 'no-consultation':
        throw new NotFoundError(`There is no consultation "${consultationId}".`);
      case 'idempotency-key-taken': {
        // A concurrent request with the same key won the race; answer as it was answered.
        const replay =
          idempotencyKey === undefined
            ? undefined
            : await replayOf(deps, consultationId, idempotencyKey, requestHash, now);
        if (replay !== undefined) return { receipt: replay, replayed: true };
        throw new StoreUnavailableError(
          'The idempotency record could not be read back; retry with the same key.',
        );
      }
      case 'receipt-taken':
        continue;
    }
  }
  throw new StoreUnavailableError(
    'Could not allocate a unique receipt; retry with the same Idempotency-Key.',
  );
}

async function replayOf(
  deps: SubmitCommentDeps,
  consultationId: string,
  key: string,
  requestHash: string,
  now: Date,
): Promise<Receipt | undefined> {
  const record = await deps.store.getIdempotencyRecord(consultationId, key, now);
  if (record === undefined) return undefined;
  if (record.requestHash !== requestHash) throw new IdempotencyKeyReusedError();
  const stored = await deps.store.findCommentByReceipt(record.receipt);
  if (stored === undefined)
    throw new StoreUnavailableError('The comment for this Idempotency-Key could not be read back.');
  // The first request may have stored the comment and failed to count it (or lost the answer); the bump
  // is idempotent per comment, so the retry finishes it without counting twice.
  await countOnce(deps, stored, true);
  return receiptOf(stored);
}

/**
 * Bumps the counters of a stored comment. With an Idempotency-Key a failed bump is answered 503, so that
 * the client's retry (same key) finishes it through the replay, and the counts stay exact: the bump is
 * idempotent per comment (see the store). Without a key a retry would be a second comment, so the
 * receipt is given and the failure only reported.
 */
async function countOnce(deps: SubmitCommentDeps, comment: Comment, retryable: boolean): Promise<void> {
  try {
    await deps.store.countComment(comment.consultationId, comment.articleId, comment.id);
  } catch (error) {
    deps.reportCounterFailure(error);
    if (retryable) {
      throw new StoreUnavailableError(
        'The comment is stored but its count could not be confirmed; retry with the same Idempotency-Key.',
        error,
      );
    }
  }
}

function windowNotOpen(status: string): WindowNotOpenError {
  const why =
    status === 'scheduled'
      ? 'has not opened yet'
      : status === 'concluded'
        ? 'has been concluded'
        : 'has closed';
  return new WindowNotOpenError(`The comment window of this consultation ${why}.`, status);
}

export function receiptOf(comment: Comment): Receipt {
  return {
    receipt: comment.receipt,
    status: comment.status,
    consultationId: comment.consultationId,
    articleId: comment.articleId,
    draftVersion: comment.draftVersion,
    submittedAt: comment.submittedAt,
  };
}

function blankToNull(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value;
}

/** Same consultation and same submission (key order aside) give the same hash. */
function hashOf(consultationId: string, submission: CommentSubmission): string {
  return createHash('sha256')
    .update(consultationId)
    .update('\n')
    .update(canonicalJson(submission))
    .digest('base64url');
}

/** JSON with object keys sorted and undefined members left out: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Hash of the body as clustering normalises it (shared/clustering: width, case, punctuation, whitespace,
 * invisible and traditional characters folded), so that the stored hash is the clustering's exact-duplicate
 * key (decision 17).
 */
export function contentHashOf(body: string): string {
  return contentHash(body);
}
