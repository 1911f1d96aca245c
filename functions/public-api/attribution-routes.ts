import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { lookupReport } from '../../shared/attribution/lookup-report.ts';
import { ReportReceipt, ReportStatusView, ReportSubmission } from '../../shared/attribution/report.ts';
import { type SubmitReportDeps, submitReport } from '../../shared/attribution/submit-report.ts';
import { MalformedRequestError } from '../../shared/errors.ts';
import { IDEMPOTENCY_KEY } from '../http/idempotency-key.ts';
import { jsonBody } from '../http/json-body.ts';
import { PROBLEM_CONTENT_TYPE, ProblemDocument } from '../http/problem.ts';

/**
 * Reports of false attribution (issue 9 §5, ACUS Recommendation 2021-1): anyone may report that a
 * published comment was made in their name without their consent, and follow the report by its receipt.
 * Mounted on the public app (app.ts), so the routes share its error handling and OpenAPI document.
 */
export interface AttributionRoutesDeps extends SubmitReportDeps {
  maxBytes: number;
  maxDepth: number;
  /** Per-client limits (functions/public-api/abuse.ts), counted before the body is read. */
  limits: { report: MiddlewareHandler; lookup: MiddlewareHandler };
}

const PUBLIC: { [scheme: string]: string[] }[] = [];
const problem = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemDocument } },
});

const postReport = createRoute({
  security: PUBLIC,
  method: 'post',
  path: '/api/consultations/{id}/comments/{commentId}/attribution-reports',
  summary: 'Report that a published comment was made in your name without your consent',
  description:
    'Answers 202 with a report receipt once the report is stored. A moderator then withholds the name ' +
    'and marks the comment, or dismisses the report with a note; GET /api/attribution-reports/{receipt} ' +
    'shows which. Contact details are optional and never published. `Idempotency-Key` works as for comments.',
  request: {
    params: z.object({
      id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'transit-safety-2026' }),
      commentId: z
        .string()
        .openapi({ param: { name: 'commentId', in: 'path' }, example: '01JCXYZ0000000000000000001' }),
    }),
    headers: z.object({
      'idempotency-key': z.string().optional().openapi({ description: '1–128 visible ASCII characters' }),
    }),
    body: {
      required: true,
      content: { 'application/json': { schema: ReportSubmission } },
      description: 'application/json in UTF-8; at most 64 KB and 8 levels of nesting; no duplicate keys',
    },
  },
  responses: {
    202: {
      description: 'Stored; here is the report receipt',
      content: { 'application/json': { schema: ReportReceipt } },
    },
    400: problem('Malformed JSON, nesting too deep, forbidden keys or a bad Idempotency-Key'),
    404: problem('No such consultation, or no published comment with this id in it'),
    413: problem('Body larger than 64 KB'),
    415: problem('Not application/json'),
    422: problem('The report does not validate, or the Idempotency-Key was used for another report'),
    429: problem('Too many submissions from this client; see Retry-After'),
    503: problem('The store did not confirm the write; retry with the same Idempotency-Key'),
  },
});

const getReport = createRoute({
  security: PUBLIC,
  method: 'get',
  path: '/api/attribution-reports/{receipt}',
  summary: 'What became of a report of false attribution, by its receipt',
  request: {
    params: z.object({
      receipt: z.string().openapi({ param: { name: 'receipt', in: 'path' }, example: 'ABCD-EFGH-JKMN' }),
    }),
  },
  responses: {
    200: {
      description: 'The status and the moderator’s public note',
      content: { 'application/json': { schema: ReportStatusView } },
    },
    400: problem('Not a receipt'),
    404: problem('No report has this receipt'),
    429: problem('Too many lookups from this client; see Retry-After'),
  },
});

export function attributionRoutes(app: OpenAPIHono, deps: AttributionRoutesDeps): void {
  // As for comments: one body reader (json-body.ts) instead of the generated validator; the documented
  // route carries the body schema.
  app.on('POST', '/api/consultations/:id/comments/:commentId/attribution-reports', deps.limits.report);
  app.openAPIRegistry.registerPath(postReport);
  const { request: _documented, ...route } = postReport;
  app.openapi(
    {
      ...route,
      hide: true,
      request: { params: postReport.request.params, headers: postReport.request.headers },
      middleware: [
        jsonBody(ReportSubmission, {
          maxBytes: deps.maxBytes,
          maxDepth: deps.maxDepth,
          invalidMessage: 'The report is not valid; see errors.',
        }),
      ] as const,
    },
    async (c) => {
      const { id, commentId } = c.req.valid('param');
      const key = c.req.valid('header')['idempotency-key'];
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key))
        throw new MalformedRequestError('Idempotency-Key must be 1–128 visible ASCII characters.');
      const { receipt, replayed } = await submitReport(deps, id, commentId, c.get('body'), key);
      c.header('Cache-Control', 'no-store');
      if (replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(receipt, 202);
    },
  );

  app.use('/api/attribution-reports/:receipt', deps.limits.lookup);
  app.openapi(getReport, async (c) => {
    const view = await lookupReport(deps.reports, c.req.valid('param').receipt);
    c.header('Cache-Control', 'no-store');
    return c.json(view, 200);
  });
}
