import type { Comment } from '../comment/comment.ts';
import { type Consultation, statusAt } from '../consultation/consultation.ts';
import type {
  CommentIntake,
  ConsultationStore,
  DraftRevision,
  IdempotencyRecord,
  IntakeOutcome,
} from '../ports.ts';

/**
 * An in-memory ConsultationStore for unit tests and the benchmark's baseline. It keeps the same
 * all-or-nothing and uniqueness rules as the DynamoDB adapter.
 */
export class MemoryStore implements ConsultationStore {
  readonly consultations = new Map<string, Consultation>();
  readonly comments = new Map<string, Comment>();
  readonly contacts = new Map<string, unknown>();
  /** Contact retention (epoch seconds) by comment id, as the TTL attribute on DynamoDB. */
  readonly contactExpiry = new Map<string, number>();
  readonly idempotency = new Map<string, IdempotencyRecord>();
  readonly counters = new Map<string, number>();

  async getConsultation(id: string) {
    return this.consultations.get(id);
  }

  async listConsultations() {
    return [...this.consultations.values()].sort((a, b) => a.opensAt.localeCompare(b.opensAt));
  }

  async createConsultation(consultation: Consultation) {
    if (this.consultations.has(consultation.id)) return false;
    this.consultations.set(consultation.id, consultation);
    return true;
  }

  async reviseDraft(id: string, revision: DraftRevision) {
    const current = this.consultations.get(id);
    if (current === undefined || current.draftVersion >= revision.draftVersion) return false;
    const { draftVersion, draftHash, articleIds, title } = revision;
    this.consultations.set(id, { ...current, draftVersion, draftHash, articleIds, title });
    return true;
  }

  async storeComment(intake: CommentIntake, now: Date): Promise<IntakeOutcome> {
    const { comment, idempotency } = intake;
    const consultation = this.consultations.get(comment.consultationId);
    if (consultation === undefined || statusAt(consultation, now) !== 'open')
      return { kind: 'window-not-open' };
    const idemKey = idempotency === null ? undefined : `${comment.consultationId}#${idempotency.key}`;
    if (idemKey !== undefined && this.idempotency.has(idemKey)) return { kind: 'idempotency-key-taken' };
    if (this.comments.has(comment.receipt)) return { kind: 'receipt-taken' };
    this.comments.set(comment.receipt, structuredClone(comment));
    if (intake.contact !== null) {
      this.contacts.set(comment.id, structuredClone(intake.contact));
      this.contactExpiry.set(comment.id, intake.contactExpiresAt);
    }
    if (idemKey !== undefined && idempotency !== null) {
      this.idempotency.set(idemKey, { requestHash: idempotency.requestHash, receipt: comment.receipt });
    }
    return { kind: 'stored' };
  }

  async countComment(consultationId: string, articleId: string | null) {
    for (const scope of ['ALL', articleId ?? 'DRAFT']) {
      const key = `${consultationId}#${scope}`;
      this.counters.set(key, (this.counters.get(key) ?? 0) + 1);
    }
  }

  async countComments(consultationId: string) {
    return this.counters.get(`${consultationId}#ALL`) ?? 0;
  }

  async getIdempotencyRecord(consultationId: string, key: string) {
    return this.idempotency.get(`${consultationId}#${key}`);
  }

  async findCommentByReceipt(receipt: string) {
    const comment = this.comments.get(receipt);
    return comment === undefined ? undefined : structuredClone(comment);
  }
}
