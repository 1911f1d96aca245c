import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { type ErrorKind, type FieldIssue, WindowNotOpenError, YijianError } from '../../shared/errors.ts';

/** RFC 9457 problem details, as every error of the API is answered. */
export const ProblemDocument = z
  .object({
    type: z.string().meta({ description: 'A URI identifying the problem type' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ pointer: z.string(), detail: z.string() })).optional(),
    windowStatus: z.string().optional().meta({ description: 'With 409: the consultation status' }),
  })
  .meta({ id: 'Problem' });
export type ProblemDocument = z.infer<typeof ProblemDocument>;

const PROBLEM_TYPES: Record<ErrorKind, { status: ContentfulStatusCode; title: string }> = {
  'malformed-request': { status: 400, title: 'Malformed request' },
  'validation-failed': { status: 422, title: 'The comment is not valid' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'payload-too-large': { status: 413, title: 'Request body too large' },
  'not-found': { status: 404, title: 'Not found' },
  'window-not-open': { status: 409, title: 'The comment window is not open' },
  'idempotency-key-reused': { status: 422, title: 'Idempotency-Key reused with a different request' },
  'store-unavailable': { status: 503, title: 'Temporarily unavailable' },
  'store-request-invalid': { status: 500, title: 'Internal error' },
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemType(kind: ErrorKind | 'internal'): string {
  return `https://yijian.dev/problems/${kind}`;
}

export function problemOf(error: YijianError, instance: string): ProblemDocument {
  const { status, title } = PROBLEM_TYPES[error.kind];
  return {
    type: problemType(error.kind),
    title,
    status,
    detail: error.message,
    instance,
    ...(error.issues.length > 0 ? { errors: error.issues.map((i: FieldIssue) => ({ ...i })) } : {}),
  };
}

export function problemResponse(
  c: Context,
  document: ProblemDocument,
  headers: Record<string, string> = {},
): Response {
  return c.body(JSON.stringify(document), document.status as ContentfulStatusCode, {
    'Content-Type': PROBLEM_CONTENT_TYPE,
    'Cache-Control': 'no-store',
    ...headers,
  });
}

/** Maps any error to a problem response; internals of unknown errors never reach the client. */
export function respondWithProblem(c: Context, error: unknown, log: (error: unknown) => void): Response {
  const instance = c.req.path;
  if (error instanceof YijianError) {
    const document = problemOf(error, instance);
    // A bug found by the store: logged with its cause, no Retry-After (a retry would fail the same way).
    if (error.kind === 'store-request-invalid') {
      log(error);
      return problemResponse(c, document);
    }
    if (error.kind === 'store-unavailable') {
      log(error);
      return problemResponse(c, document, { 'Retry-After': '2' });
    }
    if (error instanceof WindowNotOpenError)
      return problemResponse(c, { ...document, windowStatus: error.status });
    return problemResponse(c, document);
  }
  log(error);
  return problemResponse(c, {
    type: problemType('internal'),
    title: 'Internal error',
    status: 500,
    detail: 'Something went wrong on our side. Please try again later.',
    instance,
  });
}
