import { z } from 'zod';
import { newCommentId } from '../comment/comment-id.ts';
import {
  Bilingual,
  type Consultation,
  ConsultationId,
  ModerationMode,
  type Notice,
  statusAt,
} from '../consultation/consultation.ts';
import { EditConflictError, ForbiddenError, IllegalTransitionError, ValidationError } from '../errors.ts';
import type { AuditAction, AuditEntry } from '../moderation/views.ts';
import type { Clock, ConsultationStore } from '../ports.ts';
import type { StaffStore } from './ports.ts';
import { OfficeId, requireRole, type StaffPrincipal } from './principal.ts';

const DAY_MS = 86_400_000;
/** 规章制定程序条例 Art.15: comments are normally taken for at least 30 days. */
export const NORMAL_WINDOW_DAYS = 30;
const SHANGHAI_OFFSET = '+08:00';

/**
 * An instant entered as Beijing time (`2026-12-01T09:00`), or with an explicit offset; stored as UTC.
 * Asia/Shanghai has had no daylight saving since 1991, so the offset is fixed.
 */
export const ShanghaiInstant = z
  .string()
  .regex(
    /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d{1,3})?)?(?:Z|[+-]\d\d:\d\d)?$/,
    'a date and time like 2026-12-01T09:00 (Beijing time) or an ISO instant',
  )
  .transform((text, ctx) => {
    const explicit = /(?:Z|[+-]\d\d:\d\d)$/.test(text);
    const ms = Date.parse(explicit ? text : `${text}${SHANGHAI_OFFSET}`);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: 'not a real date and time' });
      return z.NEVER;
    }
    return new Date(ms).toISOString();
  });

const Reason = z.string().trim().min(1).max(500);

export const RegisterRequest = z
  .object({
    id: ConsultationId,
    draftId: z.string().min(1).max(80),
    office: OfficeId,
    /** The office's name as the public sees it; defaults to the name the draft was published with. */
    officeName: Bilingual.optional(),
    opensAt: ShanghaiInstant,
    closesAt: ShanghaiInstant,
    shortWindowReason: Reason.optional(),
    moderation: ModerationMode.optional(),
  })
  .strict();
export type RegisterRequest = z.infer<typeof RegisterRequest>;

export const WINDOW_ACTIONS = ['reschedule', 'extend', 'close-early', 'reopen', 'conclude'] as const;
export const WindowRequest = z
  .object({
    action: z.enum(WINDOW_ACTIONS),
    opensAt: ShanghaiInstant.optional(),
    closesAt: ShanghaiInstant.optional(),
    notice: Bilingual,
    reason: Reason.optional(),
    shortWindowReason: Reason.optional(),
  })
  .strict();
export type WindowRequest = z.infer<typeof WindowRequest>;

/** What the registry of imported drafts knows about a draft's newest version. */
export interface DraftInfo {
  draftId: string;
  draftVersion: number;
  draftHash: string;
  title: { zh: string; en: string };
  articleIds: string[];
  officeName?: { zh: string; en: string };
}

export interface DraftCatalog {
  latest(draftId: string): Promise<DraftInfo | undefined>;
}

export interface WindowDeps {
  consultations: ConsultationStore;
  store: StaffStore;
  drafts: DraftCatalog;
  clock: Clock;
  contactRetentionDays: number;
}

export async function registerConsultation(
  deps: WindowDeps,
  principal: StaffPrincipal,
  request: RegisterRequest,
  requestId: string,
): Promise<Consultation> {
  requireRole(principal, ['admin'], 'register consultations');
  if (principal.office !== null && principal.office !== request.office) {
    throw new ForbiddenError(`You may register consultations of office ${principal.office} only.`);
  }
  const draft = await deps.drafts.latest(request.draftId);
  if (draft === undefined) {
    throw new ValidationError('No imported draft has this id.', [
      { pointer: '/draftId', detail: `unknown draft "${request.draftId}"` },
    ]);
  }
  const now = deps.clock.now();
  checkWindow(request.opensAt, request.closesAt, now, request.shortWindowReason);
  const consultation: Consultation = {
    id: request.id,
    draftId: draft.draftId,
    draftVersion: draft.draftVersion,
    draftHash: draft.draftHash,
    title: draft.title,
    office: request.officeName ?? draft.officeName ?? { zh: request.office, en: request.office },
    articleIds: draft.articleIds,
    opensAt: request.opensAt,
    closesAt: request.closesAt,
    createdAt: now.toISOString(),
    officeId: request.office,
    moderation: request.moderation ?? 'pre',
    notices: [],
    ...(request.shortWindowReason === undefined ? {} : { shortWindowReason: request.shortWindowReason }),
  };
  if (!(await deps.consultations.createConsultation(consultation))) {
    throw new EditConflictError(`A consultation "${request.id}" exists already.`, undefined);
  }
  await deps.store.appendAudit(
    auditOf(principal, now, 'register', consultation.id, requestId, request.shortWindowReason),
  );
  return consultation;
}

/**
 * Extends, closes early, reopens, reschedules or concludes a window, with a public notice. The status stays
 * derived from the window and the clock; contact retention follows the new closing time.
 */
export async function changeWindow(
  deps: WindowDeps,
  principal: StaffPrincipal,
  current: Consultation,
  request: WindowRequest,
  requestId: string,
): Promise<Consultation> {
  requireRole(principal, ['admin'], 'change consultation windows');
  const now = deps.clock.now();
  const at = now.toISOString();
  const status = statusAt(current, now);
  const illegal = (why: string) =>
    new IllegalTransitionError(why, { status, opensAt: current.opensAt, closesAt: current.closesAt });
  const requireField = (value: string | undefined, field: 'opensAt' | 'closesAt') => {
    if (value === undefined)
      throw new ValidationError(`${request.action} needs ${field}.`, [
        { pointer: `/${field}`, detail: 'required' },
      ]);
    return value;
  };
  let next: Consultation;
  switch (request.action) {
    case 'reschedule': {
      if (status === 'concluded') throw illegal('A concluded consultation cannot be rescheduled.');
      const opensAt = request.opensAt ?? current.opensAt;
      const closesAt = requireField(request.closesAt, 'closesAt');
      if (status !== 'scheduled' && opensAt !== current.opensAt)
        throw new ValidationError('The window has opened; its opening time is history.', [
          { pointer: '/opensAt', detail: 'only a scheduled window can move its opening' },
        ]);
      const reason = request.shortWindowReason ?? current.shortWindowReason;
      checkWindow(opensAt, closesAt, now, reason);
      next = {
        ...current,
        opensAt,
        closesAt,
        ...(reason === undefined ? {} : { shortWindowReason: reason }),
      };
      break;
    }
    case 'extend': {
      if (status !== 'open' && status !== 'scheduled')
        throw illegal(
          `Only an open or scheduled window can be extended (this one is ${status}); reopen it instead.`,
        );
      const closesAt = requireField(request.closesAt, 'closesAt');
      if (closesAt <= current.closesAt)
        throw new ValidationError('An extension must close later than now planned.', [
          { pointer: '/closesAt', detail: `must be after ${current.closesAt}` },
        ]);
      next = { ...current, closesAt };
      break;
    }
    case 'close-early':
      if (status !== 'open')
        throw illegal(`Only an open window can be closed early (this one is ${status}).`);
      next = { ...current, closesAt: at };
      break;
    case 'reopen': {
      if (status !== 'closed') throw illegal(`Only a closed window can be reopened (this one is ${status}).`);
      const closesAt = requireField(request.closesAt, 'closesAt');
      checkWindow(
        current.opensAt,
        closesAt,
        now,
        current.shortWindowReason ?? request.shortWindowReason ?? request.reason,
        false,
      );
      next = { ...current, closesAt };
      break;
    }
    case 'conclude':
      if (status !== 'closed')
        throw illegal(`Only a closed window can be concluded (this one is ${status}).`);
      next = { ...current, concludedAt: at };
      break;
  }
  const notice: Notice = { at, kind: request.action, zh: request.notice.zh, en: request.notice.en };
  next = { ...next, notices: [...(current.notices ?? []), notice] };
  if (!(await deps.store.replaceConsultation(current, next))) {
    const now2 = await deps.consultations.getConsultation(current.id);
    throw new EditConflictError('Another administrator changed this window first.', now2);
  }
  const auditAction: AuditAction = request.action === 'reopen' ? 'reopen-window' : request.action;
  await deps.store.appendAudit(
    auditOf(principal, now, auditAction, current.id, requestId, request.reason, {
      from: `${current.opensAt}/${current.closesAt}`,
      to: `${next.opensAt}/${next.closesAt}${next.concludedAt === undefined ? '' : ` concluded ${next.concludedAt}`}`,
    }),
  );
  if (next.closesAt !== current.closesAt) {
    await deps.store.setContactRetention(
      current.id,
      contactExpiryFor(next.closesAt, deps.contactRetentionDays),
    );
  }
  return next;
}

/** Contact details are kept for the retention period after the window closes (epoch seconds, TTL). */
export function contactExpiryFor(closesAt: string, retentionDays: number): number {
  return Math.floor((Date.parse(closesAt) + retentionDays * DAY_MS) / 1000);
}

function checkWindow(
  opensAt: string,
  closesAt: string,
  now: Date,
  shortReason: string | undefined,
  checkLength = true,
) {
  if (closesAt <= opensAt) {
    throw new ValidationError('The window ends before it starts.', [
      { pointer: '/closesAt', detail: 'must be after opensAt' },
    ]);
  }
  if (Date.parse(closesAt) <= now.getTime()) {
    throw new ValidationError('The window would end in the past.', [
      { pointer: '/closesAt', detail: 'must be in the future' },
    ]);
  }
  if (
    checkLength &&
    Date.parse(closesAt) - Date.parse(opensAt) < NORMAL_WINDOW_DAYS * DAY_MS &&
    shortReason === undefined
  ) {
    throw new ValidationError(`A window shorter than ${NORMAL_WINDOW_DAYS} days needs a recorded reason.`, [
      { pointer: '/shortWindowReason', detail: 'required for a window under 30 days' },
    ]);
  }
}

function auditOf(
  principal: StaffPrincipal,
  now: Date,
  action: AuditAction,
  consultationId: string,
  requestId: string,
  reason: string | undefined,
  change: { from?: string; to?: string } = {},
): AuditEntry {
  return {
    id: newCommentId(now),
    at: now.toISOString(),
    actor: { sub: principal.sub, username: principal.username },
    action,
    consultationId,
    ...change,
    ...(reason === undefined ? {} : { reason }),
    requestId,
  };
}
