import { createHash } from 'node:crypto';
import { COMMENT_ID_PATTERN, newCommentId } from '../comment/comment-id.ts';
import { newReceipt } from '../comment/receipt.ts';
import { isBlank } from '../comment/rules.ts';
import { canonicalJson } from '../comment/submit-comment.ts';
import { ConsultationId } from '../consultation/consultation.ts';
import { IdempotencyKeyReusedError, NotFoundError, StoreUnavailableError } from '../errors.ts';
import type { Clock, ConsultationStore } from '../ports.ts';
import type { StaffStore } from '../staff/ports.ts';
import type { ReportIntake, ReportIntakeStore } from './ports.ts';
import {
  type AttributionReport,
  type ReporterContact,
  type ReportReceipt,
  type ReportSubmission,
  reportReceiptOf,
} from './report.ts';

export interface SubmitReportDeps {
  reports: ReportIntakeStore;
  consultations: Pick<ConsultationStore, 'getConsultation'>;
  comments: Pick<StaffStore, 'getComment'>;
  clock: Clock;
  /** How long contact details are kept: the same period as a commenter's. */
  contactRetentionDays: number;
  idempotencyTtlHours: number;
}

const DAY_MS = 86_400_000;
const RECEIPT_ATTEMPTS = 3;

/**
 * Takes in a report that a published comment was made in someone's name without their consent. Returns a
 * receipt only once the report is durably stored; a retry with the same Idempotency-Key and body returns
 * the same receipt instead of a second report.
 */
export async function submitReport(
  deps: SubmitReportDeps,
  consultationId: string,
  commentId: string,
  submission: ReportSubmission,
  idempotencyKey: string | undefined,
): Promise<{ receipt: ReportReceipt; replayed: boolean }> {
  const notFound = () =>
    new NotFoundError(`Consultation "${consultationId}" has no published comment ${commentId}.`);
  if (!ConsultationId.safeParse(consultationId).success || !COMMENT_ID_PATTERN.test(commentId))
    throw notFound();
  const now = deps.clock.now();

  // A retry is answered as the first request was, even if the comment has since been taken down.
  const requestHash = hashOf(consultationId, commentId, submission);
  if (idempotencyKey !== undefined) {
    const replay = await replayOf(deps, consultationId, idempotencyKey, requestHash, now);
    if (replay !== undefined) return { receipt: replay, replayed: true };
  }

  const consultation = await deps.consultations.getConsultation(consultationId);
  const comment =
    consultation === undefined ? undefined : await deps.comments.getComment(consultationId, commentId);
  // Only what the public can see can be reported: a pending or rejected comment shows no name anywhere.
  if (consultation === undefined || comment === undefined || comment.status !== 'published') throw notFound();

  const submittedAt = now.toISOString();
  const contact = contactOf(submission.contact);
  const draft: Omit<AttributionReport, 'receipt'> = {
    id: newCommentId(now),
    consultationId,
    commentId,
    articleId: comment.articleId,
    draftVersion: comment.draftVersion,
    reason: submission.reason,
    status: 'received',
    hasContact: contact !== null,
    submittedAt,
    updatedAt: submittedAt,
    version: 0,
  };
  // A report may come long after the window closed (published comments stay up): the contact is kept for
  // the retention period from the later of the two, so it is never written already expired.
  const retentionFrom = Math.max(Date.parse(consultation.closesAt), now.getTime());
  const intake: Omit<ReportIntake, 'report'> = {
    contact,
    contactExpiresAt: Math.floor((retentionFrom + deps.contactRetentionDays * DAY_MS) / 1000),
    idempotency:
      idempotencyKey === undefined
        ? null
        : {
            key: idempotencyKey,
            requestHash,
            expiresAt: Math.floor(now.getTime() / 1000) + deps.idempotencyTtlHours * 3600,
          },
  };
  for (let attempt = 0; attempt < RECEIPT_ATTEMPTS; attempt++) {
    const report: AttributionReport = { ...draft, receipt: newReceipt() };
    const outcome = await deps.reports.storeReport({ ...intake, report });
    switch (outcome.kind) {
      case 'stored':
        return { receipt: reportReceiptOf(report), replayed: false };
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
  deps: SubmitReportDeps,
  consultationId: string,
  key: string,
  requestHash: string,
  now: Date,
): Promise<ReportReceipt | undefined> {
  const record = await deps.reports.getReportIdempotencyRecord(consultationId, key, now);
  if (record === undefined) return undefined;
  if (record.requestHash !== requestHash) throw new IdempotencyKeyReusedError();
  const stored = await deps.reports.findReportByReceipt(record.receipt);
  if (stored === undefined)
    throw new StoreUnavailableError('The report for this Idempotency-Key could not be read back.');
  return reportReceiptOf(stored);
}

/** The contact details worth keeping: blank fields dropped, nothing at all when nothing is left. */
function contactOf(given: ReporterContact | undefined): ReporterContact | null {
  if (given === undefined) return null;
  const contact: ReporterContact = {
    ...(given.name !== undefined && !isBlank(given.name) ? { name: given.name.trim() } : {}),
    ...(given.email ? { email: given.email } : {}),
    ...(given.phone ? { phone: given.phone } : {}),
  };
  return Object.keys(contact).length === 0 ? null : contact;
}

/** Same comment and same report (key order aside) give the same hash. */
function hashOf(consultationId: string, commentId: string, submission: ReportSubmission): string {
  return createHash('sha256')
    .update(`${consultationId}\n${commentId}\n`)
    .update(canonicalJson(submission))
    .digest('base64url');
}
