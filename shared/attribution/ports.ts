import type { Comment } from '../comment/comment.ts';
import type { AuditEntry } from '../moderation/views.ts';
import type { IdempotencyRecord } from '../ports.ts';
import type { AttributionReport, ReporterContact } from './report.ts';
import type { ReportStatus } from './rules.ts';

/** A report's intake: everything stored together, or not at all, before a receipt is given. */
export interface ReportIntake {
  report: AttributionReport;
  contact: ReporterContact | null;
  /** When the contact details are deleted (epoch seconds, TTL). */
  contactExpiresAt: number;
  idempotency: { key: string; requestHash: string; expiresAt: number } | null;
}

export type ReportIntakeOutcome =
  | { kind: 'stored' }
  | { kind: 'receipt-taken' }
  | { kind: 'idempotency-key-taken' };

/**
 * The public side of reports: the public function stores them and reads their status, and may write a
 * reporter's contact item but never read one. Implemented on DynamoDB and in memory; the contract suite
 * (test/integration/attribution-store.test.ts) holds both to the same behaviour.
 */
export interface ReportIntakeStore {
  /** Stores report, receipt pointer, idempotency record and contact atomically; touches only this report's items. */
  storeReport(intake: ReportIntake): Promise<ReportIntakeOutcome>;
  findReportByReceipt(receipt: string): Promise<AttributionReport | undefined>;
  /** The record for a key, unless there is none or it expired before `now`. */
  getReportIdempotencyRecord(
    consultationId: string,
    key: string,
    now: Date,
  ): Promise<IdempotencyRecord | undefined>;
}

export interface ReportQuery {
  consultationId: string;
  status: ReportStatus;
  /** Exclusive start: the position `<submittedAt>#<reportId>` of the last report already read. */
  after: string | undefined;
  limit: number;
}

export type ReportCounts = Record<ReportStatus, number>;

export interface ReportDecision {
  consultationId: string;
  reportId: string;
  /** The version and status the moderator saw; the write happens only if both still hold. */
  expectedVersion: number;
  expectedStatus: ReportStatus;
  to: ReportStatus;
  note?: string;
  at: string;
  decidedBy: { sub: string; username: string };
  /**
   * With `name_hidden`: the reported comment, whose name is withheld from the public (its consent to
   * publish the name no longer holds) and which is marked as reported, in the same transaction.
   */
  hideNameOf?: { commentId: string };
  /** Written in the same transaction, so a decision never goes unaudited. */
  audit: AuditEntry;
}

export type ReportDecisionOutcome =
  | { kind: 'done'; report: AttributionReport; comment?: Comment }
  | { kind: 'conflict'; current: AttributionReport }
  | { kind: 'not-found' };

/** The staff side of reports: lists, counts, decisions and the reporter's contact. */
export interface ReportStaffStore {
  getReport(reportId: string): Promise<AttributionReport | undefined>;
  /** One page of a consultation's reports in one status, newest first. */
  listReports(query: ReportQuery): Promise<{ items: AttributionReport[]; last: string | undefined }>;
  countReports(consultationId: string): Promise<ReportCounts>;
  decideReport(decision: ReportDecision): Promise<ReportDecisionOutcome>;
  /** The reporter's contact details, if they left any and they are still kept. */
  getReporterContact(consultationId: string, reportId: string): Promise<ReporterContact | undefined>;
}
