import type { Comment, CommentStatus, ContactDetails } from '../comment/comment.ts';
import type { Consultation } from '../consultation/consultation.ts';
import type { ShardRead } from '../moderation/shard-merge.ts';
import type { AuditEntry, StatusCounts } from '../moderation/views.ts';
import type {
  Decision,
  DecisionOutcome,
  PendingLogin,
  SessionStore,
  ShardQuery,
  StaffSession,
  StaffStore,
} from '../staff/ports.ts';
import { shardOf } from './dynamodb/keys.ts';
import type { MemoryStore } from './memory-store.ts';

const position = (c: Comment) => `${c.submittedAt}#${c.id}`;
const auditPosition = (e: AuditEntry) => `${e.at}#${e.id}#${e.commentId ?? 'CONSULTATION'}`;

/**
 * The staff side over a MemoryStore, for unit tests: the same shard layout, orderings and conditional
 * writes as the DynamoDB adapter, which the integration tests check against DynamoDB Local.
 */
export class MemoryStaffStore implements StaffStore {
  get audit(): AuditEntry[] {
    return this.#base.audit;
  }
  readonly deltas = new Map<string, StatusCounts>();
  readonly #base: MemoryStore;
  readonly #shards: number;

  constructor(base: MemoryStore, shards = 16) {
    this.#base = base;
    this.#shards = shards;
  }

  #find(consultationId: string, commentId: string): Comment | undefined {
    for (const comment of this.#base.comments.values())
      if (comment.id === commentId && comment.consultationId === consultationId) return comment;
    return undefined;
  }

  async getComment(consultationId: string, commentId: string) {
    const found = this.#find(consultationId, commentId);
    return found === undefined ? undefined : structuredClone(found);
  }

  async readStatusShard(query: ShardQuery): Promise<ShardRead<Comment>> {
    const all = [...this.#base.comments.values()]
      .filter(
        (c) =>
          c.consultationId === query.consultationId &&
          c.status === query.status &&
          shardOf(c.id, this.#shards) === query.shard &&
          (query.after === undefined || position(c) < query.after) &&
          (query.from === undefined || position(c) >= query.from) &&
          (query.to === undefined || position(c) <= query.to),
      )
      .sort((a, b) => (position(a) < position(b) ? 1 : -1));
    const items = all.slice(0, query.limit).map((c) => structuredClone(c));
    const lastItem = items.at(-1);
    return {
      items,
      last: all.length > query.limit && lastItem !== undefined ? position(lastItem) : undefined,
    };
  }

  async decide(decision: Decision): Promise<DecisionOutcome> {
    const current = this.#find(decision.consultationId, decision.commentId);
    if (current === undefined) return { kind: 'not-found' };
    if ((current.version ?? 0) !== decision.expectedVersion || current.status !== decision.expectedStatus)
      return { kind: 'conflict', current: structuredClone(current) };
    const { reason: _r, reasonCode: _c, ...rest } = current;
    const next: Comment = {
      ...rest,
      status: decision.to,
      version: decision.expectedVersion + 1,
      updatedAt: decision.at,
      ...(decision.to === 'rejected' && decision.reason !== undefined ? { reason: decision.reason } : {}),
      ...(decision.to === 'rejected' && decision.reasonCode !== undefined
        ? { reasonCode: decision.reasonCode }
        : {}),
    };
    this.#base.comments.set(current.receipt, next);
    this.audit.push(structuredClone(decision.audit));
    return { kind: 'done', comment: structuredClone(next) };
  }

  async countTransition(consultationId: string, _commentId: string, from: CommentStatus, to: CommentStatus) {
    const counts = { ...(await this.statusDeltas(consultationId)) };
    counts[from] -= 1;
    counts[to] += 1;
    this.deltas.set(consultationId, counts);
  }

  async statusDeltas(consultationId: string): Promise<StatusCounts> {
    return { ...(this.deltas.get(consultationId) ?? { pending: 0, published: 0, rejected: 0, spam: 0 }) };
  }

  async getContact(consultationId: string, commentId: string) {
    if (this.#find(consultationId, commentId) === undefined) return undefined;
    const contact = this.#base.contacts.get(commentId);
    return contact === undefined ? undefined : (structuredClone(contact) as ContactDetails);
  }

  async appendAudit(entry: AuditEntry) {
    this.audit.push(structuredClone(entry));
  }

  async commentAudit(consultationId: string, commentId: string) {
    return this.audit
      .filter((e) => e.consultationId === consultationId && e.commentId === commentId)
      .sort((a, b) => (auditPosition(a) < auditPosition(b) ? -1 : 1));
  }

  async readAuditShard(consultationId: string, shard: number, after: string | undefined, limit: number) {
    const all = this.audit
      .filter(
        (e) =>
          e.consultationId === consultationId &&
          shardOf(e.id, this.#shards) === shard &&
          (after === undefined || auditPosition(e) < after),
      )
      .sort((a, b) => (auditPosition(a) < auditPosition(b) ? 1 : -1));
    const items = all.slice(0, limit);
    const lastItem = items.at(-1);
    return {
      items,
      last: all.length > limit && lastItem !== undefined ? auditPosition(lastItem) : undefined,
    };
  }

  async replaceConsultation(expected: Consultation, next: Consultation) {
    const current = this.#base.consultations.get(expected.id);
    if (
      current === undefined ||
      current.opensAt !== expected.opensAt ||
      current.closesAt !== expected.closesAt ||
      current.concludedAt !== expected.concludedAt ||
      current.draftVersion !== expected.draftVersion
    )
      return false;
    this.#base.consultations.set(next.id, structuredClone(next));
    return true;
  }

  async setContactRetention(consultationId: string, expiresAt: number) {
    let updated = 0;
    for (const comment of this.#base.comments.values()) {
      if (comment.consultationId !== consultationId || !this.#base.contactExpiry.has(comment.id)) continue;
      this.#base.contactExpiry.set(comment.id, expiresAt);
      updated++;
    }
    return updated;
  }
}

/** Sessions and pending sign-ins in memory, for unit tests. */
export class MemorySessionStore implements SessionStore {
  readonly sessions = new Map<string, StaffSession>();
  readonly logins = new Map<string, PendingLogin>();

  async putSession(session: StaffSession) {
    this.sessions.set(session.idHash, structuredClone(session));
  }
  async getSession(idHash: string) {
    const session = this.sessions.get(idHash);
    return session === undefined ? undefined : structuredClone(session);
  }
  async touchSession(idHash: string, lastSeenAt: string, expiresAt: number) {
    const session = this.sessions.get(idHash);
    if (session !== undefined) this.sessions.set(idHash, { ...session, lastSeenAt, expiresAt });
  }
  async deleteSession(idHash: string) {
    this.sessions.delete(idHash);
  }
  async deleteSessionsOf(sub: string) {
    let ended = 0;
    for (const [hash, session] of this.sessions)
      if (session.principal.sub === sub) {
        this.sessions.delete(hash);
        ended++;
      }
    return ended;
  }
  async putLogin(login: PendingLogin) {
    this.logins.set(login.state, structuredClone(login));
  }
  async takeLogin(state: string) {
    const login = this.logins.get(state);
    this.logins.delete(state);
    return login;
  }
}
