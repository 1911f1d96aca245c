import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { commentRules, lookupRules } from '../../shared/abuse/limits.ts';
import { ChallengeDocument } from '../../shared/abuse/pow.ts';
import { reportRules } from '../../shared/attribution/limits.ts';
import type { ReportIntakeStore } from '../../shared/attribution/ports.ts';
import { type Comment, CommentStatusView, CommentSubmission, Receipt } from '../../shared/comment/comment.ts';
import { lookupReceipt } from '../../shared/comment/lookup-receipt.ts';
import { type SubmitCommentDeps, submitComment } from '../../shared/comment/submit-comment.ts';
import { ConsultationId, ConsultationView, viewOf } from '../../shared/consultation/consultation.ts';
import { MalformedRequestError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import type { FeedbackFeed } from '../../shared/feedback/feed.ts';
import { PublicStats, publicStatsOf, type StatsStore } from '../../shared/feedback/stats.ts';
import { listPublished, PublishedQuery } from '../../shared/moderation/queue.ts';
import { PublicComment } from '../../shared/moderation/views.ts';
import type { Clock, ConsultationStore } from '../../shared/ports.ts';
import type { ResponseStore } from '../../shared/responses/ports.ts';
import { responseForCitizen } from '../../shared/responses/receipt-response.ts';
import { AdoptionReport, adoptionReport } from '../../shared/responses/report.ts';
import type { StaffStore } from '../../shared/staff/ports.ts';
import { IDEMPOTENCY_KEY } from '../http/idempotency-key.ts';
import { jsonBody } from '../http/json-body.ts';
import { PROBLEM_CONTENT_TYPE, ProblemDocument, respondWithProblem } from '../http/problem.ts';
import { issuesOf } from '../http/validation.ts';
import { type AbuseGuards, originCheck, rateLimit } from './abuse.ts';
import { attributionRoutes } from './attribution-routes.ts';

export interface PublicApiDeps {
  store: ConsultationStore;
  clock: Clock;
  contactRetentionDays: number;
  idempotencyTtlHours: number;
  /** Logs an unexpected error with the request's correlation id; never given request bodies. */
  logError: (message: string, details: { requestId: string; error: unknown }) => void;
  /**
   * Told each request's correlation id as soon as it is made, e.g. to put it in the logger's context.
   * The id is always the server's own: a client's `X-Request-Id` could forge or collide with another's.
   */
  onRequestId?: (requestId: string) => void;
  /** Makes a correlation id; a random UUID unless given. */
  newRequestId?: () => string;
  /**
   * One line per request for operators. It carries the route pattern, never the path (which may hold a
   * receipt), and nothing from the body, the client address or its user agent.
   */
  logRequest?: (line: RequestLogLine) => void;
  /** Reads published comments (issue 8); without it the published-comments route is not served. */
  published?: { store: Pick<StaffStore, 'readStatusShard' | 'countTransition'>; shards: number };
  /** Puts each stored comment into its cluster of form letters (issue 9), best effort after intake. */
  clusterComment?: (comment: Comment) => Promise<{ clusterId: string }>;
  /** Limits, proof of work and the origin check; absent, none of them applies (unit tests, the bench). */
  abuse?: AbuseGuards;
  /** Feedback statistics and the office's responses (issue 10); without it those routes are not served. */
  feedback?: {
    stats: StatsStore;
    responses: ResponseStore;
    getComment: (consultationId: string, commentId: string) => Promise<Comment | undefined>;
    /** Feedback counters and search index after intake. */
    feed?: FeedbackFeed;
  };
  /** Reports of false attribution (issue 9 §5); without them those routes are not served. */
  attribution?: { reports: ReportIntakeStore; comments: Pick<StaffStore, 'getComment'> };
}

export interface RequestLogLine {
  requestId: string;
  method: string;
  route: string;
  status: number;
  ms: number;
}

export const MAX_BODY_BYTES = 64 * 1024;
const MAX_JSON_DEPTH = 8;
/** Published with the static site (see site/astro.config.mjs), so the reference page needs no CDN. */
export const API_REFERENCE_SCRIPT = '/api-reference/standalone.js';

/** Public operations need no credentials; said explicitly, as OpenAPI linters ask. */
const PUBLIC: { [scheme: string]: string[] }[] = [];

const problem = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemDocument } },
});

const ConsultationParams = z.object({
  // No length limit here: a failed param check would be answered as an invalid comment (422); the
  // handlers answer an id or receipt that cannot exist with 404 / 400 themselves.
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'transit-safety-2026' }),
});

const listConsultations = createRoute({
  security: PUBLIC,
  method: 'get',
  path: '/api/consultations',
  summary: 'List consultations with their live window status',
  responses: {
    200: {
      description: 'All consultations',
      content: { 'application/json': { schema: z.object({ items: z.array(ConsultationView) }) } },
    },
  },
});

const getConsultation = createRoute({
  security: PUBLIC,
  method: 'get',
  path: '/api/consultations/{id}',
  summary: 'One consultation with its live window status',
  request: { params: ConsultationParams },
  responses: {
    200: {
      description: 'The consultation',
      content: {
        'application/json': {
          schema: ConsultationView.extend({
            publishedCounts: z.record(z.string(), z.number().int()).optional().openapi({
              description: 'Published comments per article id of the current version, and `whole`',
            }),
          }),
        },
      },
    },
    404: problem('No such consultation'),
  },
});

const postComment = createRoute({
  security: PUBLIC,
  method: 'post',
  path: '/api/consultations/{id}/comments',
  summary: 'Submit a comment on the whole draft or one article',
  description:
    'Answers 202 with a receipt once the comment is durably stored. Send an `Idempotency-Key` to retry ' +
    'safely: the same key and body return the same receipt; the same key with a different body is 422.',
  request: {
    params: ConsultationParams,
    headers: z.object({
      'idempotency-key': z.string().optional().openapi({
        description: '1–128 visible ASCII characters, e.g. a UUID',
        example: 'e0b7c3c2-6f3e-4c1e-9f61-1d2d8a6f9a10',
      }),
      'x-altcha': z
        .string()
        .optional()
        .openapi({
          description:
            "The ALTCHA widget's payload (base64 JSON of the challenge from GET /api/challenge and its " +
            'solution). Required when the deployment turns proof of work on; each challenge serves one ' +
            'comment (a retry with the same Idempotency-Key may send it again).',
        }),
    }),
    body: {
      required: true,
      content: { 'application/json': { schema: CommentSubmission } },
      description: 'application/json in UTF-8; at most 64 KB and 8 levels of nesting; no duplicate keys',
    },
  },
  responses: {
    202: { description: 'Stored; here is the receipt', content: { 'application/json': { schema: Receipt } } },
    400: problem(
      'Malformed JSON, nesting too deep, forbidden keys or a bad Idempotency-Key; proof of work missing, ' +
        'invalid, expired or already used (`code` pow-missing, pow-invalid, pow-expired, pow-replayed); ' +
        'the hidden field filled (`code` bot-suspected)',
    ),
    403: problem('Not sent through the site’s CDN (`code` origin-not-verified)'),
    404: problem('No such consultation'),
    409: problem('The comment window is not open'),
    429: problem('Too many comments from this client or for this consultation; see Retry-After'),
    413: problem('Body larger than 64 KB'),
    415: problem('Not application/json'),
    422: problem('The comment does not validate, or the Idempotency-Key was used for another comment'),
    503: problem('The store did not confirm the write; retry with the same Idempotency-Key'),
  },
});

const getReceipt = createRoute({
  security: PUBLIC,
  method: 'get',
  path: '/api/comments/{receipt}',
  summary: 'What became of a comment, by its receipt (status only)',
  request: {
    params: z.object({
      receipt: z.string().openapi({ param: { name: 'receipt', in: 'path' }, example: 'ABCD-EFGH-JKMN' }),
    }),
  },
  responses: {
    200: { description: 'The status', content: { 'application/json': { schema: CommentStatusView } } },
    400: problem('Not a receipt'),
    404: problem('No comment has this receipt'),
    429: problem('Too many lookups from this client; see Retry-After'),
  },
});

const getChallenge = createRoute({
  security: PUBLIC,
  method: 'get',
  path: '/api/challenge',
  summary: 'A proof-of-work challenge (ALTCHA v2) for one comment',
  description:
    'Solved by the ALTCHA widget in the comment form; its payload goes with the comment as `X-Altcha`. ' +
    'Expires after a few minutes. 404 when the deployment has proof of work turned off.',
  responses: {
    200: {
      description: 'A signed challenge',
      content: { 'application/json': { schema: ChallengeDocument } },
    },
    404: problem('Proof of work is turned off'),
  },
});

const listPublishedComments = createRoute({
  security: PUBLIC,
  method: 'get',
  path: '/api/consultations/{id}/comments',
  summary: 'Published comments, newest first (masked text; names only where their authors consented)',
  request: {
    params: ConsultationParams,
    query: z.object({
      article: z.string().optional().openapi({ example: 'art-5' }),
      cursor: z.string().optional().openapi({ description: 'nextCursor of the previous page' }),
    }),
  },
  responses: {
    200: {
      description: 'One page',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(PublicComment), nextCursor: z.string().nullable() }),
        },
      },
    },
    400: problem('A cursor that is not one of ours'),
    404: problem('No such consultation'),
    422: problem('Unknown query parameter or malformed article id'),
  },
});

const getPublicStats = createRoute({
  security: PUBLIC,
  method: 'get',
  path: '/api/consultations/{id}/stats',
  summary: 'Published comments per article and stance',
  request: { params: ConsultationParams },
  responses: {
    200: { description: 'The counts', content: { 'application/json': { schema: PublicStats } } },
    404: problem('No such consultation'),
  },
});

const getReport = createRoute({
  security: PUBLIC,
  method: 'get',
  path: '/api/consultations/{id}/report',
  summary: 'The adoption report (意见采纳情况说明) of a concluded consultation',
  request: { params: ConsultationParams },
  responses: {
    200: { description: 'The report', content: { 'application/json': { schema: AdoptionReport } } },
    404: problem('No such consultation, or it is not concluded yet'),
  },
});

/** The public API: the same app serves Lambda (handler.ts) and the local server (scripts/start.ts). */
export function createPublicApi(deps: PublicApiDeps) {
  const { store, clock } = deps;
  const submitDepsFor = (requestId: string): SubmitCommentDeps => ({
    ...deps,
    requestId,
    reportCounterFailure: (error) => deps.logError('counter update failed', { requestId, error }),
    onStored: async (comment) => {
      // Every comment counts as pending on arrival; one published on receipt (post-moderation) moves over.
      if (deps.published !== undefined && comment.status === 'published')
        await deps.published.store.countTransition(
          comment.consultationId,
          comment.id,
          'pending',
          'published',
        );
      // After the intake write, never inside it (decision 16); a failure leaves the comment unclustered
      // until the batch re-cluster (decision 21), which then moves its feedback counters too.
      const clustered = await deps
        .clusterComment?.(comment)
        .catch((error: unknown) => deps.logError('clustering failed', { requestId, error }));
      // Counted with its cluster, so that form letters collapse in the drafters' statistics from the start.
      await deps.feedback?.feed?.stored(
        clustered === undefined ? comment : { ...comment, clusterId: clustered.clusterId },
      );
    },
  });
  const newRequestId = deps.newRequestId ?? (() => crypto.randomUUID());
  const app = new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success)
        throw new ValidationError('The comment is not valid; see errors.', issuesOf(result.error));
    },
  });

  // headerName '' stops Hono from adopting the client's X-Request-Id; the id is sent back under that name
  // so that a citizen reporting a problem can quote it.
  app.use('*', requestId({ headerName: '', generator: () => newRequestId() }));
  app.use('*', async (c, next) => {
    const id = c.get('requestId');
    deps.onRequestId?.(id);
    c.header('X-Request-Id', id);
    await next();
  });
  const { logRequest } = deps;
  if (logRequest !== undefined) {
    app.use('*', async (c, next) => {
      const started = performance.now();
      await next();
      logRequest({
        requestId: c.get('requestId'),
        method: c.req.method,
        route: c.req.routePath,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      });
    });
  }
  app.use('/api/*', secureHeaders({ crossOriginResourcePolicy: 'same-origin' }));
  app.use('/api/*', originCheck(deps.abuse));

  app.notFound((c) =>
    respondWithProblem(
      c,
      new NotFoundError(`There is no ${c.req.method} ${c.req.path} in this API.`),
      () => {},
    ),
  );
  app.onError((error, c) =>
    respondWithProblem(c, error, (e) =>
      deps.logError('request failed', { requestId: c.get('requestId'), error: e }),
    ),
  );

  app.openapi(listConsultations, async (c) => {
    const now = clock.now();
    const consultations = await store.listConsultations();
    const items = await Promise.all(
      consultations.map(async (consultation) =>
        viewOf(consultation, await store.countComments(consultation.id), now),
      ),
    );
    c.header('Cache-Control', 'public, max-age=15');
    return c.json({ items }, 200);
  });

  app.openapi(getConsultation, async (c) => {
    const { id } = c.req.valid('param');
    const consultation = ConsultationId.safeParse(id).success ? await store.getConsultation(id) : undefined;
    if (consultation === undefined) throw new NotFoundError(`There is no consultation "${id}".`);
    c.header('Cache-Control', 'public, max-age=15');
    const [count, counters] = await Promise.all([
      store.countComments(id),
      deps.feedback?.stats.readCounters(id),
    ]);
    const view = viewOf(consultation, count, clock.now());
    return c.json(
      counters === undefined
        ? view
        : { ...view, publishedCounts: publicStatsOf(consultation, counters).publishedCounts },
      200,
    );
  });

  // The body is read by one middleware (media type, size, JSON, schema: see json-body.ts) instead of the
  // route's generated validators, whose media-type rule differs from ours; the route still documents it.
  // Counted before the body is read: a flood of bad bodies is a flood all the same.
  app.on(
    'POST',
    '/api/consultations/:id/comments',
    rateLimit(deps.abuse, clock, commentRules, (c) => {
      const id = c.req.param('id');
      return id !== undefined && ConsultationId.safeParse(id).success ? id : undefined;
    }),
  );
  app.openAPIRegistry.registerPath(postComment);
  const { request: _documentedRequest, ...postCommentRoute } = postComment;
  app.openapi(
    {
      ...postCommentRoute,
      hide: true,
      request: { params: postComment.request.params, headers: postComment.request.headers },
      middleware: [
        jsonBody(CommentSubmission, {
          maxBytes: MAX_BODY_BYTES,
          maxDepth: MAX_JSON_DEPTH,
          invalidMessage: 'The comment is not valid; see errors.',
        }),
      ] as const,
    },
    async (c) => {
      const { id } = c.req.valid('param');
      const key = c.req.valid('header')['idempotency-key'];
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
        throw new MalformedRequestError('Idempotency-Key must be 1–128 visible ASCII characters.');
      }
      if (!ConsultationId.safeParse(id).success) throw new NotFoundError(`There is no consultation "${id}".`);
      const pow = deps.abuse?.proofOfWork;
      if (pow !== undefined && deps.abuse !== undefined) {
        // A retry with the same key may present its challenge again; without a key, a challenge serves once.
        const owner = key === undefined ? `once#${crypto.randomUUID()}` : `key#${id}#${key}`;
        await pow.verify(deps.abuse.store, c.req.valid('header')['x-altcha'], owner);
      }
      const { receipt, replayed } = await submitComment(
        submitDepsFor(c.get('requestId')),
        id,
        c.get('body'),
        key,
      );
      c.header('Cache-Control', 'no-store');
      if (replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(receipt, 202);
    },
  );

  app.use('/api/comments/:receipt', rateLimit(deps.abuse, clock, lookupRules));
  app.openapi(getReceipt, async (c) => {
    const view = await lookupReceipt(store, c.req.valid('param').receipt);
    c.header('Cache-Control', 'no-store');
    const { feedback } = deps;
    if (feedback === undefined) return c.json(view, 200);
    const [consultation, comment] = await Promise.all([
      store.getConsultation(view.consultationId),
      store.findCommentByReceipt(view.receipt),
    ]);
    const response =
      consultation === undefined || comment === undefined
        ? undefined
        : await responseForCitizen(feedback.responses, consultation, comment, clock.now());
    return c.json(response === undefined ? view : { ...view, response }, 200);
  });

  const { feedback } = deps;
  if (feedback !== undefined) {
    app.openapi(getPublicStats, async (c) => {
      const consultation = await findConsultation(c.req.valid('param').id);
      c.header('Cache-Control', 'public, max-age=15');
      return c.json(publicStatsOf(consultation, await feedback.stats.readCounters(consultation.id)), 200);
    });

    app.openapi(getReport, async (c) => {
      const consultation = await findConsultation(c.req.valid('param').id);
      const [counters, responses] = await Promise.all([
        feedback.stats.readCounters(consultation.id),
        feedback.responses.listResponses(consultation.id),
      ]);
      const report = await adoptionReport(consultation, {
        now: clock.now(),
        counters,
        responses,
        getComment: (commentId) => feedback.getComment(consultation.id, commentId),
      });
      c.header('Cache-Control', 'public, max-age=60');
      return c.json(report, 200);
    });
  }

  async function findConsultation(id: string) {
    const consultation = ConsultationId.safeParse(id).success ? await store.getConsultation(id) : undefined;
    if (consultation === undefined) throw new NotFoundError(`There is no consultation "${id}".`);
    return consultation;
  }

  const { published } = deps;
  if (published !== undefined) {
    app.openapi(listPublishedComments, async (c) => {
      const { id } = c.req.valid('param');
      const consultation = ConsultationId.safeParse(id).success ? await store.getConsultation(id) : undefined;
      if (consultation === undefined) throw new NotFoundError(`There is no consultation "${id}".`);
      const query = PublishedQuery.safeParse(c.req.query());
      if (!query.success)
        throw new ValidationError('The query is not valid; see errors.', issuesOf(query.error));
      c.header('Cache-Control', 'public, max-age=15');
      return c.json(await listPublished(published, id, query.data), 200);
    });
  }

  if (deps.attribution !== undefined)
    attributionRoutes(app, {
      ...deps.attribution,
      consultations: store,
      clock,
      contactRetentionDays: deps.contactRetentionDays,
      idempotencyTtlHours: deps.idempotencyTtlHours,
      maxBytes: MAX_BODY_BYTES,
      maxDepth: MAX_JSON_DEPTH,
      limits: {
        report: rateLimit(deps.abuse, clock, reportRules),
        lookup: rateLimit(deps.abuse, clock, lookupRules),
      },
    });
  app.openapi(getChallenge, async (c) => {
    const pow = deps.abuse?.proofOfWork;
    if (pow === undefined) throw new NotFoundError('Proof of work is turned off on this deployment.');
    c.header('Cache-Control', 'no-store');
    const { parameters, signature } = await pow.challenge();
    return c.json({ parameters: { ...parameters }, signature: signature ?? '' }, 200);
  });

  app.get('/api/health', (c) => c.json({ ok: true }));

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    // Same origin as the site: the paths already start with /api.
    servers: [{ url: '/', description: 'This deployment (the site and the API share one origin)' }],
    info: {
      title: 'Yijian public API',
      version: '1.0.0',
      description:
        'Read consultations on draft regulations and submit comments. Errors are RFC 9457 problem documents.',
    },
  });
  app.get(
    '/api/docs',
    Scalar({
      url: '/api/openapi.json',
      pageTitle: 'Yijian API',
      cdn: API_REFERENCE_SCRIPT,
      // No third-party requests from a government site: no telemetry, no hosted MCP or developer tools.
      telemetry: false,
      mcp: { disabled: true },
      showDeveloperTools: 'never',
      withDefaultFonts: false,
      favicon: '/favicon.svg',
    }),
  );

  return app;
}
