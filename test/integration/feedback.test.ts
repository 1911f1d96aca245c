import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  COMMENT_STATUSES,
  type Comment,
  type CommentStatus,
  CommentSubmission,
  STANCES,
} from '../../shared/comment/comment.ts';
import { newCommentId } from '../../shared/comment/comment-id.ts';
import { submitComment } from '../../shared/comment/submit-comment.ts';
import { feedbackFeed } from '../../shared/feedback/feed.ts';
import { MemoryStatsStore } from '../../shared/feedback/memory-stats-store.ts';
import { type CounterSnapshot, staffStatsOf } from '../../shared/feedback/stats.ts';
import { moderate } from '../../shared/moderation/moderate.ts';
import { DEFAULT_REASONS } from '../../shared/moderation/reasons.ts';
import { respond } from '../../shared/responses/respond.ts';
import type { StaffPrincipal } from '../../shared/staff/principal.ts';
import { DynamoResponseStore } from '../../shared/store/dynamodb/response-store.ts';
import { DynamoStaffStore } from '../../shared/store/dynamodb/staff-store.ts';
import { DynamoStatsStore } from '../../shared/store/dynamodb/stats-store.ts';
import { aFreshTable, STORE_OPTIONS } from '../support/dynamodb.ts';
import { aComment, anOpenConsultation, aSubmission, NOW } from '../support/factories.ts';

let table: Awaited<ReturnType<typeof aFreshTable>>;
let staff: DynamoStaffStore;
let stats: DynamoStatsStore;
let responses: DynamoResponseStore;

beforeAll(async () => {
  table = await aFreshTable(inject('dynamoEndpoint'), 'feedback-it');
  const options = { tableName: table.tableName, ...STORE_OPTIONS };
  staff = new DynamoStaffStore(table.client, options);
  stats = new DynamoStatsStore(table.client, options);
  responses = new DynamoResponseStore(table.client, table.tableName);
});
afterAll(async () => {
  await table.drop();
});

let tick = 0;
const clock = { now: () => new Date(NOW.getTime() + tick++) };
const person = (role: 'admin' | 'drafter' | 'moderator'): StaffPrincipal => ({
  sub: role,
  username: role,
  name: role,
  roles: [role],
  office: null,
});
let counter = 0;
async function aConsultation() {
  const consultation = anOpenConsultation({ id: `feedback-it-${++counter}`, officeId: 'transport' });
  expect(await table.store.createConsultation(consultation)).toBe(true);
  return consultation;
}

const nonZero = (snapshot: CounterSnapshot) => ({
  raw: Object.fromEntries(Object.entries(snapshot.raw).filter(([, n]) => n !== 0)),
  dup: Object.fromEntries(Object.entries(snapshot.dup).filter(([, n]) => n !== 0)),
  days: Object.fromEntries(Object.entries(snapshot.days).filter(([, n]) => n !== 0)),
});

describe('feedback counters on DynamoDB Local', () => {
  it('are right after intake and moderation (comments through submitComment and moderate)', async () => {
    // Prepare
    const consultation = await aConsultation();
    const feed = feedbackFeed({
      stats,
      reportFailure: (_what, error) => {
        throw error;
      },
    });
    const intake = {
      store: table.store,
      clock,
      contactRetentionDays: 180,
      idempotencyTtlHours: 24,
      reportCounterFailure: (error: unknown) => {
        throw error;
      },
      onStored: feed.stored,
      requestId: 'test-request',
    };
    const receipts: string[] = [];
    for (const [articleId, stance] of [
      ['art-5', 'oppose'],
      ['art-5', 'oppose'],
      ['art-5', 'support'],
      ['art-1', 'suggest'],
    ] as const) {
      const { receipt } = await submitComment(
        intake,
        consultation.id,
        CommentSubmission.parse(aSubmission({ articleId, stance })),
        undefined,
      );
      receipts.push(receipt.receipt);
    }
    const comments = await Promise.all(receipts.map((r) => table.store.findCommentByReceipt(r)));
    const [first, second] = comments;
    if (first === undefined || second === undefined) throw new Error('not stored');

    // Act
    const deps = {
      store: staff,
      clock,
      reasons: DEFAULT_REASONS,
      reportCounterFailure: (error: unknown) => {
        throw error;
      },
      onDecided: feed.decided,
    };
    await moderate(
      deps,
      person('moderator'),
      consultation,
      { action: 'publish', items: [{ commentId: first.id, version: 0 }] },
      'r1',
    );
    await moderate(
      deps,
      person('moderator'),
      consultation,
      { action: 'spam', items: [{ commentId: second.id, version: 0 }] },
      'r2',
    );
    const result = staffStatsOf(consultation, await stats.readCounters(consultation.id));

    // Assess
    expect(result.byStatus).toEqual({ pending: 2, published: 1, rejected: 0, spam: 1 });
    expect(result.total).toBe(3);
    const art5 = result.articles.find((a) => a.articleId === 'art-5');
    expect(art5).toMatchObject({
      total: 2,
      published: 1,
      pending: 1,
      raw: { oppose: 1, support: 1, suggest: 0, other: 0 },
    });
    expect(result.articles.find((a) => a.articleId === 'art-1')).toMatchObject({
      total: 1,
      raw: { suggest: 1 },
    });
    expect(result.days).toEqual([{ day: '2026-11-15', count: 4 }]);
  });

  it('count form letters once per cell, exactly as the in-memory counters do, through any decisions', async () => {
    // Prepare: a scripted mix of clustered and single comments moving between statuses.
    const consultation = await aConsultation();
    const memory = new MemoryStatsStore();
    const events: { comment: Comment; moves: CommentStatus[]; reclusteredTo?: string }[] = Array.from(
      { length: 24 },
      (_, i) => ({
        comment: aComment({
          id: newCommentId(new Date(NOW.getTime() + i)),
          consultationId: consultation.id,
          articleId: i % 3 === 0 ? null : `art-${(i % 2) + 1}`,
          stance: STANCES[i % STANCES.length] ?? 'other',
          submittedAt: new Date(NOW.getTime() - (i % 4) * 86_400_000).toISOString(),
          ...(i % 4 === 3 ? {} : { clusterId: `k${i % 2}` }),
        }),
        moves: [COMMENT_STATUSES[(i * 7) % 4] ?? 'pending', COMMENT_STATUSES[(i * 5) % 4] ?? 'pending'],
        // The batch re-cluster moves every fifth comment into another (or a first) cluster.
        ...(i % 5 === 0 ? { reclusteredTo: `k${(i + 1) % 3}` } : {}),
      }),
    );

    // Act
    for (const { comment, moves, reclusteredTo } of events) {
      let current = comment;
      await Promise.all([stats.countReceived(current), memory.countReceived(current)]);
      for (const to of moves) {
        if (to === current.status) continue;
        await stats.countMoved(current, current.status, to);
        await memory.countMoved(current, current.status, to);
        current = { ...current, status: to };
      }
      if (reclusteredTo !== undefined) {
        await stats.countReclustered(current, reclusteredTo);
        await memory.countReclustered(current, reclusteredTo);
      }
    }

    // Assess
    const fromDynamo = nonZero(await stats.readCounters(consultation.id));
    expect(fromDynamo).toEqual(nonZero(await memory.readCounters(consultation.id)));
    expect(Object.keys(fromDynamo.dup).length).toBeGreaterThan(0);
  });
});

describe('responses on DynamoDB Local', () => {
  it('keep every version as history; two drafters answering at once both land, one after the other', async () => {
    // Prepare
    const consultation = await aConsultation();
    const comment = aComment({
      id: newCommentId(NOW),
      consultationId: consultation.id,
      receipt: 'RESP-IT-0001',
    });
    expect(
      (
        await table.store.storeComment({
          comment,
          contact: null,
          contactExpiresAt: 1_900_000_000,
          idempotency: null,
        })
      ).kind,
    ).toBe('stored');
    const deps = { responses, staff, clock };
    const answer = (decision: 'adopted' | 'noted' | 'not-adopted', zh: string) =>
      respond(
        deps,
        person('drafter'),
        consultation,
        { target: { kind: 'comment', commentId: comment.id }, decision, reason: { zh } },
        `req-${zh}`,
      );

    // Act
    await answer('adopted', '采纳。');
    await Promise.all([answer('noted', '已研究。'), answer('not-adopted', '不予采纳。')]);
    const history = await responses.responseHistory(consultation.id, { scope: 'comment', id: comment.id });
    const current = await responses.getResponse(consultation.id, { scope: 'comment', id: comment.id });

    // Assess
    expect(history.map((r) => r.version)).toEqual([1, 2, 3]);
    expect(history[0]).toMatchObject({ decision: 'adopted', by: { username: 'drafter' } });
    expect(current?.version).toBe(3);
    expect(current?.decision).toBe(history[2]?.decision);
    const audit = await staff.commentAudit(consultation.id, comment.id);
    expect(audit.filter((e) => e.action === 'respond')).toHaveLength(3);
  });

  it('refuse a write over a version that moved on, changing nothing', async () => {
    const consultation = await aConsultation();
    const base = {
      consultationId: consultation.id,
      scope: 'article' as const,
      targetId: 'art-5',
      decision: 'adopted' as const,
      reason: { zh: '采纳。' },
      by: { sub: 'drafter', username: 'drafter' },
      at: NOW.toISOString(),
    };
    expect(await responses.putResponse({ ...base, version: 1 })).toEqual({ kind: 'done' });
    const stale = await responses.putResponse({
      ...base,
      version: 1,
      at: new Date(NOW.getTime() + 1).toISOString(),
    });
    expect(stale.kind).toBe('conflict');
    expect(await responses.responseHistory(consultation.id, { scope: 'article', id: 'art-5' })).toHaveLength(
      1,
    );
    expect(await responses.listResponses(consultation.id)).toHaveLength(1);
  });
});
