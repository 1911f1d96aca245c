/**
 * One set of cases for both ConsultationStore adapters: the in-memory store the unit tests rely on must
 * behave as the DynamoDB store does on DynamoDB Local (ports.ts promises it).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Comment } from '../../shared/comment/comment.ts';
import { newCommentId } from '../../shared/comment/comment-id.ts';
import { newReceipt } from '../../shared/comment/receipt.ts';
import type { Consultation } from '../../shared/consultation/consultation.ts';
import type { CommentIntake, ConsultationStore } from '../../shared/ports.ts';
import { MemoryStore } from '../../shared/store/memory-store.ts';
import { aFreshTable } from '../support/dynamodb.ts';
import { aComment, anOpenConsultation } from '../support/factories.ts';

let table: Awaited<ReturnType<typeof aFreshTable>>;

beforeAll(async () => {
  table = await aFreshTable(inject('dynamoEndpoint'), 'contract-it');
});

afterAll(async () => {
  await table.drop();
});

const ADAPTERS: [string, () => ConsultationStore][] = [
  ['the in-memory store', () => new MemoryStore()],
  ['the DynamoDB store', () => table.store],
];

const SECOND = 1000;
const AT = new Date('2026-11-15T08:00:00.000Z');
let sequence = 0;

/** A consultation and comments on it that no other case shares (the DynamoDB table is shared). */
async function aConsultationIn(store: ConsultationStore, overrides: Partial<Consultation> = {}) {
  sequence++;
  const consultation = anOpenConsultation({ id: `contract-${sequence}-2026`, ...overrides }, AT);
  expect(await store.createConsultation(consultation)).toBe(true);
  const commentOn = (fields: Partial<Comment> = {}): Comment =>
    aComment({
      id: newCommentId(AT),
      consultationId: consultation.id,
      receipt: newReceipt(),
      submittedAt: AT.toISOString(),
      updatedAt: AT.toISOString(),
      ...fields,
    });
  return { consultation, commentOn };
}

function anIntake(comment: Comment, overrides: Partial<CommentIntake> = {}): CommentIntake {
  return { comment, contact: null, contactExpiresAt: 1_900_000_000, idempotency: null, ...overrides };
}

describe.each(ADAPTERS)('%s', (_name, storeOf) => {
  describe('consultations', () => {
    it('creates a consultation once and reads it back with every instant in the one stored format', async () => {
      // Prepare
      const store = storeOf();
      sequence++;
      const consultation = anOpenConsultation(
        {
          id: `contract-${sequence}-2026`,
          opensAt: '2026-11-14T08:00:00Z',
          closesAt: '2026-12-15T00:00:00+08:00',
        },
        AT,
      );

      // Act
      const first = await store.createConsultation(consultation);
      const second = await store.createConsultation({ ...consultation, draftHash: 'another' });

      // Assess
      expect([first, second]).toEqual([true, false]);
      expect(await store.getConsultation(consultation.id)).toEqual({
        ...consultation,
        opensAt: '2026-11-14T08:00:00.000Z',
        closesAt: '2026-12-14T16:00:00.000Z',
      });
    });

    it('lists consultations in order of their opening instant, whatever format they were given in', async () => {
      // Prepare: as strings, "…08:00:00.500Z" sorts before "…08:00:00Z"
      const store = storeOf();
      const later = await aConsultationIn(store, { opensAt: '2030-01-01T08:00:00.500Z' });
      const earlier = await aConsultationIn(store, { opensAt: '2030-01-01T08:00:00Z' });

      // Act
      const ids = (await store.listConsultations()).map((c) => c.id);

      // Assess
      const ours = ids.filter((id) => id === later.consultation.id || id === earlier.consultation.id);
      expect(ours).toEqual([earlier.consultation.id, later.consultation.id]);
    });

    it('moves to a newer version, or to other content of the same version, and to nothing older or equal', async () => {
      // Prepare
      const store = storeOf();
      const { consultation } = await aConsultationIn(store, { draftVersion: 1, draftHash: 'v1-zh' });
      const v1WithEnglish = {
        draftVersion: 1,
        draftHash: 'v1-zh-en',
        articleIds: consultation.articleIds,
        title: { zh: consultation.title.zh, en: 'Draft with its English translation' },
      };
      const v2 = { ...v1WithEnglish, draftVersion: 2, draftHash: 'v2', articleIds: ['art-1', 'art-2'] };

      // Act
      const outcomes = [
        await store.reviseDraft(consultation.id, v1WithEnglish),
        await store.reviseDraft(consultation.id, v1WithEnglish),
        await store.reviseDraft(consultation.id, v2),
        await store.reviseDraft(consultation.id, { ...v1WithEnglish, draftHash: 'v1-again' }),
        await store.reviseDraft('contract-no-such-2026', v2),
      ];

      // Assess
      expect(outcomes).toEqual([true, false, true, false, false]);
      expect(await store.getConsultation(consultation.id)).toEqual({ ...consultation, ...v2 });
    });
  });

  describe('intake', () => {
    it('stores a comment and finds it by receipt', async () => {
      const store = storeOf();
      const { commentOn } = await aConsultationIn(store);
      const comment = commentOn();

      expect(await store.storeComment(anIntake(comment))).toEqual({ kind: 'stored' });
      expect(await store.findCommentByReceipt(comment.receipt)).toEqual(comment);
    });

    // Each comment is stamped at 08:00:00.500Z.
    const STAMP = new Date(AT.getTime() + 500);
    const msAfterStamp = (ms: number) => new Date(STAMP.getTime() + ms).toISOString();
    it.each([
      ['at the opening instant', { opensAt: msAfterStamp(0) }, { kind: 'stored' }],
      ['a millisecond before the close', { closesAt: msAfterStamp(1) }, { kind: 'stored' }],
      [
        'at the closing instant',
        { closesAt: msAfterStamp(0) },
        { kind: 'window-not-open', status: 'closed' },
      ],
      [
        // As strings "…08:00:00Z" > "…08:00:00.500Z", which would keep the window open.
        'half a second after a close written without milliseconds',
        { closesAt: '2026-11-15T08:00:00Z' },
        { kind: 'window-not-open', status: 'closed' },
      ],
      [
        'a millisecond before the opening',
        { opensAt: msAfterStamp(1) },
        { kind: 'window-not-open', status: 'scheduled' },
      ],
      [
        'after it was concluded',
        { concludedAt: AT.toISOString() },
        { kind: 'window-not-open', status: 'concluded' },
      ],
    ] as const)('decides on the window at submittedAt: %s', async (_case, window, expected) => {
      // Prepare
      const store = storeOf();
      const { commentOn } = await aConsultationIn(store, window);
      const comment = commentOn({ submittedAt: STAMP.toISOString() });

      // Act
      const outcome = await store.storeComment(
        anIntake(comment, {
          contact: { email: 'contract@example.cn' },
          idempotency: { key: `window-${comment.id}`, requestHash: 'h', expiresAt: 1_900_000_000 },
        }),
      );

      // Assess
      expect(outcome).toEqual(expected);
      const stored = await store.findCommentByReceipt(comment.receipt);
      expect(stored === undefined).toBe(outcome.kind !== 'stored');
      const record = await store.getIdempotencyRecord(comment.consultationId, `window-${comment.id}`, AT);
      expect(record === undefined).toBe(outcome.kind !== 'stored');
    });

    it('refuses a comment on a consultation that does not exist', async () => {
      const store = storeOf();
      const comment = aComment({ consultationId: 'contract-ghost-2026', receipt: 'GHST-GHST-2345' });

      expect(await store.storeComment(anIntake(comment))).toEqual({ kind: 'no-consultation' });
      expect(await store.findCommentByReceipt('GHST-GHST-2345')).toBeUndefined();
    });

    it('never issues a receipt twice', async () => {
      const store = storeOf();
      const { commentOn } = await aConsultationIn(store);
      const first = commentOn();
      const second = commentOn({ receipt: first.receipt, body: 'another comment' });
      await store.storeComment(anIntake(first));

      expect(await store.storeComment(anIntake(second))).toEqual({ kind: 'receipt-taken' });
      expect(await store.findCommentByReceipt(first.receipt)).toEqual(first);
    });

    it('refuses a live Idempotency-Key atomically: nothing of the second comment is stored', async () => {
      // Prepare
      const store = storeOf();
      const { consultation, commentOn } = await aConsultationIn(store);
      const idempotency = { key: 'same-key', requestHash: 'h1', expiresAt: 1_900_000_000 };
      const first = commentOn();
      const second = commentOn();
      await store.storeComment(anIntake(first, { idempotency }));

      // Act
      const outcome = await store.storeComment(
        anIntake(second, { idempotency: { ...idempotency, requestHash: 'h2' } }),
      );

      // Assess
      expect(outcome).toEqual({ kind: 'idempotency-key-taken' });
      expect(await store.findCommentByReceipt(second.receipt)).toBeUndefined();
      expect(await store.getIdempotencyRecord(consultation.id, 'same-key', AT)).toEqual({
        requestHash: 'h1',
        receipt: first.receipt,
      });
    });

    it('lets an expired Idempotency-Key be taken again, before TTL deletion, and reads ignore it', async () => {
      // Prepare: the first record expired a second before the second comment was stamped
      const store = storeOf();
      const { consultation, commentOn } = await aConsultationIn(store);
      const expiry = AT.getTime() / SECOND - 1;
      const first = commentOn({ submittedAt: new Date(AT.getTime() - 3600 * SECOND).toISOString() });
      await store.storeComment(
        anIntake(first, { idempotency: { key: 'old-key', requestHash: 'h1', expiresAt: expiry } }),
      );
      const before = await store.getIdempotencyRecord(consultation.id, 'old-key', new Date(expiry * SECOND));
      const after = await store.getIdempotencyRecord(consultation.id, 'old-key', AT);
      const second = commentOn();

      // Act
      const outcome = await store.storeComment(
        anIntake(second, { idempotency: { key: 'old-key', requestHash: 'h2', expiresAt: expiry + 86_400 } }),
      );

      // Assess
      expect(before).toEqual({ requestHash: 'h1', receipt: first.receipt });
      expect(after).toBeUndefined();
      expect(outcome).toEqual({ kind: 'stored' });
      expect(await store.getIdempotencyRecord(consultation.id, 'old-key', AT)).toEqual({
        requestHash: 'h2',
        receipt: second.receipt,
      });
      expect(await store.findCommentByReceipt(first.receipt)).toEqual(first);
    });
  });

  describe('counters', () => {
    it('counts every comment once, whatever its article', async () => {
      const store = storeOf();
      const { consultation } = await aConsultationIn(store);

      await store.countComment(consultation.id, 'art-1', '01JD000000000000000000000A');
      await store.countComment(consultation.id, null, '01JD000000000000000000000B');
      await store.countComment(consultation.id, 'art-1', '01JD000000000000000000000C');

      expect(await store.countComments(consultation.id)).toBe(3);
      expect(await store.countComments('contract-nothing-2026')).toBe(0);
    });
  });
});
