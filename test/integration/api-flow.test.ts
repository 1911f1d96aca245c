import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedConsultations } from '../../scripts/local/seed.ts';
import { systemClock } from '../../shared/ports.ts';
import { anApi, PROBLEM_JSON, postComment } from '../support/api.ts';
import { aFreshTable } from '../support/dynamodb.ts';
import { aClosedConsultation, aSubmission } from '../support/factories.ts';

const SAMPLE = 'transit-safety-2026';

let table: Awaited<ReturnType<typeof aFreshTable>>;
let api: ReturnType<typeof anApi>;

beforeAll(async () => {
  table = await aFreshTable(inject('dynamoEndpoint'), 'api-it');
  await seedConsultations(table.store, new Date());
  api = anApi(table.store, systemClock);
});

afterAll(async () => {
  await table.drop();
});

/** Comments of one consultation as they are in the table. */
async function commentsOf(consultationId: string) {
  return (await table.itemsOf('comment')).filter((item) => item.consultationId === consultationId);
}

describe('the public API on DynamoDB Local', () => {
  it('takes a comment on an article of the sample draft and looks it up by receipt', async () => {
    // Act
    const posted = await postComment(api.app, SAMPLE, aSubmission({ articleId: 'art-5' }));
    const receipt = (await posted.json()) as { receipt: string; status: string };
    const looked = await api.app.request(`/api/comments/${receipt.receipt}`);

    // Assess
    expect(posted.status).toBe(202);
    expect(receipt.status).toBe('pending');
    expect(looked.status).toBe(200);
    expect(await looked.json()).toMatchObject({
      receipt: receipt.receipt,
      status: 'pending',
      consultationId: SAMPLE,
      articleId: 'art-5',
    });
  });

  it('shows the sample consultation open with its comment count', async () => {
    const response = await api.app.request(`/api/consultations/${SAMPLE}`);

    expect(response.status).toBe(200);
    const view = (await response.json()) as { status: string; commentCount: number };
    expect(view.status).toBe('open');
    expect(view.commentCount).toBe((await commentsOf(SAMPLE)).length);
  });

  it('replays an Idempotency-Key with the same body as the same receipt and stores one comment', async () => {
    // Prepare
    const submission = aSubmission({ body: '重放测试：同一个请求发两次。' });
    const headers = { 'Idempotency-Key': 'it-replay-1' };

    // Act
    const first = await postComment(api.app, SAMPLE, submission, headers);
    const second = await postComment(api.app, SAMPLE, submission, headers);

    // Assess
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.json()).toEqual(await first.json());
    const stored = (await commentsOf(SAMPLE)).filter((c) => c.body === submission.body);
    expect(stored).toHaveLength(1);
  });

  it('answers 422 to the same Idempotency-Key with a different body and stores nothing more', async () => {
    // Prepare
    const headers = { 'Idempotency-Key': 'it-reuse-1' };
    await postComment(api.app, SAMPLE, aSubmission({ body: '第一条意见' }), headers);
    const before = await table.scan();

    // Act
    const response = await postComment(api.app, SAMPLE, aSubmission({ body: '第二条意见' }), headers);

    // Assess
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe(PROBLEM_JSON);
    expect(await response.json()).toMatchObject({
      type: 'https://yijian.dev/problems/idempotency-key-reused',
    });
    expect(await table.scan()).toHaveLength(before.length);
  });

  it('answers 409 after the window closed and writes nothing', async () => {
    // Prepare
    const closed = aClosedConsultation({ id: 'closed-yesterday' }, new Date());
    await table.store.createConsultation(closed);
    const before = await table.scan();

    // Act
    const response = await postComment(
      api.app,
      closed.id,
      aSubmission({ contact: { email: 'late@example.cn' } }),
      {
        'Idempotency-Key': 'it-late-1',
      },
    );

    // Assess
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toBe(PROBLEM_JSON);
    expect(await response.json()).toMatchObject({ windowStatus: 'closed', status: 409 });
    expect(await table.scan()).toEqual(before);
  });

  it('stores contact details only in the contact item, with an expiry after the window', async () => {
    // Prepare
    const email = 'contact-only@example.cn';

    // Act
    const response = await postComment(
      api.app,
      SAMPLE,
      aSubmission({ contact: { email, phone: '13912345678' } }),
    );

    // Assess
    expect(response.status).toBe(202);
    const consultation = await table.store.getConsultation(SAMPLE);
    const items = await table.scan();
    const holding = items.filter((item) => JSON.stringify(item).includes(email));
    expect(holding).toHaveLength(1);
    expect(holding[0]).toMatchObject({ entity: 'contact', email, phone: '13912345678' });
    expect(holding[0]?.pk).toMatch(/^CONTACT#/);
    expect(holding[0]?.expiresAt).toBe(
      Math.floor((Date.parse(consultation?.closesAt ?? '') + 180 * 86_400_000) / 1000),
    );
    expect(items.filter((item) => JSON.stringify(item).includes('13912345678'))).toHaveLength(1);
  });

  it('stores one comment for five concurrent duplicates, and every 202 carries the same receipt', async () => {
    // Prepare
    const submission = aSubmission({ body: '并发重复提交测试。' });
    const headers = { 'Idempotency-Key': 'it-concurrent-1' };

    // Act
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => postComment(api.app, SAMPLE, submission, headers)),
    );

    // Assess: losers of the race either replay the winner's receipt or are told to retry (503)
    const answers = await Promise.all(
      responses.map(async (r) => ({
        status: r.status,
        retryAfter: r.headers.get('retry-after'),
        body: await r.json(),
      })),
    );
    const accepted = answers.filter((a) => a.status === 202);
    for (const a of answers) expect([202, 503]).toContain(a.status);
    for (const a of answers.filter((x) => x.status === 503)) expect(a.retryAfter).toBe('2');
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    const receipts = new Set(accepted.map((a) => (a.body as { receipt: string }).receipt));
    expect(receipts.size).toBe(1);
    const stored = (await commentsOf(SAMPLE)).filter((c) => c.body === submission.body);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.receipt).toBe([...receipts][0]);

    // A retry after the race gets the same receipt.
    const retry = await postComment(api.app, SAMPLE, submission, headers);
    expect(retry.status).toBe(202);
    expect(((await retry.json()) as { receipt: string }).receipt).toBe([...receipts][0]);
  });

  it('stores twenty concurrent different comments with distinct receipts and counts them all', async () => {
    // Prepare
    const consultation = { ...(await table.store.getConsultation(SAMPLE)), id: 'parallel-2026' };
    const { Consultation } = await import('../../shared/consultation/consultation.ts');
    await table.store.createConsultation(Consultation.parse(consultation));

    // Act
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postComment(
          api.app,
          'parallel-2026',
          aSubmission({ body: `第${i + 1}条并行意见`, articleId: `art-${(i % 5) + 1}` }),
        ),
      ),
    );

    // Assess
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(202));
    const receipts = await Promise.all(
      responses.map(async (r) => ((await r.json()) as { receipt: string }).receipt),
    );
    expect(new Set(receipts).size).toBe(20);
    const stored = await commentsOf('parallel-2026');
    expect(stored).toHaveLength(20);
    expect(new Set(stored.map((c) => c.receipt))).toEqual(new Set(receipts));
    expect(await table.store.countComments('parallel-2026')).toBe(20);
    expect(api.logError).not.toHaveBeenCalled();
    const view = (await (await api.app.request('/api/consultations/parallel-2026')).json()) as {
      commentCount: number;
    };
    expect(view.commentCount).toBe(20);
  });
});
