import { z } from 'zod';
import { type Comment, type CommentStatus, STANCES, type Stance } from '../comment/comment.ts';
import type { Consultation } from '../consultation/consultation.ts';

/**
 * Feedback statistics from counters kept at intake and moderation (never a scan of the comments): one cell
 * per draft version × article × stance × status, plus one per day of submission. "Collapsed" counts a
 * form-letter cluster once per cell: the store keeps how many members of each cluster sit in each cell and
 * a `dup` counter per cell of members beyond the first, so collapsed = raw − dup.
 */
export type StatsSubject = Pick<
  Comment,
  'id' | 'consultationId' | 'articleId' | 'draftVersion' | 'stance' | 'status' | 'submittedAt' | 'clusterId'
>;

/** The few fields the counters need, e.g. to hold them for many comments at once. */
export function statsSubjectOf(comment: StatsSubject): StatsSubject {
  const { id, consultationId, articleId, draftVersion, stance, status, submittedAt, clusterId } = comment;
  return {
    id,
    consultationId,
    articleId,
    draftVersion,
    stance,
    status,
    submittedAt,
    ...(clusterId === undefined ? {} : { clusterId }),
  };
}

/** What the counters hold for one consultation, summed over their shards. */
export interface CounterSnapshot {
  /** Comments per cell key (see cellKey). */
  raw: Record<string, number>;
  /** Cluster members beyond the first per cell key. */
  dup: Record<string, number>;
  /** Comments per day of submission (Beijing time, `YYYY-MM-DD`). */
  days: Record<string, number>;
}

/** The counters' side of the table: bumped best-effort after intake and after each decision. */
export interface StatsStore {
  countReceived(comment: StatsSubject): Promise<void>;
  countMoved(comment: StatsSubject, from: CommentStatus, to: CommentStatus): Promise<void>;
  /**
   * The batch re-cluster moved a counted comment from its cluster (`comment.clusterId`, if any) to `to`:
   * raw counts stay, the collapsed ones follow the cluster members.
   */
  countReclustered(comment: StatsSubject, to: string): Promise<void>;
  readCounters(consultationId: string): Promise<CounterSnapshot>;
}

export const WHOLE = 'whole';
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** `<version>|<article or whole>|<stance>|<status>`; article ids hold no `|` (art-12, art-3-2). */
export function cellKey(
  draftVersion: number,
  articleId: string | null,
  stance: Stance,
  status: CommentStatus,
): string {
  return `${draftVersion}|${articleId ?? WHOLE}|${stance}|${status}`;
}

export function parseCellKey(key: string) {
  const [version, article, stance, status] = key.split('|');
  return {
    draftVersion: Number(version),
    articleId: article === WHOLE || article === undefined ? null : article,
    stance: stance as Stance,
    status: status as CommentStatus,
  };
}

/** The Beijing calendar day of an instant (China has one time zone and no daylight saving). */
export function dayOf(instant: string): string {
  return new Date(Date.parse(instant) + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

const StanceCounts = z.object(
  Object.fromEntries(STANCES.map((s) => [s, z.number().int()])) as Record<Stance, z.ZodNumber>,
);

const ArticleStats = z
  .object({
    /** null: comments on the whole draft. */
    articleId: z.string().nullable(),
    draftVersion: z.number().int(),
    raw: StanceCounts,
    collapsed: StanceCounts,
    total: z.number().int(),
    totalCollapsed: z.number().int(),
    published: z.number().int(),
    pending: z.number().int(),
    rejected: z.number().int(),
  })
  .strict();

export const StaffStats = z
  .object({
    consultationId: z.string(),
    draftVersion: z.number().int(),
    /** Comments received that are not spam. */
    total: z.number().int(),
    totalCollapsed: z.number().int(),
    byStatus: z.object({
      pending: z.number().int(),
      published: z.number().int(),
      rejected: z.number().int(),
      spam: z.number().int(),
    }),
    /** Per draft version and article (whole draft first), in the order of the counters. */
    articles: z.array(ArticleStats),
    days: z.array(z.object({ day: z.string(), count: z.number().int() }).strict()),
  })
  .strict()
  .meta({ id: 'StaffStats' });
export type StaffStats = z.infer<typeof StaffStats>;
export type ArticleStats = z.infer<typeof ArticleStats>;

const zeroStances = (): Record<Stance, number> =>
  Object.fromEntries(STANCES.map((s) => [s, 0])) as Record<Stance, number>;

/** The drafter's statistics: spam is counted apart and left out of every article figure. */
export function staffStatsOf(
  consultation: Pick<Consultation, 'id' | 'draftVersion'>,
  counters: CounterSnapshot,
): StaffStats {
  const byStatus = { pending: 0, published: 0, rejected: 0, spam: 0 };
  const articles = new Map<string, ArticleStats>();
  for (const [key, n] of Object.entries(counters.raw)) {
    if (n <= 0) continue;
    const cell = parseCellKey(key);
    byStatus[cell.status] += n;
    if (cell.status === 'spam') continue;
    const id = `${cell.draftVersion}|${cell.articleId ?? WHOLE}`;
    const article = articles.get(id) ?? {
      articleId: cell.articleId,
      draftVersion: cell.draftVersion,
      raw: zeroStances(),
      collapsed: zeroStances(),
      total: 0,
      totalCollapsed: 0,
      published: 0,
      pending: 0,
      rejected: 0,
    };
    const collapsed = Math.max(0, n - (counters.dup[key] ?? 0));
    article.raw[cell.stance] += n;
    article.collapsed[cell.stance] += collapsed;
    article.total += n;
    article.totalCollapsed += collapsed;
    article[cell.status] += n;
    articles.set(id, article);
  }
  const list = [...articles.values()].sort(
    (a, b) =>
      a.draftVersion - b.draftVersion ||
      (a.articleId === null ? -1 : b.articleId === null ? 1 : articleOrder(a.articleId, b.articleId)),
  );
  return {
    consultationId: consultation.id,
    draftVersion: consultation.draftVersion,
    total: byStatus.pending + byStatus.published + byStatus.rejected,
    totalCollapsed: list.reduce((sum, a) => sum + a.totalCollapsed, 0),
    byStatus,
    articles: list,
    days: Object.entries(counters.days)
      .filter(([, n]) => n > 0)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([day, count]) => ({ day, count })),
  };
}

export const PublicStats = z
  .object({
    consultationId: z.string(),
    /** Published comments per article id of the current draft version, plus `whole` for the whole draft. */
    publishedCounts: z.record(z.string(), z.number().int()),
    /** Published comments per article and stance (current version; `whole` included). */
    byArticle: z.array(
      z.object({ articleId: z.string(), stances: StanceCounts, total: z.number().int() }).strict(),
    ),
    total: z.number().int(),
  })
  .strict()
  .meta({ id: 'PublicStats' });
export type PublicStats = z.infer<typeof PublicStats>;

/**
 * Published counts only (what anyone can read anyway). Comments on articles of an earlier version count
 * under the same article id when the current version still has it; comments on the whole draft always count.
 */
export function publicStatsOf(
  consultation: Pick<Consultation, 'id' | 'articleIds'>,
  counters: CounterSnapshot,
): PublicStats {
  const known = new Set(consultation.articleIds);
  const byArticle = new Map<string, Record<Stance, number>>();
  let total = 0;
  for (const [key, n] of Object.entries(counters.raw)) {
    const cell = parseCellKey(key);
    if (cell.status !== 'published' || n <= 0) continue;
    total += n;
    const id = cell.articleId ?? WHOLE;
    if (id !== WHOLE && !known.has(id)) continue;
    const stances = byArticle.get(id) ?? zeroStances();
    stances[cell.stance] += n;
    byArticle.set(id, stances);
  }
  const ids = [WHOLE, ...consultation.articleIds].filter((id) => byArticle.has(id));
  const rows = ids.map((articleId) => {
    const stances = byArticle.get(articleId) ?? zeroStances();
    return { articleId, stances, total: STANCES.reduce((sum, s) => sum + stances[s], 0) };
  });
  const publishedCounts: Record<string, number> = { [WHOLE]: 0 };
  for (const row of rows) publishedCounts[row.articleId] = row.total;
  return { consultationId: consultation.id, publishedCounts, byArticle: rows, total };
}

/** art-2 before art-10, art-3 before art-3-2. */
export function articleOrder(a: string, b: string): number {
  const pa = a.slice(4).split('-').map(Number);
  const pb = b.slice(4).split('-').map(Number);
  return (pa[0] ?? 0) - (pb[0] ?? 0) || (pa[1] ?? 0) - (pb[1] ?? 0);
}
