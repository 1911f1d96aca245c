import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RECEIPT_ALPHABET } from '../../../shared/comment/receipt.ts';
import type { CommentIntake } from '../../../shared/ports.ts';
import { intakeTransaction } from '../../../shared/store/dynamodb/intake.ts';
import { ALL_COMMENTS, keys } from '../../../shared/store/dynamodb/keys.ts';
import { itemKeyOf } from '../../integration/support/transaction-conflicts.ts';
import { aComment } from '../../support/factories.ts';

const SHARDS = 16;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const commentId = fc.string({ unit: fc.constantFrom(...CROCKFORD), minLength: 26, maxLength: 26 });
const receipt = fc
  .string({ unit: fc.constantFrom(...RECEIPT_ALPHABET), minLength: 12, maxLength: 12 })
  .map((r) => `${r.slice(0, 4)}-${r.slice(4, 8)}-${r.slice(8)}`);
const idempotencyKey = fc.option(fc.stringMatching(/^[\x21-\x7e]{1,128}$/), { nil: undefined });
const contact = fc.option(fc.record({ email: fc.constant('someone@example.cn') }), { nil: null });
// Comments on the same consultation are the worst case: everything consultation-wide is shared there.
const consultationId = fc.constantFrom('transit-safety-2026', 'e-bike-2026');

const intake = fc.record({ id: commentId, receipt, key: idempotencyKey, contact, consultationId }).map(
  ({ id, receipt, key, contact, consultationId }): CommentIntake => ({
    comment: aComment({ id, receipt, consultationId }),
    contact,
    contactExpiresAt: 1_900_000_000,
    idempotency: key === undefined ? null : { key, requestHash: 'h', expiresAt: 1_900_000_000 },
  }),
);

const itemKeys = (of: CommentIntake) => intakeTransaction('yijian', of, SHARDS).items.map(itemKeyOf);

describe('the intake transaction', () => {
  it('never shares an item with the intake of another comment', () => {
    fc.assert(
      fc.property(intake, intake, (a, b) => {
        // Different comments: other ids, other receipts, other Idempotency-Keys (the same key is the same request).
        fc.pre(a.comment.id !== b.comment.id && a.comment.receipt !== b.comment.receipt);
        fc.pre(
          a.idempotency === null ||
            b.idempotency === null ||
            a.idempotency.key !== b.idempotency.key ||
            a.comment.consultationId !== b.comment.consultationId,
        );

        const shared = itemKeys(a).filter((key) => itemKeys(b).includes(key));

        expect(shared).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('holds no consultation item and no counter, only items of its own comment', () => {
    fc.assert(
      fc.property(intake, (one) => {
        const { comment } = one;
        const consultationWide = [
          keys.consultation(comment.consultationId),
          ...Array.from({ length: 64 }, (_, k) => keys.counter(comment.consultationId, ALL_COMMENTS, k)),
          ...Array.from({ length: 64 }, (_, k) =>
            keys.counter(comment.consultationId, comment.articleId ?? 'DRAFT', k),
          ),
        ].map((key) => `yijian|${key.pk}|${key.sk}`);
        const own = [comment.id, comment.receipt, one.idempotency?.key].filter((v) => v !== undefined);

        for (const key of itemKeys(one)) {
          expect(consultationWide).not.toContain(key);
          expect(own.some((part) => key.includes(part))).toBe(true);
        }
        expect(new Set(itemKeys(one)).size).toBe(itemKeys(one).length);
      }),
      { numRuns: 500 },
    );
  });
});
