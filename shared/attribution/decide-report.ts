import { z } from 'zod';
import { text } from '../comment/comment.ts';
import { COMMENT_ID_PATTERN, newCommentId } from '../comment/comment-id.ts';
import { isBlank } from '../comment/rules.ts';
import type { Consultation } from '../consultation/consultation.ts';
import { EditConflictError, IllegalTransitionError, NotFoundError, ValidationError } from '../errors.ts';
import { type StaffComment, staffViewOf } from '../moderation/views.ts';
import type { Clock } from '../ports.ts';
import type { StaffStore } from '../staff/ports.ts';
import { requireRole, type StaffPrincipal } from '../staff/principal.ts';
import type { ReportCounts, ReportStaffStore } from './ports.ts';
import { type AttributionReport, type ReporterContact, ReportStatus } from './report.ts';
import { MAX_REPORT_NOTE_CHARS } from './rules.ts';
import {
  isLegalReportDecision,
  noteRequired,
  REPORT_ACTIONS,
  reportDeciders,
  reportTargetOf,
} from './transitions.ts';

/** A report as staff see it: the reporter's reason, never their contact details or receipt. */
export interface StaffReport {
  id: string;
  consultationId: string;
  commentId: string;
  articleId: string | null;
  draftVersion: number;
  reason: string;
  status: AttributionReport['status'];
  hasContact: boolean;
  submittedAt: string;
  updatedAt: string;
  version: number;
  note: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
}

export function staffReportOf(report: AttributionReport): StaffReport {
  return {
    id: report.id,
    consultationId: report.consultationId,
    commentId: report.commentId,
    articleId: report.articleId,
    draftVersion: report.draftVersion,
    reason: report.reason,
    status: report.status,
    hasContact: report.hasContact,
    submittedAt: report.submittedAt,
    updatedAt: report.updatedAt,
    version: report.version,
    note: report.note ?? null,
    decidedAt: report.decidedAt ?? null,
    decidedBy: report.decidedBy?.username ?? null,
  };
}

export interface ReportDeps {
  reports: ReportStaffStore;
  staff: Pick<StaffStore, 'getComment' | 'appendAudit'>;
  clock: Clock;
}

const READERS = ['admin', 'moderator', 'drafter'] as const;
/** A reporter's contact details, like a commenter's, are for administrators and drafting officers. */
const CONTACT_READERS = ['admin', 'drafter'] as const;
const PAGE = 50;
const POSITION = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,3})?Z#[0-9A-Z]{26}$/;

export const ReportListQuery = z
  .object({
    status: ReportStatus.default('received'),
    cursor: z.string().regex(POSITION, 'the nextCursor of the previous page').optional(),
  })
  .strict();
export type ReportListQuery = z.infer<typeof ReportListQuery>;

export interface ReportListItem {
  report: StaffReport;
  /** The reported comment as staff see it (original text, the name, flags); its article is `articleId`. */
  comment: StaffComment | null;
}

/** One page of a consultation's reports in one status (open ones first by default), with the counts. */
export async function listReports(
  deps: ReportDeps,
  principal: StaffPrincipal,
  consultation: Consultation,
  query: ReportListQuery,
): Promise<{ items: ReportListItem[]; nextCursor: string | null; counts: ReportCounts }> {
  requireRole(principal, READERS, 'read reports of false attribution');
  const [page, counts] = await Promise.all([
    deps.reports.listReports({
      consultationId: consultation.id,
      status: query.status,
      after: query.cursor,
      limit: PAGE,
    }),
    deps.reports.countReports(consultation.id),
  ]);
  const items = await Promise.all(
    page.items.map(async (report) => {
      const comment = await deps.staff.getComment(consultation.id, report.commentId);
      return { report: staffReportOf(report), comment: comment === undefined ? null : staffViewOf(comment) };
    }),
  );
  return { items, nextCursor: page.last ?? null, counts };
}

export const ReportDecisionRequest = z
  .object({
    action: z.enum(REPORT_ACTIONS),
    /** The version the moderator saw: a report decided meanwhile answers 409 with its current state. */
    version: z.number().int().nonnegative(),
    note: text(MAX_REPORT_NOTE_CHARS, 'note').optional(),
  })
  .strict();
export type ReportDecisionRequest = z.infer<typeof ReportDecisionRequest>;

/**
 * Decides a report: hides the commenter's name and marks the comment, or dismisses the report with a
 * note. The report, the comment and the audit entry change in one transaction.
 */
export async function decideReport(
  deps: ReportDeps,
  principal: StaffPrincipal,
  consultation: Consultation,
  reportId: string,
  request: ReportDecisionRequest,
  requestId: string,
): Promise<{ report: StaffReport; comment: StaffComment | null }> {
  requireRole(principal, reportDeciders(), 'decide reports of false attribution');
  const note = request.note === undefined || isBlank(request.note) ? undefined : request.note.trim();
  if (noteRequired(request.action) && note === undefined) {
    throw new ValidationError('Dismissing a report needs a note the reporter will read.', [
      { pointer: '/note', code: 'required', detail: 'say why the report is dismissed' },
    ]);
  }
  const current = await reportOf(deps, consultation, reportId);
  if (current.version !== request.version)
    throw new EditConflictError('Someone else decided this report first.', staffReportOf(current));
  if (!isLegalReportDecision(current.status, request.action))
    throw new IllegalTransitionError(`This report is already ${current.status}.`, staffReportOf(current));

  const now = deps.clock.now();
  const at = now.toISOString();
  const to = reportTargetOf(request.action);
  const outcome = await deps.reports.decideReport({
    consultationId: consultation.id,
    reportId,
    expectedVersion: current.version,
    expectedStatus: current.status,
    to,
    ...(note === undefined ? {} : { note }),
    at,
    decidedBy: { sub: principal.sub, username: principal.username },
    ...(to === 'name_hidden' ? { hideNameOf: { commentId: current.commentId } } : {}),
    audit: {
      id: newCommentId(now),
      at,
      actor: { sub: principal.sub, username: principal.username },
      action: request.action === 'hide-name' ? 'hide-name' : 'dismiss-report',
      consultationId: consultation.id,
      commentId: current.commentId,
      reportId,
      from: current.status,
      to,
      ...(note === undefined ? {} : { reason: note }),
      requestId,
    },
  });
  switch (outcome.kind) {
    case 'not-found':
      throw new NotFoundError(`This consultation has no report ${reportId}.`);
    case 'conflict':
      throw new EditConflictError('Someone else decided this report first.', staffReportOf(outcome.current));
    case 'done': {
      const comment = outcome.comment ?? (await deps.staff.getComment(consultation.id, current.commentId));
      return {
        report: staffReportOf(outcome.report),
        comment: comment === undefined ? null : staffViewOf(comment),
      };
    }
  }
}

/** The reporter's contact details; the read is audited before anything is returned. */
export async function readReporterContact(
  deps: ReportDeps,
  principal: StaffPrincipal,
  consultation: Consultation,
  reportId: string,
  requestId: string,
): Promise<ReporterContact> {
  requireRole(principal, CONTACT_READERS, "read a reporter's contact details");
  const report = await reportOf(deps, consultation, reportId);
  const now = deps.clock.now();
  await deps.staff.appendAudit({
    id: newCommentId(now),
    at: now.toISOString(),
    actor: { sub: principal.sub, username: principal.username },
    action: 'read-reporter-contact',
    consultationId: consultation.id,
    commentId: report.commentId,
    reportId,
    requestId,
  });
  return (await deps.reports.getReporterContact(consultation.id, reportId)) ?? {};
}

/** The report, if it is one of this consultation's; otherwise 404 (another office's reports do not exist). */
async function reportOf(
  deps: ReportDeps,
  consultation: Consultation,
  reportId: string,
): Promise<AttributionReport> {
  const report = COMMENT_ID_PATTERN.test(reportId) ? await deps.reports.getReport(reportId) : undefined;
  if (report === undefined || report.consultationId !== consultation.id)
    throw new NotFoundError(`This consultation has no report ${reportId}.`);
  return report;
}
