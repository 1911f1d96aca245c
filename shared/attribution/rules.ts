/**
 * The rules of a report of false attribution (issue 9 §5, ACUS Recommendation 2021-1) that the browser
 * needs too: limits and the statuses a report moves through. Free of zod, Node and DOM imports, like
 * shared/comment/rules.ts, so that the site bundle can carry it.
 */

/** Why the reporter says the comment was not made by them: enough for a moderator to judge, no essay. */
export const MAX_REPORT_REASON_CHARS = 1000;
/** The moderator's public note on a decision, as a rejection reason is bounded. */
export const MAX_REPORT_NOTE_CHARS = 500;

/**
 * `received` until a moderator decides; then `name_hidden` (the commenter's name is withheld from the
 * public and the comment is marked as reported) or `dismissed` (with a note saying why). Both decisions are
 * final: a report is a request about one published name, and a new report can always be made.
 */
export const REPORT_STATUSES = ['received', 'name_hidden', 'dismissed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export function isReportStatus(value: unknown): value is ReportStatus {
  return typeof value === 'string' && (REPORT_STATUSES as readonly string[]).includes(value);
}
