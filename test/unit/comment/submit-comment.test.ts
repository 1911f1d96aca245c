import { describe, expect, it, vi } from 'vitest';
import { CommentSubmission } from '../../../shared/comment/comment.ts';
import { RECEIPT_PATTERN } from '../../../shared/comment/receipt.ts';
import { type SubmitCommentDeps, submitComment } from '../../../shared/comment/submit-comment.ts';
import type { Consultation } from '../../../shared/consultation/consultation.ts';
import {
  IdempotencyKeyReusedError,
  NotFoundError,
  StoreUnavailableError,
  ValidationError,
  WindowNotOpenError,
} from '../../../shared/errors.ts';
import type { CommentIntake, IntakeOutcome } from '../../../shared/ports.ts';
import { MemoryStore } from '../../../shared/store/memory-store.ts';
import {
  aClosedConsultation,
  aConcludedConsultation,
  anOpenConsultation,
  aScheduledConsultation,
  aSubmission,
  fixedClock,
  NOW,
} from '../../support/factories.ts';

function setup(consultations: Consultation[] = [anOpenConsultation()], store = new MemoryStore()) {
  for (const consultation of consultations) store.consultations.set(consultation.id, consultation);
  const deps: SubmitCommentDeps = {
    store,
    clock: fixedClock(),
    contactRetentionDays: 180,
    idempotencyTtlHours: 24,
    reportCounterFailure: vi.fn(),
    requestId: 'test-request',
  };
  return { store, deps };
}

const submission = (overrides: Record<string, unknown> = {}) =>
  CommentSubmission.parse(aSubmission(overrides));

describe('submitComment', () => {
  it('records a comment published on receipt (post-moderation) in its audit trail, in the same write', async () => {
    // Prepare
    const { store, deps } = setup([anOpenConsultation({ moderation: 'post' })]);

    // Act
    const published = await submitComment(deps, 'transit-safety-2026', submission(), undefined);
    const held = await submitComment(
      deps,
      'transit-safety-2026',
      submission({ body: '请联系我 13800138000' }),
      undefined,
    );

    // Assess: the clean one is public with an entry; the one with a phone number waits, with none.
    expect(published.receipt.status).toBe('published');
    expect(held.receipt.status).toBe('pending');
    const comment = [...store.comments.values()].find((c) => c.receipt === published.receipt.receipt);
    expect(store.audit).toEqual([
      {
        id: expect.any(String),
        at: NOW.toISOString(),
        actor: { sub: 'system:post-moderation', username: 'post-moderation' },
        action: 'auto-publish',
        consultationId: 'transit-safety-2026',
        commentId: comment?.id,
        to: 'published',
        reason: expect.stringContaining('post-moderation'),
        requestId: 'test-request',
      },
    ]);
  });

  it('writes no audit entry for a comment that waits for a moderator (pre-moderation)', async () => {
    // Prepare
    const { store, deps } = setup();

    // Act
    await submitComment(deps, 'transit-safety-2026', submission(), undefined);

    // Assess
    expect(store.audit).toEqual([]);
  });

  it('stores a comment while the window is open and returns its receipt', async () => {
    // Prepare
    const { store, deps } = setup();

    // Act
    const { receipt, replayed } = await submitComment(deps, 'transit-safety-2026', submission(), undefined);

    // Assess
    expect(replayed).toBe(false);
    expect(receipt).toEqual({
      receipt: expect.stringMatching(RECEIPT_PATTERN),
      status: 'pending',
      consultationId: 'transit-safety-2026',
      articleId: 'art-5',
      draftVersion: 1,
      submittedAt: NOW.toISOString(),
    });
    expect([...store.comments.values()]).toEqual([
      expect.objectContaining({
        receipt: receipt.receipt,
        consultationId: 'transit-safety-2026',
        articleId: 'art-5',
        stance: 'suggest',
        body: '建议第五条增加夜间公交的安全员配置要求。',
        status: 'pending',
        submittedAt: NOW.toISOString(),
        updatedAt: NOW.toISOString(),
      }),
    ]);
    expect(store.counters.get('transit-safety-2026#ALL')).toBe(1);
    expect(store.counters.get('transit-safety-2026#art-5')).toBe(1);
  });

  it('stores a comment on the whole draft with a null article', async () => {
    const { store, deps } = setup();

    const { receipt } = await submitComment(
      deps,
      'transit-safety-2026',
      submission({ articleId: undefined }),
      undefined,
    );

    expect(receipt.articleId).toBeNull();
    expect(store.comments.get(receipt.receipt)?.articleId).toBeNull();
    expect(store.counters.get('transit-safety-2026#DRAFT')).toBe(1);
  });

  it('stamps the comment with the draft version the consultation shows, so its article id keeps its meaning', async () => {
    // Prepare
    const { store, deps } = setup([anOpenConsultation({ draftVersion: 2 })]);

    // Act
    const { receipt } = await submitComment(deps, 'transit-safety-2026', submission(), undefined);

    // Assess
    expect(receipt.draftVersion).toBe(2);
    expect(store.comments.get(receipt.receipt)?.draftVersion).toBe(2);
  });

  it.each([
    ['closed', aClosedConsultation()],
    ['scheduled', aScheduledConsultation()],
    ['concluded', aConcludedConsultation()],
  ])('refuses a comment while the window is %s', async (status, consultation) => {
    // Prepare
    const { store, deps } = setup([consultation]);

    // Act
    const attempt = submitComment(deps, consultation.id, submission(), 'key-1');

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(WindowNotOpenError);
    await expect(attempt).rejects.toMatchObject({ kind: 'window-not-open', status });
    expect(store.comments.size).toBe(0);
    expect(store.idempotency.size).toBe(0);
    expect(store.counters.size).toBe(0);
  });

  it('refuses a comment the instant the window closes', async () => {
    const consultation = anOpenConsultation({ closesAt: NOW.toISOString() });
    const { store, deps } = setup([consultation]);

    await expect(submitComment(deps, consultation.id, submission(), undefined)).rejects.toMatchObject({
      status: 'closed',
    });
    expect(store.comments.size).toBe(0);
  });

  it('answers the race with the status the store saw on its consistent read, not the earlier one', async () => {
    // Prepare: the first read shows the window open; the administrator concludes it before the write
    const open = anOpenConsultation();
    const { store, deps } = setup([{ ...open, concludedAt: NOW.toISOString() }]);
    vi.spyOn(store, 'getConsultation').mockResolvedValueOnce(open);

    // Act
    const attempt = submitComment(deps, open.id, submission(), undefined);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(WindowNotOpenError);
    await expect(attempt).rejects.toMatchObject({
      status: 'concluded',
      message: expect.stringContaining('concluded'),
    });
    expect(store.comments.size).toBe(0);
  });

  it('accepts a comment stamped before an early close that landed between its two reads', async () => {
    // Prepare: closed early one millisecond after the comment was stamped
    const open = anOpenConsultation();
    const closedEarly = { ...open, closesAt: new Date(NOW.getTime() + 1).toISOString() };
    const { store, deps } = setup([closedEarly]);
    vi.spyOn(store, 'getConsultation').mockResolvedValueOnce(open);

    // Act
    const { receipt } = await submitComment(deps, open.id, submission(), undefined);

    // Assess
    expect(receipt.submittedAt < closedEarly.closesAt).toBe(true);
    expect(store.comments.size).toBe(1);
  });

  it('refuses an article the draft does not have', async () => {
    const { store, deps } = setup();

    const attempt = submitComment(
      deps,
      'transit-safety-2026',
      submission({ articleId: 'art-999' }),
      undefined,
    );

    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({
      issues: [{ pointer: '/articleId', detail: expect.stringContaining('art-999') }],
    });
    expect(store.comments.size).toBe(0);
  });

  it('refuses a consultation that does not exist', async () => {
    const { store, deps } = setup();

    await expect(submitComment(deps, 'no-such-thing', submission(), undefined)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(store.comments.size).toBe(0);
  });

  describe('with an Idempotency-Key', () => {
    it('returns the same receipt for the same key and body, storing one comment', async () => {
      // Prepare
      const { store, deps } = setup();
      const first = await submitComment(deps, 'transit-safety-2026', submission(), 'key-1');

      // Act
      const second = await submitComment(deps, 'transit-safety-2026', submission(), 'key-1');

      // Assess
      expect(second).toEqual({ receipt: first.receipt, replayed: true });
      expect(store.comments.size).toBe(1);
      expect(store.counters.get('transit-safety-2026#ALL')).toBe(1);
    });

    it('treats the same fields in another order as the same body', async () => {
      const { store, deps } = setup();
      const first = await submitComment(deps, 'transit-safety-2026', submission(), 'key-1');
      const reordered = CommentSubmission.parse(Object.fromEntries(Object.entries(aSubmission()).reverse()));

      const second = await submitComment(deps, 'transit-safety-2026', reordered, 'key-1');

      expect(second.receipt).toEqual(first.receipt);
      expect(store.comments.size).toBe(1);
    });

    it('replays a stored receipt even after the window has closed', async () => {
      // Prepare: the window closes an hour later, well within the key's 24 hours
      const consultation = anOpenConsultation({
        closesAt: new Date(NOW.getTime() + 3_600_000).toISOString(),
      });
      const { store, deps } = setup([consultation]);
      const first = await submitComment(deps, consultation.id, submission(), 'key-1');
      const later = { ...deps, clock: fixedClock(new Date(consultation.closesAt)) };

      // Act
      const second = await submitComment(later, consultation.id, submission(), 'key-1');

      // Assess
      expect(second.receipt).toEqual(first.receipt);
      expect(store.comments.size).toBe(1);
    });

    it('refuses the same key with a different body', async () => {
      // Prepare
      const { store, deps } = setup();
      await submitComment(deps, 'transit-safety-2026', submission(), 'key-1');

      // Act
      const attempt = submitComment(deps, 'transit-safety-2026', submission({ stance: 'oppose' }), 'key-1');

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
      expect(store.comments.size).toBe(1);
    });

    it('scopes keys to the consultation', async () => {
      const other = anOpenConsultation({ id: 'other-2026' });
      const { store, deps } = setup([anOpenConsultation(), other]);

      const a = await submitComment(deps, 'transit-safety-2026', submission(), 'key-1');
      const b = await submitComment(deps, 'other-2026', submission(), 'key-1');

      expect(a.receipt.receipt).not.toBe(b.receipt.receipt);
      expect(store.comments.size).toBe(2);
    });

    it('answers a concurrent duplicate that lost the race with the winner’s receipt', async () => {
      // Prepare: both requests read "no record" before either writes
      const { store, deps } = setup();
      const realGet = store.getIdempotencyRecord.bind(store);
      const get = vi.spyOn(store, 'getIdempotencyRecord').mockResolvedValueOnce(undefined);
      get.mockResolvedValueOnce(undefined).mockImplementation(realGet);

      // Act
      const [a, b] = await Promise.all([
        submitComment(deps, 'transit-safety-2026', submission(), 'key-1'),
        submitComment(deps, 'transit-safety-2026', submission(), 'key-1'),
      ]);

      // Assess
      expect(a.receipt).toEqual(b.receipt);
      expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
      expect(store.comments.size).toBe(1);
    });

    it('replays the original receipt after the draft moved to a version without that article', async () => {
      // Prepare
      const { store, deps } = setup();
      const first = await submitComment(
        deps,
        'transit-safety-2026',
        submission({ articleId: 'art-5' }),
        'key-1',
      );
      await store.reviseDraft('transit-safety-2026', {
        draftVersion: 2,
        draftHash: 'second-draft',
        articleIds: ['art-1', 'art-2'],
        title: { zh: '第二稿', en: 'Second draft' },
      });

      // Act
      const retry = await submitComment(
        deps,
        'transit-safety-2026',
        submission({ articleId: 'art-5' }),
        'key-1',
      );

      // Assess
      expect(retry).toEqual({ receipt: first.receipt, replayed: true });
      expect(retry.receipt.draftVersion).toBe(1);
      expect(store.comments.size).toBe(1);
    });

    it('lets a key be used again once its record expired, even before TTL deleted it', async () => {
      // Prepare
      const { store, deps } = setup();
      const first = await submitComment(deps, 'transit-safety-2026', submission(), 'key-1');
      const dayAndHourLater = { ...deps, clock: fixedClock(new Date(NOW.getTime() + 25 * 3_600_000)) };

      // Act
      const next = await submitComment(
        dayAndHourLater,
        'transit-safety-2026',
        submission({ stance: 'oppose' }),
        'key-1',
      );

      // Assess
      expect(next.replayed).toBe(false);
      expect(next.receipt.receipt).not.toBe(first.receipt.receipt);
      expect(store.comments.size).toBe(2);
    });

    it('remembers the key for the configured time', async () => {
      const { store, deps } = setup();

      await submitComment(deps, 'transit-safety-2026', submission(), 'key-1');

      const spy = vi.spyOn(store, 'storeComment');
      await submitComment(deps, 'transit-safety-2026', submission({ body: 'another' }), 'key-2');
      const intake = spy.mock.calls[0]?.[0];
      expect(intake?.idempotency).toEqual({
        key: 'key-2',
        requestHash: expect.any(String),
        expiresAt: NOW.getTime() / 1000 + 24 * 3600,
      });
    });
  });

  describe('contact details', () => {
    it('are stored apart from the comment and never inside it', async () => {
      // Prepare
      const { store, deps } = setup();
      const contact = { email: 'citizen@example.cn', phone: '+86 138 0000 0000' };

      // Act
      const { receipt } = await submitComment(
        deps,
        'transit-safety-2026',
        submission({ contact, displayName: '王小明', publishName: true }),
        undefined,
      );

      // Assess
      const comment = store.comments.get(receipt.receipt);
      expect(comment).toBeDefined();
      expect(Object.keys(comment ?? {})).not.toContain('contact');
      expect(JSON.stringify(comment)).not.toContain('citizen@example.cn');
      expect(JSON.stringify(comment)).not.toContain('138 0000');
      expect(store.contacts.get(comment?.id ?? '')).toEqual(contact);
    });

    it('expire the configured number of days after the window closes', async () => {
      const consultation = anOpenConsultation();
      const { store, deps } = setup([consultation]);
      const spy = vi.spyOn(store, 'storeComment');

      await submitComment(
        deps,
        consultation.id,
        submission({ contact: { email: 'a@example.cn' } }),
        undefined,
      );

      const intake: CommentIntake | undefined = spy.mock.calls[0]?.[0];
      expect(intake?.contactExpiresAt).toBe((Date.parse(consultation.closesAt) + 180 * 86_400_000) / 1000);
    });

    it('are not stored at all when none are given', async () => {
      const { store, deps } = setup();

      await submitComment(deps, 'transit-safety-2026', submission({ contact: {} }), undefined);

      expect(store.comments.size).toBe(1);
      expect(store.contacts.size).toBe(0);
    });
  });

  it('keeps a blank display name and proposed wording out of the stored comment', async () => {
    const { store, deps } = setup();

    const { receipt } = await submitComment(
      deps,
      'transit-safety-2026',
      submission({ displayName: '   ', proposedWording: '' }),
      undefined,
    );

    expect(store.comments.get(receipt.receipt)).toMatchObject({ displayName: null, proposedWording: null });
  });

  it('still answers with the receipt when the counter update fails, and reports the failure', async () => {
    // Prepare
    const store = new MemoryStore();
    const failure = new Error('counter partition throttled');
    vi.spyOn(store, 'countComment').mockRejectedValue(failure);
    const { deps } = setup([anOpenConsultation()], store);

    // Act
    const { receipt } = await submitComment(deps, 'transit-safety-2026', submission(), undefined);

    // Assess
    expect(store.comments.get(receipt.receipt)).toBeDefined();
    expect(deps.reportCounterFailure).toHaveBeenCalledWith(failure);
  });

  it('draws a new receipt when the first one is already taken', async () => {
    // Prepare
    const store = new MemoryStore();
    const { deps } = setup([anOpenConsultation()], store);
    const realStore = store.storeComment.bind(store);
    const spy = vi
      .spyOn(store, 'storeComment')
      .mockResolvedValueOnce({ kind: 'receipt-taken' })
      .mockImplementation(realStore);

    // Act
    const { receipt } = await submitComment(deps, 'transit-safety-2026', submission(), undefined);

    // Assess
    expect(spy).toHaveBeenCalledTimes(2);
    const [first, second] = spy.mock.calls.map(([intake]) => intake.comment.receipt);
    expect(first).not.toBe(second);
    expect(receipt.receipt).toBe(second);
    expect(store.comments.size).toBe(1);
  });

  it('gives up with a retryable error when receipts keep colliding', async () => {
    const store = new MemoryStore();
    const { deps } = setup([anOpenConsultation()], store);
    vi.spyOn(store, 'storeComment').mockResolvedValue({ kind: 'receipt-taken' } satisfies IntakeOutcome);

    await expect(submitComment(deps, 'transit-safety-2026', submission(), 'k')).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    expect(store.comments.size).toBe(0);
  });
});
