import { z } from 'zod';
import { type Comment, STANCES, type Stance } from '../comment/comment.ts';
import { type Consultation, statusAt } from '../consultation/consultation.ts';
import { NotFoundError } from '../errors.ts';
import { articleOrder, type CounterSnapshot, parseCellKey, WHOLE } from '../feedback/stats.ts';
import { screen } from '../moderation/screening.ts';
import { PublicResponse, publicResponseOf, type StoredResponse } from './response.ts';

const StanceCounts = z.object(
  Object.fromEntries(STANCES.map((s) => [s, z.number().int()])) as Record<Stance, z.ZodNumber>,
);

const AnsweredComment = z
  .object({
    commentId: z.string(),
    stance: z.string(),
    /** The published (masked) text; null for a comment that was not published. */
    excerpt: z.string().nullable(),
    response: PublicResponse,
  })
  .strict();

export const AdoptionReport = z
  .object({
    consultationId: z.string(),
    title: z.object({ zh: z.string(), en: z.string() }),
    office: z.object({ zh: z.string(), en: z.string() }),
    draftVersion: z.number().int(),
    opensAt: z.string(),
    closesAt: z.string(),
    concludedAt: z.string(),
    /** Comments received that were not spam, published ones, and distinct ones (form letters counted once). */
    totals: z.object({ received: z.number().int(), published: z.number().int(), distinct: z.number().int() }),
    articles: z.array(
      z
        .object({
          /** `whole` for comments on the whole draft. */
          articleId: z.string(),
          received: z.number().int(),
          distinct: z.number().int(),
          published: z.number().int(),
          stances: StanceCounts,
          /** The office's answer to the article as a whole, if it wrote one. */
          response: PublicResponse.nullable(),
          /** Comments on the article the office answered one by one. */
          answered: z.array(AnsweredComment),
        })
        .strict(),
    ),
    /** Answers to groups of near-identical comments (form letters). */
    clusters: z.array(z.object({ clusterId: z.string(), response: PublicResponse }).strict()),
  })
  .strict()
  .meta({ id: 'AdoptionReport' });
export type AdoptionReport = z.infer<typeof AdoptionReport>;

export interface ReportDeps {
  now: Date;
  counters: CounterSnapshot;
  responses: readonly StoredResponse[];
  getComment: (commentId: string) => Promise<Comment | undefined>;
}

/**
 * 意见采纳情况说明: per article, what was received and how the office answered. Public once the consultation
 * is concluded, and only then; it carries no names, no contact and no text of unpublished comments.
 */
export async function adoptionReport(consultation: Consultation, deps: ReportDeps): Promise<AdoptionReport> {
  if (statusAt(consultation, deps.now) !== 'concluded' || consultation.concludedAt === undefined)
    throw new NotFoundError('The adoption report is published once the consultation is concluded.');
  const rows = new Map<string, AdoptionReport['articles'][number]>();
  const row = (articleId: string) => {
    let found = rows.get(articleId);
    if (found === undefined) {
      found = {
        articleId,
        received: 0,
        distinct: 0,
        published: 0,
        stances: Object.fromEntries(STANCES.map((s) => [s, 0])) as Record<Stance, number>,
        response: null,
        answered: [],
      };
      rows.set(articleId, found);
    }
    return found;
  };
  const totals = { received: 0, published: 0, distinct: 0 };
  for (const [key, n] of Object.entries(deps.counters.raw)) {
    const cell = parseCellKey(key);
    if (n <= 0 || cell.status === 'spam') continue;
    const r = row(cell.articleId ?? WHOLE);
    const distinct = Math.max(0, n - (deps.counters.dup[key] ?? 0));
    r.received += n;
    r.distinct += distinct;
    r.stances[cell.stance] += n;
    totals.received += n;
    totals.distinct += distinct;
    if (cell.status === 'published') {
      r.published += n;
      totals.published += n;
    }
  }
  const clusters: AdoptionReport['clusters'] = [];
  const byComment = deps.responses.filter((r) => r.scope === 'comment');
  for (const response of deps.responses) {
    if (response.scope === 'article') row(response.targetId).response = publicResponseOf(response);
    if (response.scope === 'cluster')
      clusters.push({ clusterId: response.targetId, response: publicResponseOf(response) });
  }
  const comments = await Promise.all(byComment.map((r) => deps.getComment(r.targetId)));
  byComment.forEach((response, i) => {
    const comment = comments[i];
    if (comment === undefined || comment.status === 'spam') return;
    row(comment.articleId ?? WHOLE).answered.push({
      commentId: comment.id,
      stance: comment.stance,
      excerpt: comment.status === 'published' ? screen(comment.body).masked : null,
      response: publicResponseOf(response),
    });
  });
  const order = [WHOLE, ...consultation.articleIds];
  const articles = [...rows.values()].sort((a, b) => {
    const ia = order.indexOf(a.articleId);
    const ib = order.indexOf(b.articleId);
    if (ia !== -1 && ib !== -1) return ia - ib;
    if (ia !== -1 || ib !== -1) return ia === -1 ? 1 : -1;
    return articleOrder(a.articleId, b.articleId);
  });
  for (const a of articles) a.answered.sort((x, y) => (x.commentId < y.commentId ? -1 : 1));
  return {
    consultationId: consultation.id,
    title: consultation.title,
    office: consultation.office,
    draftVersion: consultation.draftVersion,
    opensAt: consultation.opensAt,
    closesAt: consultation.closesAt,
    concludedAt: consultation.concludedAt,
    totals,
    articles,
    clusters: clusters.sort((a, b) => (a.clusterId < b.clusterId ? -1 : 1)),
  };
}
