import type { AbuseStore, RateCounterKey } from '../abuse/ports.ts';
import type { Comment } from '../comment/comment.ts';
import { Consultation, statusAt } from '../consultation/consultation.ts';
import type { AuditEntry } from '../moderation/views.ts';
import type {
  CommentIntake,
  ConsultationStore,
  DraftRevision,
  IdempotencyRecord,
  IntakeOutcome,
} from '../ports.ts';

interface StoredIdempotencyRecord extends IdempotencyRecord {
  /** Epoch seconds, as the DynamoDB TTL attribute. */
  expiresAt: number;
}

/**
 * An in-memory ConsultationStore for unit tests and the benchmark's baseline. It keeps the same
 * all-or-nothing, uniqueness and window rules as the DynamoDB adapter (test/integration/store-contract.test.ts).
 */
export class MemoryStore implements ConsultationStore, AbuseStore {
  /** The audit trail, shared with the MemoryStaffStore over this store (as both share one table). */
  readonly audit: AuditEntry[] = [];
  readonly consultations = new Map<string, Consultation>();
  readonly comments = new Map<string, Comment>();
  readonly contacts = new Map<string, unknown>();
  /** Contact retention (epoch seconds) by comment id, as the TTL attribute on DynamoDB. */
  readonly contactExpiry = new Map<string, number>();
  readonly idempotency = new Map<string, StoredIdempotencyRecord>();
  readonly counters = new Map<string, number>();
  readonly counted = new Set<string>();
  readonly rateCounters = new Map<string, number>();
  readonly usedChallenges = new Map<string, string>();

  async getConsultation(id: string) {
    const consultation = this.consultations.get(id);
    return consultation === undefined ? undefined : structuredClone(consultation);
  }

  async listConsultations() {
    return [...this.consultations.values()].sort(
      (a, b) => Date.parse(a.opensAt) - Date.parse(b.opensAt) || (a.id < b.id ? -1 : 1),
    );
  }

  async createConsultation(consultation: Consultation) {
    if (this.consultations.has(consultation.id)) return false;
    this.consultations.set(consultation.id, Consultation.parse(consultation));
    return true;
  }

  async reviseDraft(id: string, revision: DraftRevision) {
    const current = this.consultations.get(id);
    if (current === undefined) return false;
    const newer =
      current.draftVersion < revision.draftVersion ||
      (current.draftVersion === revision.draftVersion && current.draftHash !== revision.draftHash);
    if (!newer) return false;
    const { draftVersion, draftHash, articleIds, title } = revision;
    this.consultations.set(id, { ...current, draftVersion, draftHash, articleIds, title });
    return true;
  }

  async storeComment(intake: CommentIntake): Promise<IntakeOutcome> {
    const { comment, idempotency } = intake;
    const consultation = this.consultations.get(comment.consultationId);
    if (consultation === undefined) return { kind: 'no-consultation' };
    const submittedAt = new Date(comment.submittedAt);
    const status = statusAt(consultation, submittedAt);
    if (status !== 'open') return { kind: 'window-not-open', status };
    const idemKey = idempotency === null ? undefined : `${comment.consultationId}#${idempotency.key}`;
    if (idemKey !== undefined) {
      const held = this.idempotency.get(idemKey);
      if (held !== undefined && held.expiresAt >= epochSeconds(submittedAt)) {
        return { kind: 'idempotency-key-taken' };
      }
    }
    if (this.comments.has(comment.receipt)) return { kind: 'receipt-taken' };
    this.comments.set(comment.receipt, structuredClone(comment));
    if (intake.audit !== undefined) this.audit.push(structuredClone(intake.audit));
    if (intake.contact !== null) {
      this.contacts.set(comment.id, structuredClone(intake.contact));
      this.contactExpiry.set(comment.id, intake.contactExpiresAt);
    }
    if (idemKey !== undefined && idempotency !== null) {
      const { requestHash, expiresAt } = idempotency;
      this.idempotency.set(idemKey, { requestHash, receipt: comment.receipt, expiresAt });
    }
    return { kind: 'stored' };
  }

  async countComment(consultationId: string, articleId: string | null, commentId: string) {
    // At most once per comment, as the DynamoDB adapter's marker ensures.
    if (this.counted.has(commentId)) return;
    this.counted.add(commentId);
    for (const scope of ['ALL', articleId ?? 'DRAFT']) {
      const key = `${consultationId}#${scope}`;
      this.counters.set(key, (this.counters.get(key) ?? 0) + 1);
    }
  }

  async countComments(consultationId: string) {
    return this.counters.get(`${consultationId}#ALL`) ?? 0;
  }

  async getIdempotencyRecord(consultationId: string, key: string, now: Date) {
    const record = this.idempotency.get(`${consultationId}#${key}`);
    if (record === undefined || record.expiresAt < epochSeconds(now)) return undefined;
    return { requestHash: record.requestHash, receipt: record.receipt };
  }

  async hitRateCounter(key: RateCounterKey) {
    const id = `${key.scope}#${key.subject}#${key.window}`;
    const n = (this.rateCounters.get(id) ?? 0) + 1;
    this.rateCounters.set(id, n);
    return n;
  }

  async claimChallenge(challengeId: string, owner: string) {
    const held = this.usedChallenges.get(challengeId);
    if (held !== undefined && held !== owner) return false;
    this.usedChallenges.set(challengeId, owner);
    return true;
  }

  async findCommentByReceipt(receipt: string) {
    const comment = this.comments.get(receipt);
    return comment === undefined ? undefined : structuredClone(comment);
  }
}

function epochSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}
