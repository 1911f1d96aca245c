import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it, vi } from 'vitest';
import { respondWithProblem } from '../../../functions/http/problem.ts';
import { ValidationError } from '../../../shared/errors.ts';
import { PROBLEM_JSON } from '../../support/api.ts';

function appThrowing(error: unknown) {
  const log = vi.fn();
  const app = new Hono();
  app.onError((e, c) => respondWithProblem(c, e, log));
  app.all('/x', () => {
    throw error;
  });
  return { app, log };
}

describe('respondWithProblem', () => {
  it.each([
    [415, 'Unsupported Media Type', 'https://yijian.dev/problems/unsupported-media-type'],
    [400, 'Malformed JSON in request body', 'https://yijian.dev/problems/malformed-request'],
    [413, 'Payload Too Large', 'https://yijian.dev/problems/payload-too-large'],
    [404, 'Not Found', 'https://yijian.dev/problems/not-found'],
    [405, 'Method Not Allowed', 'about:blank'],
    [401, '', 'about:blank'],
  ])('keeps the status of a Hono HTTPException %i as a problem document', async (status, message, type) => {
    // Prepare
    const { app, log } = appThrowing(new HTTPException(status as 400, { message }));

    // Act
    const response = await app.request('/x');

    // Assess
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe(PROBLEM_JSON);
    const problem = await response.json();
    expect(problem).toMatchObject({ type, status, title: expect.any(String), detail: expect.any(String) });
    expect(problem.title).not.toBe('');
    expect(problem.detail).not.toBe('');
    expect(log).not.toHaveBeenCalled();
  });

  it("answers Hono's own body limit with 413, not 500", async () => {
    const log = vi.fn();
    const app = new Hono();
    app.onError((e, c) => respondWithProblem(c, e, log));
    app.post('/x', bodyLimit({ maxSize: 4 }), (c) => c.text('ok'));

    const response = await app.request('/x', { method: 'POST', body: 'more than four bytes' });

    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe(PROBLEM_JSON);
  });

  it('answers an HTTPException 5xx as a logged generic 500', async () => {
    const { app, log } = appThrowing(new HTTPException(502, { message: 'upstream said secret things' }));

    const response = await app.request('/x');

    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('secret');
    expect(log).toHaveBeenCalledOnce();
  });

  it('gives every field issue a code, "invalid" when the core named none', async () => {
    const { app } = appThrowing(
      new ValidationError('bad', [
        { pointer: '/articleId', detail: 'unknown article' },
        { pointer: '/body', code: 'too-long', detail: 'long' },
      ]),
    );

    const problem = await (await app.request('/x')).json();

    expect(problem.errors).toEqual([
      { pointer: '/articleId', code: 'invalid', detail: 'unknown article' },
      { pointer: '/body', code: 'too-long', detail: 'long' },
    ]);
  });
});
