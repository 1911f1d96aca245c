import type { Role } from '../staff/principal.ts';
import type { ReportStatus } from './rules.ts';

export const REPORT_ACTIONS = ['hide-name', 'dismiss'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

/**
 * The state machine of a report. Each decision starts from `received` only: a decided report is final,
 * so a second decision (two moderators at once, or a stale console) is refused rather than silently
 * redone. A dismissal must say why in a note the reporter reads; hiding the name speaks for itself, so
 * its note is optional.
 */
const TRANSITIONS = {
  'hide-name': { from: ['received'], to: 'name_hidden', noteRequired: false },
  dismiss: { from: ['received'], to: 'dismissed', noteRequired: true },
} as const satisfies Record<
  ReportAction,
  { from: readonly ReportStatus[]; to: ReportStatus; noteRequired: boolean }
>;

/** Moderators decide reports as they decide comments; drafting officers read them but do not decide. */
const DECIDERS: readonly Role[] = ['admin', 'moderator'];

export function reportTargetOf(action: ReportAction): ReportStatus {
  return TRANSITIONS[action].to;
}

export function isLegalReportDecision(from: ReportStatus, action: ReportAction): boolean {
  return (TRANSITIONS[action].from as readonly ReportStatus[]).includes(from);
}

export function noteRequired(action: ReportAction): boolean {
  return TRANSITIONS[action].noteRequired;
}

export function reportDeciders(): readonly Role[] {
  return DECIDERS;
}
