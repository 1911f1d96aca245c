import type { Comment, ContactDetails } from './comment/comment.ts';
import type { Consultation, ConsultationStatus } from './consultation/consultation.ts';
import type { AuditEntry } from './moderation/views.ts';

/** An intake write: everything that must be stored together, or not at all, before a receipt is given. */
export interface CommentIntake {
  comment: Comment;
  contact: ContactDetails | null;
  /** When the contact details are deleted (epoch seconds, TTL). */
  contactExpiresAt: number;
  idempotency: { key: string; requestHash: string; expiresAt: number } | null;
  /** The audit entry of a comment published on receipt (post-moderation), written in the same transaction. */
  audit?: AuditEntry;
}

export type IntakeOutcome =
  | { kind: 'stored' }
  /** The window, as the store read it consistently just before the write, did not contain `submittedAt`. */
  | { kind: 'window-not-open'; status: ConsultationStatus }
  | { kind: 'no-consultation' }
  | { kind: 'receipt-taken' }
  | { kind: 'idempotency-key-taken' };

export type DraftRevision = Pick<Consultation, 'draftVersion' | 'draftHash' | 'articleIds' | 'title'>;

export interface IdempotencyRecord {
  requestHash: string;
  receipt: string;
}

/**
 * The store of consultations and comments. Implemented by the DynamoDB adapter and, for unit tests, an
 * in-memory one; both must behave the same, which test/integration/store-contract.test.ts checks.
 */
export interface ConsultationStore {
  getConsultation(id: string): Promise<Consultation | undefined>;
  listConsultations(): Promise<Consultation[]>;
  /** Creates the consultation unless one with that id exists; returns whether it created it. */
  createConsultation(consultation: Consultation): Promise<boolean>;
  /**
   * Moves the consultation to a newer version of its draft (a second consultation draft), or to changed
   * content of the same version (a translation added, a corrected re-import: another `draftHash`),
   * keeping its window and comments; returns false when it already shows that content or a newer version.
   */
  reviseDraft(id: string, revision: DraftRevision): Promise<boolean>;
  /**
   * Stores comment, receipt, contact and idempotency record atomically, provided a consistent read of the
   * consultation, taken after `comment.submittedAt` was stamped, shows a window that contains that instant
   * (docs/decisions.md, "Intake without a shared item"). The write touches only items of that one comment.
   * An idempotency record past its `expiresAt` no longer holds its key.
   */
  storeComment(intake: CommentIntake): Promise<IntakeOutcome>;
  /** Bumps the comment counters; done after intake so counters never serialize it. */
  countComment(consultationId: string, articleId: string | null, commentId: string): Promise<void>;
  countComments(consultationId: string): Promise<number>;
  /** The record for a key, unless there is none or it expired before `now` (TTL deletion can lag by days). */
  getIdempotencyRecord(
    consultationId: string,
    key: string,
    now: Date,
  ): Promise<IdempotencyRecord | undefined>;
  findCommentByReceipt(receipt: string): Promise<Comment | undefined>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
