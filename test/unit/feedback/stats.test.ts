import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMMENT_STATUSES,
  type Comment,
  type CommentStatus,
  STANCES,
} from '../../../shared/comment/comment.ts';
import { MemoryStatsStore } from '../../../shared/feedback/memory-stats-store.ts';
import { dayOf, publicStatsOf, staffStatsOf } from '../../../shared/feedback/stats.ts';
import { aComment, anOpenConsultation } from '../../support/factories.ts';

const consultation = anOpenConsultation();
const ARTICLES = [null, 'art-1', 'art-5', 'art-12-1'] as const;

const aCommentArb = (i: number) =>
  fc
    .record({
      articleId: fc.constantFrom(...ARTICLES),
      stance: fc.constantFrom(...STANCES),
      clusterId: fc.option(fc.constantFrom('k1', 'k2', 'k3'), { nil: undefined }),
      moves: fc.array(fc.constantFrom(...COMMENT_STATUSES), { maxLength: 3 }),
      // The batch re-cluster may later move it (or put an unclustered one into a cluster).
      reclusteredTo: fc.option(fc.constantFrom('k1', 'k2', 'k4'), { nil: undefined }),
      day: fc.integer({ min: 0, max: 5 }),
    })
    .map((r) => ({ ...r, id: `01JCXYZ${String(i).padStart(19, '0')}` }));

describe('feedback counters', () => {
  it('equal a count of the comments themselves after any intake, decisions and re-clustering, raw and with clusters collapsed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 0, max: 40 })
          .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => aCommentArb(i)))),
        async (specs) => {
          // Prepare
          const store = new MemoryStatsStore();
          const finals: Comment[] = [];

          // Act: each comment arrives pending, then moves through its decisions.
          for (const spec of specs) {
            const submittedAt = new Date(Date.UTC(2026, 10, 10 + spec.day, 20)).toISOString();
            let comment = aComment({
              id: spec.id,
              articleId: spec.articleId,
              stance: spec.stance,
              submittedAt,
              ...(spec.clusterId === undefined ? {} : { clusterId: spec.clusterId }),
            });
            await store.countReceived(comment);
            for (const to of spec.moves) {
              if (to === comment.status) continue;
              await store.countMoved(comment, comment.status, to);
              comment = { ...comment, status: to };
            }
            if (spec.reclusteredTo !== undefined) {
              await store.countReclustered(comment, spec.reclusteredTo);
              comment = { ...comment, clusterId: spec.reclusteredTo };
            }
            finals.push(comment);
          }
          const stats = staffStatsOf(consultation, await store.readCounters(consultation.id));

          // Assess against an independent count of the final comments.
          const kept = finals.filter((c) => c.status !== 'spam');
          expect(stats.total).toBe(kept.length);
          expect(stats.byStatus.spam).toBe(finals.length - kept.length);
          for (const articleId of ARTICLES) {
            const on = kept.filter((c) => c.articleId === articleId);
            const row = stats.articles.find((a) => a.articleId === articleId);
            expect(row?.total ?? 0).toBe(on.length);
            for (const stance of STANCES) {
              const cell = on.filter((c) => c.stance === stance);
              expect(row?.raw[stance] ?? 0).toBe(cell.length);
              // Collapsed: one per cluster per status cell, every unclustered comment counted.
              const distinct = new Set(
                cell.map((c) => (c.clusterId === undefined ? c.id : `${c.status}#${c.clusterId}`)),
              );
              expect(row?.collapsed[stance] ?? 0).toBe(distinct.size);
            }
          }
          const days = new Map<string, number>();
          for (const c of finals) days.set(dayOf(c.submittedAt), (days.get(dayOf(c.submittedAt)) ?? 0) + 1);
          expect(Object.fromEntries(stats.days.map((d) => [d.day, d.count]))).toEqual(
            Object.fromEntries(days),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('count days in Beijing time: 20:00 UTC is the next morning in China', () => {
    expect(dayOf('2026-11-10T20:00:00.000Z')).toBe('2026-11-11');
    expect(dayOf('2026-11-10T15:59:59.000Z')).toBe('2026-11-10');
  });

  it('publish per article only what is published, with whole for the whole draft', async () => {
    const store = new MemoryStatsStore();
    const statuses: [string | null, CommentStatus][] = [
      ['art-5', 'published'],
      ['art-5', 'published'],
      ['art-5', 'pending'],
      [null, 'published'],
      ['art-1', 'rejected'],
    ];
    for (const [i, [articleId, status]] of statuses.entries())
      await store.countReceived(aComment({ id: `01JCXYZ${String(i).padStart(19, '0')}`, articleId, status }));
    const stats = publicStatsOf(consultation, await store.readCounters(consultation.id));
    expect(stats.publishedCounts).toEqual({ whole: 1, 'art-5': 2 });
    expect(stats.total).toBe(3);
  });
});
