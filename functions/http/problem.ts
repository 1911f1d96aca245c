import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { FIELD_ERROR_CODES } from '../../shared/comment/rules.ts';
import {
  EditConflictError,
  type ErrorKind,
  type FieldIssue,
  IllegalTransitionError,
  PROOF_OF_WORK_FAILURES,
  ProofOfWorkError,
  RateLimitedError,
  UnauthenticatedError,
  WindowNotOpenError,
  YijianError,
} from '../../shared/errors.ts';

/** Stable codes of whole-request problems (beside the field codes of `errors`), for clients to translate. */
export const PROBLEM_CODES = [
  ...PROOF_OF_WORK_FAILURES,
  'rate-limited',
  'bot-suspected',
  'origin-not-verified',
] as const;

/** RFC 9457 problem details, as every error of the API is answered. */
export const ProblemDocument = z
  .object({
    type: z.string().meta({ description: 'A URI identifying the problem type' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z
      .array(
        z.object({
          pointer: z
            .string()
            .meta({ description: 'JSON Pointer (RFC 6901) to the field; "" is the whole body' }),
          code: z.enum(FIELD_ERROR_CODES).meta({ description: 'Stable code, for clients to translate' }),
          detail: z.string().meta({ description: 'English explanation for developers; may change' }),
        }),
      )
      .optional(),
    windowStatus: z.string().optional().meta({ description: 'With 409: the consultation status' }),
    current: z.unknown().optional().meta({ description: 'With a staff 409: the record as it is now' }),
    code: z
      .enum(PROBLEM_CODES)
      .optional()
      .meta({ description: 'Stable code of the problem as a whole, for clients to translate' }),
    limit: z.string().optional().meta({ description: 'With 429: which limit was reached' }),
    retryAfterSeconds: z
      .number()
      .int()
      .optional()
      .meta({ description: 'With 429: seconds until a retry can succeed (as the Retry-After header)' }),
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
  unauthenticated: { status: 401, title: 'Sign-in required' },
  forbidden: { status: 403, title: 'Not allowed' },
  'edit-conflict': { status: 409, title: 'Changed by someone else' },
  'illegal-transition': { status: 409, title: 'Not allowed in the current state' },
  'sign-in-failed': { status: 400, title: 'Sign-in failed' },
  'store-request-invalid': { status: 500, title: 'Internal error' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'proof-of-work-failed': { status: 400, title: 'Proof of work missing or not valid' },
  'bot-suspected': { status: 400, title: 'Request refused' },
  'origin-not-verified': { status: 403, title: 'Forbidden' },
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemType(kind: ErrorKind | 'internal'): string {
  return `https://yijian.dev/problems/${kind}`;
}

/** Statuses Hono's own middleware and validators raise, as the kinds of our hierarchy. */
const HTTP_EXCEPTION_KINDS: Partial<Record<number, ErrorKind>> = {
  400: 'malformed-request',
  404: 'not-found',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
};

/** RFC 9110 reason phrases, the titles of `about:blank` problems (RFC 9457 §4.2.1). */
const REASON_PHRASES: Partial<Record<number, string>> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  411: 'Length Required',
  412: 'Precondition Failed',
  414: 'URI Too Long',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
};

/**
 * A client error raised by Hono itself (a validator's 415, a body limit's 413): it keeps its status,
 * in the same shape as our own errors. Its message is Hono's fixed text, never request data.
 */
function problemOfHttpException(error: HTTPException, instance: string): ProblemDocument {
  const status = error.status;
  const kind = HTTP_EXCEPTION_KINDS[status];
  const title = kind === undefined ? (REASON_PHRASES[status] ?? 'Client error') : PROBLEM_TYPES[kind].title;
  return {
    type: kind === undefined ? 'about:blank' : problemType(kind),
    title,
    status,
    detail: error.message === '' ? title : error.message,
    instance,
  };
}

export function problemOf(error: YijianError, instance: string): ProblemDocument {
  const { status, title } = PROBLEM_TYPES[error.kind];
  return {
    type: problemType(error.kind),
    title,
    status,
    detail: error.message,
    instance,
    ...(error.issues.length > 0
      ? {
          errors: error.issues.map((i: FieldIssue) => ({
            pointer: i.pointer,
            code: i.code ?? 'invalid',
            detail: i.detail,
          })),
        }
      : {}),
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
    if (error instanceof EditConflictError || error instanceof IllegalTransitionError)
      return problemResponse(
        c,
        error.current === undefined ? document : { ...document, current: error.current },
      );
    if (error instanceof UnauthenticatedError)
      return problemResponse(c, document, { 'WWW-Authenticate': 'Bearer realm="yijian-staff"' });
    if (error instanceof RateLimitedError) {
      const retryAfterSeconds = error.retryAfterSeconds;
      return problemResponse(
        c,
        { ...document, code: 'rate-limited', limit: error.limit, retryAfterSeconds },
        { 'Retry-After': String(retryAfterSeconds) },
      );
    }
    if (error instanceof ProofOfWorkError) return problemResponse(c, { ...document, code: error.code });
    if (error.kind === 'bot-suspected' || error.kind === 'origin-not-verified')
      return problemResponse(c, { ...document, code: error.kind });
    return problemResponse(c, document);
  }
  if (error instanceof HTTPException && error.status >= 400 && error.status < 500) {
    return problemResponse(c, problemOfHttpException(error, instance));
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
