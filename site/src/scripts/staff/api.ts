/**
 * The staff API as the console's scripts see it. The session lives in an HttpOnly cookie the scripts
 * never see: requests send it with `credentials: 'same-origin'`, no token is ever held here. Every write
 * carries `X-Yijian-Staff: 1`, which a cross-site form cannot send (the API refuses writes without it).
 * Responses are narrowed by hand, not cast: anything unexpected becomes `undefined`.
 */
import type { CommentStatus, Stance, WindowStatus } from '../../i18n.ts';
import type { Role } from '../../i18n-staff.ts';

export const STAFF_API = '/api/staff';

export interface Me {
  sub: string;
  username: string;
  name: string;
  roles: Role[];
  office: string | null;
  sessionExpiresAt: string;
}

export interface Counts {
  pending: number;
  published: number;
  rejected: number;
  spam: number;
}

export interface Notice {
  at: string;
  kind: string;
  zh: string;
  en: string;
}

export interface StaffConsultation {
  id: string;
  draftId: string;
  draftVersion: number;
  title: { zh: string; en: string };
  officeName: { zh: string; en: string } | null;
  office: string;
  opensAt: string;
  closesAt: string;
  status: WindowStatus;
  moderation: string;
  counts: Counts;
  notices: Notice[];
}

export interface StaffComment {
  id: string;
  receipt: string;
  articleId: string | null;
  draftVersion: number;
  stance: Stance;
  body: string;
  proposedWording: string | null;
  displayName: string | null;
  publishName: boolean;
  status: CommentStatus;
  reason: string | null;
  submittedAt: string;
  version: number;
  flags: string[];
  publicBody: string | null;
  /** The name was withheld after a report of false attribution (issue 9 §5). */
  nameWithheldByReport: boolean;
}

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  from: string | undefined;
  to: string | undefined;
  reason: string | undefined;
}

export interface Reason {
  code: string;
  zh: string;
  en: string;
}

export interface Problem {
  status: number;
  title: string | undefined;
  detail: string | undefined;
  errors: { pointer: string; detail: string }[];
  current: StaffComment | undefined;
}

const STATUSES: readonly string[] = ['pending', 'published', 'rejected', 'spam'];
const WINDOW: readonly string[] = ['scheduled', 'open', 'closed', 'concluded'];
const STANCES: readonly string[] = ['support', 'oppose', 'suggest', 'other'];
const ROLES: readonly string[] = ['admin', 'moderator', 'drafter'];

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const bilingual = (v: unknown): { zh: string; en: string } | null =>
  isRecord(v) && typeof v.zh === 'string' && typeof v.en === 'string' ? { zh: v.zh, en: v.en } : null;

export function toMe(v: unknown): Me | undefined {
  if (!isRecord(v) || typeof v.sub !== 'string') return undefined;
  const roles = Array.isArray(v.roles)
    ? v.roles.filter((r): r is Role => typeof r === 'string' && ROLES.includes(r))
    : [];
  return {
    sub: v.sub,
    username: str(v.username) ?? v.sub,
    name: str(v.name) ?? str(v.username) ?? v.sub,
    roles,
    office: str(v.office) ?? null,
    sessionExpiresAt: str(v.sessionExpiresAt) ?? '',
  };
}

export function toCounts(v: unknown): Counts {
  const r = isRecord(v) ? v : {};
  return {
    pending: num(r.pending),
    published: num(r.published),
    rejected: num(r.rejected),
    spam: num(r.spam),
  };
}

export function toNotices(v: unknown): Notice[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((n) =>
    isRecord(n) && typeof n.at === 'string'
      ? [{ at: n.at, kind: str(n.kind) ?? '', zh: str(n.zh) ?? '', en: str(n.en) ?? '' }]
      : [],
  );
}

export function toConsultation(v: unknown): StaffConsultation | undefined {
  if (!isRecord(v) || typeof v.id !== 'string') return undefined;
  const status = str(v.status) ?? '';
  const title = bilingual(v.title) ?? { zh: v.id, en: v.id };
  // `office` is the office id; older shapes carried the bilingual office name there.
  const officeName = bilingual(v.officeName) ?? bilingual(v.office);
  return {
    id: v.id,
    draftId: str(v.draftId) ?? '',
    draftVersion: num(v.draftVersion),
    title,
    officeName,
    office: str(v.office) ?? str(v.officeId) ?? '',
    opensAt: str(v.opensAt) ?? '',
    closesAt: str(v.closesAt) ?? '',
    status: (WINDOW.includes(status) ? status : 'closed') as WindowStatus,
    moderation: str(v.moderation) ?? 'pre',
    counts: toCounts(v.counts),
    notices: toNotices(v.notices),
  };
}

export function toComment(v: unknown): StaffComment | undefined {
  if (!isRecord(v) || typeof v.id !== 'string') return undefined;
  const status = str(v.status) ?? '';
  const stance = str(v.stance) ?? '';
  if (!STATUSES.includes(status)) return undefined;
  return {
    id: v.id,
    receipt: str(v.receipt) ?? v.id,
    articleId: str(v.articleId) ?? null,
    draftVersion: num(v.draftVersion),
    stance: (STANCES.includes(stance) ? stance : 'other') as Stance,
    body: str(v.body) ?? '',
    proposedWording: str(v.proposedWording) ?? null,
    displayName: str(v.displayName) ?? null,
    publishName: v.publishName === true,
    status: status as CommentStatus,
    reason: str(v.reason) ?? null,
    submittedAt: str(v.submittedAt) ?? '',
    version: num(v.version),
    flags: Array.isArray(v.flags) ? v.flags.filter((f): f is string => typeof f === 'string') : [],
    publicBody: str(v.publicBody) ?? null,
    nameWithheldByReport: isRecord(v.falseAttribution),
  };
}

export function toAudit(v: unknown): AuditEntry | undefined {
  if (!isRecord(v) || typeof v.at !== 'string') return undefined;
  const actor = isRecord(v.actor) ? (str(v.actor.username) ?? str(v.actor.sub) ?? '') : (str(v.actor) ?? '');
  return {
    at: v.at,
    actor,
    action: str(v.action) ?? '',
    from: str(v.from),
    to: str(v.to),
    reason: str(v.reason),
  };
}

export function toReason(v: unknown): Reason | undefined {
  return isRecord(v) && typeof v.code === 'string'
    ? { code: v.code, zh: str(v.zh) ?? v.code, en: str(v.en) ?? v.code }
    : undefined;
}

export function items<T>(body: unknown, narrow: (v: unknown) => T | undefined): T[] {
  if (!isRecord(body) || !Array.isArray(body.items)) return [];
  return body.items.flatMap((v) => {
    const item = narrow(v);
    return item === undefined ? [] : [item];
  });
}

/** Thrown for any answer that is not 2xx; `problem` is the RFC 9457 document as far as it could be read. */
export class StaffApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'StaffApiError';
    this.problem = problem;
  }
}

async function readProblem(res: Response): Promise<Problem> {
  const problem: Problem = {
    status: res.status,
    title: undefined,
    detail: undefined,
    errors: [],
    current: undefined,
  };
  try {
    const body: unknown = await res.json();
    if (isRecord(body)) {
      problem.title = str(body.title);
      problem.detail = str(body.detail);
      problem.current = toComment(body.current);
      if (Array.isArray(body.errors)) {
        for (const e of body.errors) {
          if (isRecord(e) && typeof e.pointer === 'string')
            problem.errors.push({ pointer: e.pointer, detail: str(e.detail) ?? '' });
        }
      }
    }
  } catch {
    // Not JSON: the status has to do.
  }
  return problem;
}

/** Listeners told when the session is gone (401), so that the page can offer to sign in again. */
const signedOutListeners = new Set<() => void>();
export function onSignedOut(listener: () => void): void {
  signedOutListeners.add(listener);
}

/**
 * One request to the staff API. Resolves with the JSON body (or `null` for 204); rejects with a
 * `StaffApiError` for an error answer and with a `TypeError` when the network failed.
 */
export async function staffRequest(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (method !== 'GET') headers['X-Yijian-Staff'] = '1';
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${STAFF_API}${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    cache: 'no-store',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status === 401) for (const listener of signedOutListeners) listener();
  if (!res.ok) throw new StaffApiError(await readProblem(res));
  if (res.status === 204) return null;
  return res.json();
}

/** `YYYY-MM-DDTHH:mm` typed as Beijing time → an ISO instant; `undefined` when incomplete. */
export function shanghaiInputToIso(value: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number);
  if (y === undefined || mo === undefined || d === undefined || h === undefined || mi === undefined)
    return undefined;
  // Asia/Shanghai has kept UTC+8 without daylight saving since 1991.
  return new Date(Date.UTC(y, mo - 1, d, h - 8, mi)).toISOString();
}

/** An ISO instant → the `YYYY-MM-DDTHH:mm` a datetime-local input shows, in Beijing time. */
export function isoToShanghaiInput(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  return new Date(t + 8 * 3_600_000).toISOString().slice(0, 16);
}

/** A calendar date typed in a date input (Beijing time) → the instant its day starts or ends. */
export function shanghaiDateToIso(value: string, endOfDay: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const start = shanghaiInputToIso(`${value}T00:00`);
  if (start === undefined) return undefined;
  return endOfDay ? new Date(Date.parse(start) + 86_400_000 - 1).toISOString() : start;
}
