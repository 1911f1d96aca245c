import { describe, expect, it, vi } from 'vitest';
import { createPublicApi, type RequestLogLine } from '../../../functions/public-api/app.ts';
import { MemoryStore } from '../../../shared/store/memory-store.ts';
import { anOpenConsultation, aSubmission, fixedClock } from '../../support/factories.ts';

function setup(store = new MemoryStore()) {
  store.consultations.set('transit-safety-2026', anOpenConsultation());
  const lines: RequestLogLine[] = [];
  const logError = vi.fn();
  const onRequestId = vi.fn();
  const app = createPublicApi({
    store,
    clock: fixedClock(),
    contactRetentionDays: 180,
    idempotencyTtlHours: 24,
    logError,
    logRequest: (line) => lines.push(line),
    onRequestId,
  });
  return { app, lines, logError, onRequestId };
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

describe('the correlation id', () => {
  it("is the server's own, never the client's X-Request-Id, and is sent back", async () => {
    // Prepare
    const { app, lines, onRequestId } = setup();

    // Act
    const response = await app.request('/api/consultations', { headers: { 'X-Request-Id': 'forged-id-1' } });

    // Assess
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(lines[0]?.requestId).toBe(id);
    expect(onRequestId).toHaveBeenCalledWith(id);
  });

  it('differs between two requests that send the same X-Request-Id', async () => {
    const { app } = setup();
    const headers = { 'X-Request-Id': 'same' };

    const first = await app.request('/api/consultations', { headers });
    const second = await app.request('/api/consultations', { headers });

    expect(first.headers.get('x-request-id')).not.toBe(second.headers.get('x-request-id'));
  });

  it('is on the log line of a failed counter update', async () => {
    // Prepare: the comment is stored, the counter bump after it fails
    const store = new MemoryStore();
    vi.spyOn(store, 'countComment').mockRejectedValue(new Error('throttled'));
    const { app, lines, logError } = setup(store);

    // Act
    const response = await app.request('/api/consultations/transit-safety-2026/comments', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(aSubmission()),
    });

    // Assess
    expect(response.status).toBe(202);
    const id = response.headers.get('x-request-id');
    expect(logError).toHaveBeenCalledWith('counter update failed', {
      requestId: id,
      error: expect.any(Error),
    });
    expect(lines[0]?.requestId).toBe(id);
  });
});
