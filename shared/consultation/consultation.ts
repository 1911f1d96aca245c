import { z } from 'zod';
import { ArticleId, SLUG_PATTERN } from '../draft/schema.ts';
import { Instant } from './instant.ts';

export const CONSULTATION_STATUSES = ['scheduled', 'open', 'closed', 'concluded'] as const;
export const ConsultationStatus = z.enum(CONSULTATION_STATUSES);
export type ConsultationStatus = z.infer<typeof ConsultationStatus>;

export const ConsultationId = z.string().regex(SLUG_PATTERN, 'consultation id like transit-safety-2026');

/** A text the site shows in both languages. */
export const Bilingual = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();

export const MODERATION_MODES = ['pre', 'post'] as const;
export const ModerationMode = z.enum(MODERATION_MODES);
export type ModerationMode = z.infer<typeof ModerationMode>;

export const NOTICE_KINDS = [
  'registered',
  'reschedule',
  'extend',
  'close-early',
  'reopen',
  'conclude',
] as const;
/** A public notice about the window (extended, closed early …), shown on the draft page. */
export const Notice = z
  .object({ at: z.iso.datetime(), kind: z.enum(NOTICE_KINDS), zh: z.string().min(1), en: z.string().min(1) })
  .strict();
export type Notice = z.infer<typeof Notice>;

/** A consultation as stored: the window and the pinned draft, but never a stored status. */
export const Consultation = z
  .object({
    id: ConsultationId,
    draftId: z.string().min(1),
    draftVersion: z.number().int().positive(),
    /** Hash of the draft content the window was opened on, so a silently edited draft is detectable. */
    draftHash: z.string().min(1),
    title: Bilingual,
    office: Bilingual,
    /** The article ids comments may target; anything else is refused. */
    articleIds: z.array(ArticleId).min(1),
    opensAt: Instant,
    closesAt: Instant,
    concludedAt: Instant.optional(),
    createdAt: Instant,
    /** The drafting office's id (staff office scope); absent: only unscoped staff see it. */
    officeId: z.string().regex(SLUG_PATTERN).optional(),
    /** Absent: pre-moderation, nothing public before a moderator publishes it. */
    moderation: ModerationMode.optional(),
    notices: z.array(Notice).optional(),
    /** Why the window is shorter than 30 days (Art.15 norm), when it is. */
    shortWindowReason: z.string().min(1).optional(),
  })
  .strict();
export type Consultation = z.infer<typeof Consultation>;

/**
 * The window state machine: status is derived from the window and the clock, never stored, so a
 * consultation closes on time without a scheduled job.
 */
export function statusAt(
  consultation: Pick<Consultation, 'opensAt' | 'closesAt' | 'concludedAt'>,
  now: Date,
): ConsultationStatus {
  if (consultation.concludedAt !== undefined) return 'concluded';
  const t = now.getTime();
  if (t < Date.parse(consultation.opensAt)) return 'scheduled';
  if (t < Date.parse(consultation.closesAt)) return 'open';
  return 'closed';
}

/** The public view of a consultation, with its live status. */
export const ConsultationView = z
  .object({
    id: ConsultationId,
    draftId: z.string(),
    draftVersion: z.number().int(),
    title: Bilingual,
    office: Bilingual,
    opensAt: z.iso.datetime(),
    closesAt: z.iso.datetime(),
    status: ConsultationStatus,
    commentCount: z.number().int().nonnegative(),
    moderation: ModerationMode,
    notices: z.array(Notice),
  })
  .strict();
export type ConsultationView = z.infer<typeof ConsultationView>;

export function viewOf(consultation: Consultation, commentCount: number, now: Date): ConsultationView {
  return {
    id: consultation.id,
    draftId: consultation.draftId,
    draftVersion: consultation.draftVersion,
    title: consultation.title,
    office: consultation.office,
    opensAt: consultation.opensAt,
    closesAt: consultation.closesAt,
    status: statusAt(consultation, now),
    commentCount,
    moderation: consultation.moderation ?? 'pre',
    notices: consultation.notices ?? [],
  };
}
