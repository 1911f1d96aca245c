import type { Comment, CommentStatus, ContactDetails } from '../comment/comment.ts';
import type { Consultation } from '../consultation/consultation.ts';
import type { ShardRead } from '../moderation/shard-merge.ts';
import type { AuditEntry, StatusCounts } from '../moderation/views.ts';
import type { StaffPrincipal } from './principal.ts';

export interface ShardQuery {
  consultationId: string;
  status: CommentStatus;
  shard: number;
  /** Exclusive start: the sort key `<submittedAt>#<commentId>` of the last item already read. */
  after: string | undefined;
  limit: number;
  /** Submitted at or after (ISO instant). */
  from?: string;
  /** Submitted before (ISO instant). */
  to?: string;
}

export interface Decision {
  consultationId: string;
  commentId: string;
  /** The version and status the moderator saw; the write happens only if both still hold. */
  expectedVersion: number;
  expectedStatus: CommentStatus;
  to: CommentStatus;
  reason?: string;
  reasonCode?: string;
  at: string;
  /** Written in the same transaction as the status change, so a decision never goes unaudited. */
  audit: AuditEntry;
}

export type DecisionOutcome =
  | { kind: 'done'; comment: Comment }
  | { kind: 'conflict'; current: Comment }
  | { kind: 'not-found' };

/** The staff side's view of the table: moderation, audit, windows and contact retention. */
export interface StaffStore {
  getComment(consultationId: string, commentId: string): Promise<Comment | undefined>;
  /** One shard of the moderation index for one status, newest first. */
  readStatusShard(query: ShardQuery): Promise<ShardRead<Comment>>;
  decide(decision: Decision): Promise<DecisionOutcome>;
  /** Moves the per-status counters after a decision; outside the decision so counters never serialize it. */
  countTransition(
    consultationId: string,
    commentId: string,
    from: CommentStatus,
    to: CommentStatus,
  ): Promise<void>;
  /** Changes by decisions only; pending = all comments received + this delta. */
  statusDeltas(consultationId: string): Promise<StatusCounts>;
  /** The contact details of one comment of one consultation, if still kept. */
  getContact(consultationId: string, commentId: string): Promise<ContactDetails | undefined>;
  appendAudit(entry: AuditEntry): Promise<void>;
  commentAudit(consultationId: string, commentId: string): Promise<AuditEntry[]>;
  readAuditShard(
    consultationId: string,
    shard: number,
    after: string | undefined,
    limit: number,
  ): Promise<ShardRead<AuditEntry>>;
  /**
   * Replaces the consultation provided its window is still as `expected` had it (two administrators
   * changing it at once: one wins); returns whether it did.
   */
  replaceConsultation(expected: Consultation, next: Consultation): Promise<boolean>;
  /** Sets the deletion time of every contact item of the consultation; returns how many were updated. */
  setContactRetention(consultationId: string, expiresAt: number): Promise<number>;
}

export interface StaffSession {
  /** The opaque id's hash: the table never holds a usable session id. */
  idHash: string;
  principal: StaffPrincipal;
  createdAt: string;
  lastSeenAt: string;
  /** Absolute end (12 h after sign-in), whatever the activity. */
  absoluteExpiresAt: string;
  /** When the item may be deleted (epoch seconds, TTL): the idle or the absolute end, whichever comes first. */
  expiresAt: number;
  /** ID token kept for RP-initiated logout at the issuer (id_token_hint); never sent to page scripts. */
  idToken?: string;
}

export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  /** Hash of the browser-binding cookie: the callback must come from the browser that started the login. */
  bindingHash: string;
  expiresAt: string;
}

export interface SessionStore {
  putSession(session: StaffSession): Promise<void>;
  getSession(idHash: string): Promise<StaffSession | undefined>;
  touchSession(idHash: string, lastSeenAt: string, expiresAt: number): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  /** Ends every session of one person (sign out everywhere); returns how many ended. */
  deleteSessionsOf(sub: string): Promise<number>;
  putLogin(login: PendingLogin): Promise<void>;
  /** Reads and deletes in one step, so a callback can be used once only. */
  takeLogin(state: string): Promise<PendingLogin | undefined>;
}
