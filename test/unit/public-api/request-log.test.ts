import { describe, expect, it, vi } from 'vitest';
import { createPublicApi, type RequestLogLine } from '../../../functions/public-api/app.ts';
import { MemoryStore } from '../../../shared/store/memory-store.ts';
import { anOpenConsultation, aSubmission, fixedClock } from '../../support/factories.ts';

function setup() {
  const store = new MemoryStore();
  store.consultations.set('transit-safety-2026', anOpenConsultation());
  const lines: RequestLogLine[] = [];
  const app = createPublicApi({
    store,
    clock: fixedClock(),
    contactRetentionDays: 180,
    idempotencyTtlHours: 24,
    logError: vi.fn(),
    logRequest: (line) => lines.push(line),
  });
  return { app, lines };
}

describe('the request log', () => {
  it('names the route pattern and status, never the receipt, the body or contact details', async () => {
    // Prepare
    const { app, lines } = setup();
    const body = JSON.stringify(
      aSubmission({ body: '私密意见正文', contact: { email: 'citizen@example.cn' }, displayName: '李华' }),
    );

    // Act
    const posted = await app.request('/api/consultations/transit-safety-2026/comments', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    const { receipt } = await posted.json();
    await app.request(`/api/comments/${receipt}`);

    // Assess
    expect(lines).toEqual([
      {
        requestId: expect.any(String),
        method: 'POST',
        route: '/api/consultations/:id/comments',
        status: 202,
        ms: expect.any(Number),
      },
      {
        requestId: expect.any(String),
        method: 'GET',
        route: '/api/comments/:receipt',
        status: 200,
        ms: expect.any(Number),
      },
    ]);
    const logged = JSON.stringify(lines);
    for (const secret of [receipt, '私密意见正文', 'citizen@example.cn', '李华'])
      expect(logged).not.toContain(secret);
  });

  it('logs refused requests with their 4xx status', async () => {
    const { app, lines } = setup();

    await app.request('/api/consultations/transit-safety-2026/comments', { method: 'POST', body: 'x' });

    expect(lines).toEqual([expect.objectContaining({ method: 'POST', status: 415 })]);
  });
});
