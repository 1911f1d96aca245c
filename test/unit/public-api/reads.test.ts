import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../shared/store/memory-store.ts';
import { anApi, PROBLEM_JSON, postComment } from '../../support/api.ts';
import {
  aClosedConsultation,
  anOpenConsultation,
  aScheduledConsultation,
  aSubmission,
  NOW,
} from '../../support/factories.ts';

function setup() {
  const store = new MemoryStore();
  for (const c of [anOpenConsultation(), aClosedConsultation(), aScheduledConsultation()])
    store.consultations.set(c.id, c);
  return { store, ...anApi(store) };
}

describe('GET /api/consultations', () => {
  it('lists every consultation with its live status and comment count', async () => {
    // Prepare
    const { app } = setup();
    await postComment(app, 'transit-safety-2026', aSubmission());
    await postComment(app, 'transit-safety-2026', aSubmission({ articleId: 'art-1' }));

    // Act
    const response = await app.request('/api/consultations');

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=15');
    const { items } = (await response.json()) as { items: Record<string, unknown>[] };
    expect(items.map((i) => [i.id, i.status, i.commentCount])).toEqual([
      ['closed-consultation', 'closed', 0],
      ['transit-safety-2026', 'open', 2],
      ['scheduled-consultation', 'scheduled', 0],
    ]);
    for (const item of items) {
      expect(item).not.toHaveProperty('articleIds');
      expect(item).not.toHaveProperty('draftHash');
    }
  });

  it('lists nothing when there are no consultations', async () => {
    const { app } = anApi(new MemoryStore());

    const response = await app.request('/api/consultations');

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ items: [] });
  });
});

describe('GET /api/consultations/{id}', () => {
  it('answers one consultation with its window', async () => {
    const { app } = setup();
    const consultation = anOpenConsultation();

    const response = await app.request('/api/consultations/transit-safety-2026');

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      id: 'transit-safety-2026',
      draftId: 'transit-safety',
      draftVersion: 1,
      title: consultation.title,
      office: consultation.office,
      opensAt: consultation.opensAt,
      closesAt: consultation.closesAt,
      status: 'open',
      commentCount: 0,
      moderation: 'pre',
      notices: [],
    });
  });

  it.each([
    ['an unknown id', 'no-such-consultation'],
    ['an id that cannot be a consultation', 'Bad_Id'],
    ['a very long id', 'a'.repeat(300)],
  ])('answers 404 problem to %s', async (_case, id) => {
    const { app } = setup();

    const response = await app.request(`/api/consultations/${id}`);

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe(PROBLEM_JSON);
    expect(await response.json()).toMatchObject({
      type: 'https://yijian.dev/problems/not-found',
      title: 'Not found',
      status: 404,
      detail: expect.any(String),
    });
  });
});

describe('POST /api/consultations/{id}/comments', () => {
  it('answers 202 with a receipt and stores the comment', async () => {
    const { store, app } = setup();

    const response = await postComment(app, 'transit-safety-2026', aSubmission());

    expect(response.status).toBe(202);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const receipt = await response.json();
    expect(receipt).toEqual({
      receipt: expect.stringMatching(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/),
      status: 'pending',
      consultationId: 'transit-safety-2026',
      articleId: 'art-5',
      draftVersion: 1,
      submittedAt: NOW.toISOString(),
    });
    expect(store.comments.size).toBe(1);
  });

  it('replays the same receipt for the same Idempotency-Key and body, and says so', async () => {
    const { store, app } = setup();
    const headers = { 'Idempotency-Key': 'a1b2c3d4-0000-4000-8000-000000000001' };
    const first = await postComment(app, 'transit-safety-2026', aSubmission(), headers);

    const second = await postComment(app, 'transit-safety-2026', aSubmission(), headers);

    expect(second.status).toBe(202);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(await second.json()).toEqual(await first.json());
    expect(store.comments.size).toBe(1);
  });
});

describe('GET /api/comments/{receipt}', () => {
  it('shows the status only, never the body, author or contact details', async () => {
    // Prepare
    const { app } = setup();
    const posted = await postComment(
      app,
      'transit-safety-2026',
      aSubmission({
        displayName: '王小明',
        publishName: true,
        proposedWording: '修改为：……',
        contact: { email: 'citizen@example.cn', phone: '13800000000' },
      }),
    );
    const { receipt } = (await posted.json()) as { receipt: string };

    // Act
    const response = await app.request(`/api/comments/${receipt.toLowerCase().replaceAll('-', ' ')}`);

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    const view = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(view).sort()).toEqual(
      ['articleId', 'consultationId', 'draftVersion', 'receipt', 'status', 'submittedAt', 'updatedAt'].sort(),
    );
    expect(view).toEqual({
      receipt,
      status: 'pending',
      consultationId: 'transit-safety-2026',
      articleId: 'art-5',
      draftVersion: 1,
      submittedAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    });
    for (const secret of ['王小明', 'citizen@example.cn', '13800000000', '安全员', '修改为'])
      expect(text).not.toContain(secret);
  });
});

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document describing the comment body with its stance enum', async () => {
    // Prepare
    const { app } = setup();

    // Act
    const response = await app.request('/api/openapi.json');

    // Assess
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, Record<string, unknown>>>;
      components?: { schemas?: Record<string, unknown> };
    };
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/api/challenge',
        '/api/comments/{receipt}',
        '/api/consultations',
        '/api/consultations/{id}',
        '/api/consultations/{id}/comments',
      ].sort(),
    );
    const post = doc.paths['/api/consultations/{id}/comments']?.post as {
      requestBody: { required: boolean; content: Record<string, { schema: unknown }> };
      responses: Record<string, unknown>;
    };
    expect(post.requestBody.required).toBe(true);
    const schema = resolve(doc, post.requestBody.content['application/json']?.schema) as {
      properties: Record<string, { enum?: string[]; maxLength?: number }>;
      required: string[];
      additionalProperties?: boolean;
    };
    expect(schema.properties.stance?.enum).toEqual(['support', 'oppose', 'suggest', 'other']);
    expect(schema.required).toEqual(expect.arrayContaining(['stance', 'body', 'publishName', 'lang']));
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(post.responses)).toEqual(
      expect.arrayContaining(['202', '400', '404', '409', '413', '415', '422', '503']),
    );
  });

  it('serves a browsable reference page', async () => {
    const { app } = setup();

    const response = await app.request('/api/docs');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('/api/openapi.json');
  });
});

describe('unknown routes', () => {
  it.each([
    ['GET', '/api/nothing-here'],
    ['DELETE', '/api/consultations/transit-safety-2026'],
    ['PUT', '/api/comments/ABCD-EFGH-JKMN'],
  ])('answer %s %s with a 404 problem', async (method, path) => {
    const { app } = setup();

    const response = await app.request(path, { method });

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe(PROBLEM_JSON);
    expect(await response.json()).toMatchObject({
      type: 'https://yijian.dev/problems/not-found',
      status: 404,
      detail: expect.stringContaining(path),
    });
  });
});

describe('an unexpected failure', () => {
  it('is logged with a correlation id and answered as a generic 500 that leaks nothing', async () => {
    // Prepare
    const store = new MemoryStore();
    store.listConsultations = async () => {
      throw new Error('secret internal detail at /var/task/index.js');
    };
    const { app, logError } = anApi(store);

    // Act
    const response = await app.request('/api/consultations');

    // Assess
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe(PROBLEM_JSON);
    const text = await response.text();
    expect(text).not.toContain('secret');
    expect(JSON.parse(text)).toMatchObject({ type: 'https://yijian.dev/problems/internal', status: 500 });
    expect(logError).toHaveBeenCalledWith('request failed', {
      requestId: expect.any(String),
      error: expect.any(Error),
    });
  });

  it('of the store is a 503 the client may retry', async () => {
    const store = new MemoryStore();
    store.consultations.set('transit-safety-2026', anOpenConsultation());
    store.storeComment = async () => {
      const { StoreUnavailableError } = await import('../../../shared/errors.ts');
      throw new StoreUnavailableError('The comment store did not answer.');
    };
    const { app } = anApi(store);

    const response = await postComment(app, 'transit-safety-2026', aSubmission());

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(response.headers.get('content-type')).toBe(PROBLEM_JSON);
  });
});

function resolve(doc: { components?: { schemas?: Record<string, unknown> } }, schema: unknown): unknown {
  if (schema !== null && typeof schema === 'object' && '$ref' in schema && typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return doc.components?.schemas?.[name];
  }
  return schema;
}
