import { describe, expect, it, vi } from 'vitest';
import { createPublicApi } from '../../../functions/public-api/app.ts';
import { moderate } from '../../../shared/moderation/moderate.ts';
import { DEFAULT_REASONS } from '../../../shared/moderation/reasons.ts';
import { MemoryStaffStore } from '../../../shared/store/memory-staff-store.ts';
import { MemoryStore } from '../../../shared/store/memory-store.ts';
import { postComment } from '../../support/api.ts';
import { anOpenConsultation, aSubmission, fixedClock } from '../../support/factories.ts';
import { aPrincipal, expectProblem } from './support.ts';

const PRE = 'transit-safety-2026';
const POST = 'post-moderated-2026';

function setup() {
  const store = new MemoryStore();
  store.consultations.set(PRE, anOpenConsultation({ id: PRE }));
  store.consultations.set(POST, anOpenConsultation({ id: POST, moderation: 'post' }));
  const staff = new MemoryStaffStore(store, 16);
  const logError = vi.fn();
  const app = createPublicApi({
    store,
    clock: fixedClock(),
    contactRetentionDays: 180,
    idempotencyTtlHours: 24,
    logError,
    published: { store: staff, shards: 16 },
  });
  const decide = async (action: 'publish' | 'reject', receipt: string, reason?: string) => {
    const comment = store.comments.get(receipt);
    const consultation = store.consultations.get(PRE);
    if (comment === undefined || consultation === undefined) throw new Error('missing');
    const [result] = await moderate(
      { store: staff, clock: fixedClock(), reasons: DEFAULT_REASONS, reportCounterFailure: () => {} },
      aPrincipal(['moderator']),
      consultation,
      { action, items: [{ commentId: comment.id, version: 0 }], ...(reason ? { reason } : {}) },
      'req',
    );
    expect(result?.outcome).toBe('done');
  };
  const submit = async (id: string, overrides: Record<string, unknown> = {}) => {
    const response = await postComment(app, id, aSubmission(overrides));
    expect(response.status).toBe(202);
    return (await response.json()) as { receipt: string; status: string };
  };
  return { app, store, staff, decide, submit, logError };
}

async function published(app: ReturnType<typeof setup>['app'], query = '') {
  const response = await app.request(`/api/consultations/${PRE}/comments${query}`);
  expect(response.status).toBe(200);
  return {
    text: await response.clone().text(),
    body: (await response.json()) as { items: Record<string, unknown>[]; nextCursor: string | null },
  };
}

describe('GET /api/consultations/{id}/comments: published comments for the public', () => {
  it('shows nothing before a moderator publishes (pre-moderation), then the published one only', async () => {
    const { app, submit, decide } = setup();
    const a = await submit(PRE, {
      body: '请联系我 13812345678 或 wang@example.cn',
      displayName: '王小明',
      publishName: true,
      contact: { email: 'citizen@example.cn' },
    });
    const b = await submit(PRE, { displayName: '李四', publishName: false, articleId: 'art-1' });
    await submit(PRE);
    expect((await published(app)).body).toEqual({ items: [], nextCursor: null });

    await decide('publish', a.receipt);
    await decide('publish', b.receipt);
    const { body, text } = await published(app);

    // Both arrived in the same millisecond (fixed clock): order among them is by id.
    expect(body.items.map((i) => [i.articleId, i.displayName]).sort()).toEqual([
      ['art-1', null],
      ['art-5', '王小明'],
    ]);
    expect(Object.keys(body.items[0] ?? {}).sort()).toEqual([
      'articleId',
      'body',
      'displayName',
      'id',
      'proposedWording',
      'stance',
      'submittedAt',
    ]);
    for (const secret of [
      '13812345678',
      'wang@example.cn',
      'citizen@example.cn',
      '李四',
      a.receipt,
      b.receipt,
    ])
      expect(text).not.toContain(secret);
    expect((await published(app, '?article=art-1')).body.items).toHaveLength(1);
  });

  it('publishes on receipt under post-moderation, but holds a comment with personal data', async () => {
    const { app, submit } = setup();
    const clean = await submit(POST);
    const flagged = await submit(POST, { body: '我的电话 13812345678' });
    expect(clean.status).toBe('published');
    expect(flagged.status).toBe('pending');
    const response = await app.request(`/api/consultations/${POST}/comments`);
    expect(((await response.json()) as { items: unknown[] }).items).toHaveLength(1);
  });

  it('tells the citizen why a comment was rejected, by its receipt', async () => {
    const { app, submit, decide } = setup();
    const { receipt } = await submit(PRE);
    await decide('reject', receipt, '与本草案无关');
    const view = (await (await app.request(`/api/comments/${receipt}`)).json()) as Record<string, unknown>;
    expect(view).toMatchObject({ status: 'rejected', reason: '与本草案无关' });
  });

  it.each([
    ['an unknown consultation', '/api/consultations/nothing-here/comments', 404, 'not-found'],
    ['a forged cursor', `/api/consultations/${PRE}/comments?cursor=abc`, 400, 'malformed-request'],
    [
      'a malformed article',
      `/api/consultations/${PRE}/comments?article=%3Cscript%3E`,
      422,
      'validation-failed',
    ],
    ['an unknown parameter', `/api/consultations/${PRE}/comments?status=pending`, 422, 'validation-failed'],
  ])('refuses %s', async (_case, path, status, kind) => {
    const { app } = setup();
    await expectProblem(await app.request(path), status, kind);
  });
});
