import type { Comment, ContactDetails } from './comment/comment.ts';
import type { Consultation } from './consultation/consultation.ts';

/** An intake write: everything that must be stored together, or not at all, before a receipt is given. */
export interface CommentIntake {
  comment: Comment;
  contact: ContactDetails | null;
  /** When the contact details are deleted (epoch seconds, TTL). */
  contactExpiresAt: number;
  idempotency: { key: string; requestHash: string; expiresAt: number } | null;
}

export type IntakeOutcome =
  | { kind: 'stored' }
  | { kind: 'window-not-open' }
  | { kind: 'receipt-taken' }
  | { kind: 'idempotency-key-taken' };

export type DraftRevision = Pick<Consultation, 'draftVersion' | 'draftHash' | 'articleIds' | 'title'>;

export interface IdempotencyRecord {
  requestHash: string;
  receipt: string;
}

/**
 * The store of consultations and comments. Implemented by the DynamoDB adapter and, for unit tests, an
 * in-memory one; both must behave the same, which the integration tests check.
 */
export interface ConsultationStore {
  getConsultation(id: string): Promise<Consultation | undefined>;
  listConsultations(): Promise<Consultation[]>;
  /** Creates the consultation unless one with that id exists; returns whether it created it. */
  createConsultation(consultation: Consultation): Promise<boolean>;
  /**
   * Moves the consultation to a newer version of its draft (a second consultation draft), keeping its
   * window and comments; returns false when it is already on that version or a newer one.
   */
  reviseDraft(id: string, revision: DraftRevision): Promise<boolean>;
  /** Stores comment, receipt, contact and idempotency record atomically, provided the window is open at `now`. */
  storeComment(intake: CommentIntake, now: Date): Promise<IntakeOutcome>;
  /** Bumps the comment counters; done after intake so counters never serialize it. */
  countComment(consultationId: string, articleId: string | null, commentId: string): Promise<void>;
  countComments(consultationId: string): Promise<number>;
  getIdempotencyRecord(consultationId: string, key: string): Promise<IdempotencyRecord | undefined>;
  findCommentByReceipt(receipt: string): Promise<Comment | undefined>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
