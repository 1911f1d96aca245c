/**
 * The drafting side of the staff API as the console's scripts see it: statistics and responses, narrowed by
 * hand from what the API answered (anything unexpected is dropped, never cast).
 */
import type { Stance } from '../../i18n.ts';
import { DECISIONS, type Decision } from '../../i18n-drafting.ts';
import { isRecord, staffRequest } from './api.ts';

export type Scope = 'comment' | 'cluster' | 'article';
const SCOPES: readonly Scope[] = ['comment', 'cluster', 'article'];
const STANCE_LIST: readonly Stance[] = ['support', 'oppose', 'suggest', 'other'];

export interface ArticleStats {
  articleId: string | null;
  draftVersion: number;
  raw: Record<Stance, number>;
  collapsed: Record<Stance, number>;
  total: number;
  totalCollapsed: number;
  published: number;
}

export interface Stats {
  total: number;
  totalCollapsed: number;
  byStatus: { pending: number; published: number; rejected: number; spam: number };
  articles: ArticleStats[];
  days: { day: string; count: number }[];
}

export interface Answer {
  scope: Scope;
  targetId: string;
  decision: Decision;
  reason: { zh: string; en: string | undefined };
  by: string;
  at: string;
  version: number;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const stances = (v: unknown): Record<Stance, number> => {
  const r = isRecord(v) ? v : {};
  return { support: num(r.support), oppose: num(r.oppose), suggest: num(r.suggest), other: num(r.other) };
};

export function toStats(v: unknown): Stats | undefined {
  if (!isRecord(v) || !Array.isArray(v.articles)) return undefined;
  const s = isRecord(v.byStatus) ? v.byStatus : {};
  return {
    total: num(v.total),
    totalCollapsed: num(v.totalCollapsed),
    byStatus: {
      pending: num(s.pending),
      published: num(s.published),
      rejected: num(s.rejected),
      spam: num(s.spam),
    },
    articles: v.articles.flatMap((a) =>
      isRecord(a) && (typeof a.articleId === 'string' || a.articleId === null)
        ? [
            {
              articleId: a.articleId,
              draftVersion: num(a.draftVersion),
              raw: stances(a.raw),
              collapsed: stances(a.collapsed),
              total: num(a.total),
              totalCollapsed: num(a.totalCollapsed),
              published: num(a.published),
            },
          ]
        : [],
    ),
    days: Array.isArray(v.days)
      ? v.days.flatMap((d) =>
          isRecord(d) && typeof d.day === 'string' ? [{ day: d.day, count: num(d.count) }] : [],
        )
      : [],
  };
}

export function toAnswer(v: unknown): Answer | undefined {
  if (!isRecord(v) || typeof v.targetId !== 'string') return undefined;
  const scope = SCOPES.find((s) => s === v.scope);
  const decision = DECISIONS.find((d) => d === v.decision);
  const reason = isRecord(v.reason) ? v.reason : {};
  if (scope === undefined || decision === undefined || typeof reason.zh !== 'string') return undefined;
  const by = isRecord(v.by) && typeof v.by.username === 'string' ? v.by.username : '';
  return {
    scope,
    targetId: v.targetId,
    decision,
    reason: { zh: reason.zh, en: typeof reason.en === 'string' ? reason.en : undefined },
    by,
    at: typeof v.at === 'string' ? v.at : '',
    version: num(v.version),
  };
}

export { STANCE_LIST };

export type AnswerTarget =
  | { kind: 'comment'; commentId: string }
  | { kind: 'comments'; commentIds: string[] }
  | { kind: 'cluster'; clusterId: string }
  | { kind: 'article'; articleId: string };

export function saveAnswer(
  consultationId: string,
  target: AnswerTarget,
  decision: Decision,
  reason: { zh: string; en?: string },
): Promise<unknown> {
  return staffRequest('POST', `/consultations/${encodeURIComponent(consultationId)}/responses`, {
    target,
    decision,
    reason,
  });
}
