/**
 * What the client scripts share: the public API's shapes (as the scripts need them), reading RFC 9457
 * problem documents, receipts and times in Asia/Shanghai. Browser-only; no framework.
 */
import { type FieldErrorCode, isFieldErrorCode } from '../../../shared/comment/rules.ts';
import type { CommentStatus, WindowStatus } from '../i18n.ts';

export const API = '/api';

export interface ConsultationStatus {
  id: string;
  opensAt: string;
  closesAt: string;
  status: WindowStatus;
  commentCount: number;
  /** The newest public notice about the window (closed early, extended …), if any. */
  latestNotice: { zh: string; en: string } | null;
}

export interface CommentState {
  receipt: string;
  consultationId: string;
  articleId: string | null;
  /** The draft version the comment was made on (its article id refers to that version), if known. */
  draftVersion: number | null;
  status: CommentStatus;
  submittedAt: string;
  updatedAt: string;
  /** Why a rejected comment was not published, as the moderator gave it. */
  reason: string | null;
  /** The office's answer, once the consultation is concluded. */
  response: { decision: string; reason: { zh: string; en: string | undefined } } | null;
}

export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  /** With 409: the consultation's status as the server saw it. */
  windowStatus?: string;
  errors: { pointer: string; code: FieldErrorCode; detail: string }[];
}

const WINDOW_STATUSES: readonly string[] = ['scheduled', 'open', 'closed', 'concluded'];
const COMMENT_STATUSES: readonly string[] = ['pending', 'published', 'rejected', 'spam'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Narrows one consultation of `GET /api/consultations`; anything unexpected gives `undefined`. */
export function toConsultationStatus(v: unknown): ConsultationStatus | undefined {
  if (!isRecord(v)) return undefined;
  const { id, opensAt, closesAt, status, commentCount, notices } = v;
  if (typeof id !== 'string' || typeof status !== 'string' || !WINDOW_STATUSES.includes(status))
    return undefined;
  return {
    id,
    opensAt: str(opensAt) ?? '',
    closesAt: str(closesAt) ?? '',
    status: status as WindowStatus,
    commentCount: typeof commentCount === 'number' ? commentCount : 0,
    latestNotice: latestNotice(notices),
  };
}

function latestNotice(v: unknown): { zh: string; en: string } | null {
  if (!Array.isArray(v)) return null;
  let latest: { at: string; zh: string; en: string } | null = null;
  for (const n of v) {
    if (!isRecord(n) || typeof n.at !== 'string' || typeof n.zh !== 'string' || typeof n.en !== 'string')
      continue;
    if (latest === null || n.at > latest.at) latest = { at: n.at, zh: n.zh, en: n.en };
  }
  return latest && { zh: latest.zh, en: latest.en };
}

export function toCommentState(v: unknown): CommentState | undefined {
  if (!isRecord(v)) return undefined;
  const {
    receipt,
    consultationId,
    articleId,
    draftVersion,
    status,
    submittedAt,
    updatedAt,
    reason,
    response,
  } = v;
  if (typeof receipt !== 'string' || typeof status !== 'string' || !COMMENT_STATUSES.includes(status)) {
    return undefined;
  }
  return {
    receipt,
    consultationId: str(consultationId) ?? '',
    articleId: str(articleId) ?? null,
    draftVersion: typeof draftVersion === 'number' && Number.isInteger(draftVersion) ? draftVersion : null,
    status: status as CommentStatus,
    submittedAt: str(submittedAt) ?? '',
    updatedAt: str(updatedAt) ?? str(submittedAt) ?? '',
    reason: str(reason) ?? null,
    response:
      isRecord(response) &&
      typeof response.decision === 'string' &&
      isRecord(response.reason) &&
      typeof response.reason.zh === 'string'
        ? { decision: response.decision, reason: { zh: response.reason.zh, en: str(response.reason.en) } }
        : null,
  };
}

/** Reads an error response as a problem document, whatever it actually holds. */
export async function readProblem(res: Response): Promise<Problem> {
  const problem: Problem = { status: res.status, errors: [] };
  try {
    const body: unknown = await res.json();
    if (isRecord(body)) {
      problem.title = str(body.title);
      problem.detail = str(body.detail);
      problem.windowStatus = str(body.windowStatus);
      if (Array.isArray(body.errors)) {
        for (const e of body.errors) {
          if (isRecord(e) && typeof e.pointer === 'string') {
            problem.errors.push({
              pointer: e.pointer,
              code: isFieldErrorCode(e.code) ? e.code : 'invalid',
              detail: str(e.detail) ?? str(e.message) ?? '',
            });
          }
        }
      }
    }
  } catch {
    // Not JSON (a proxy's error page, say): the status alone has to do.
  }
  return problem;
}

export async function getJson(path: string): Promise<Response> {
  return fetch(`${API}${path}`, { headers: { Accept: 'application/json' }, cache: 'no-store' });
}

const shanghai = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(date: Date): Record<string, string> {
  return Object.fromEntries(shanghai.formatToParts(date).map((p) => [p.type, p.value]));
}

/**
 * An ISO instant as `2026-12-25 14:30` in Beijing time. With `endOfDay`, a deadline at midnight is
 * written the way notices write it: `2026-12-25 24:00` rather than `2026-12-26 00:00`.
 */
export function formatShanghai(iso: string, endOfDay = false): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const p = parts(date);
  if (endOfDay && p.hour === '00' && p.minute === '00') {
    const q = parts(new Date(date.getTime() - 60_000));
    return `${q.year}-${q.month}-${q.day} 24:00`;
  }
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** Carries the query string (`?article=`, `?r=`) over to the other language's page. */
export function keepQueryOnLangSwitch(): void {
  const link = document.getElementById('lang-switch');
  if (link instanceof HTMLAnchorElement && location.search) {
    const url = new URL(link.href);
    url.search = location.search;
    link.href = url.pathname + url.search;
  }
}
