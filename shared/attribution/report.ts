import { z } from 'zod';
import { ContactDetails, text } from '../comment/comment.ts';
import { isBlank, MAX_DISPLAY_NAME_CHARS } from '../comment/rules.ts';
import { ArticleId } from '../draft/schema.ts';
import { MAX_REPORT_REASON_CHARS, REPORT_STATUSES } from './rules.ts';

export const ReportStatus = z.enum(REPORT_STATUSES);

/**
 * How to reach the reporter, if they want to be reached: a name, and an e-mail address or a phone number
 * under the same rules as a commenter's contact details. Kept apart from the report and never public.
 */
export const ReporterContact = ContactDetails.extend({
  name: text(MAX_DISPLAY_NAME_CHARS, 'name').optional(),
}).strict();
export type ReporterContact = z.infer<typeof ReporterContact>;

/** What a reporter submits. Strict: any field not listed here is refused, not ignored. */
export const ReportSubmission = z
  .object({
    reason: text(MAX_REPORT_REASON_CHARS, 'reason')
      .check((ctx) => {
        if (isBlank(ctx.value)) {
          ctx.issues.push({
            code: 'custom',
            message: 'reason must not be empty',
            params: { code: 'blank' },
            input: ctx.value,
          });
        }
      })
      .meta({ description: 'Why the comment was not made by you, or not with your consent.' }),
    contact: ReporterContact.optional().meta({
      description: 'Optional, so that a moderator can reach you; never published.',
    }),
  })
  .strict();
export type ReportSubmission = z.infer<typeof ReportSubmission>;

/** A report as stored. The reporter's contact details live apart (see ports.ts), like a commenter's. */
export const AttributionReport = z.object({
  id: z.string(),
  receipt: z.string(),
  consultationId: z.string(),
  commentId: z.string(),
  /** Where the reported comment sits, so that the reporter and the moderator can find it. */
  articleId: ArticleId.nullable(),
  draftVersion: z.number().int().positive(),
  reason: z.string(),
  status: ReportStatus,
  hasContact: z.boolean(),
  submittedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Bumped by the decision; the decision is written only if the report is still as the moderator saw it. */
  version: z.number().int().nonnegative(),
  /** The moderator's note to the reporter (public through the receipt). */
  note: z.string().optional(),
  decidedAt: z.iso.datetime().optional(),
  /** Staff only; the public view never names a moderator. */
  decidedBy: z.object({ sub: z.string(), username: z.string() }).optional(),
});
export type AttributionReport = z.infer<typeof AttributionReport>;

/** The answer to a report: its receipt, given only once the report is stored. */
export const ReportReceipt = z
  .object({
    receipt: z.string(),
    status: ReportStatus,
    consultationId: z.string(),
    commentId: z.string(),
    articleId: ArticleId.nullable(),
    draftVersion: z.number().int().positive(),
    submittedAt: z.iso.datetime(),
  })
  .meta({ id: 'AttributionReportReceipt' });
export type ReportReceipt = z.infer<typeof ReportReceipt>;

/** What a receipt lookup shows: the status and the moderator's public note, never the reason or contact. */
export const ReportStatusView = ReportReceipt.extend({
  updatedAt: z.iso.datetime(),
  note: z.string().optional(),
}).meta({ id: 'AttributionReportStatus' });
export type ReportStatusView = z.infer<typeof ReportStatusView>;

export function reportReceiptOf(report: AttributionReport): ReportReceipt {
  return {
    receipt: report.receipt,
    status: report.status,
    consultationId: report.consultationId,
    commentId: report.commentId,
    articleId: report.articleId,
    draftVersion: report.draftVersion,
    submittedAt: report.submittedAt,
  };
}

export function reportStatusViewOf(report: AttributionReport): ReportStatusView {
  return {
    ...reportReceiptOf(report),
    updatedAt: report.updatedAt,
    ...(report.note === undefined ? {} : { note: report.note }),
  };
}
