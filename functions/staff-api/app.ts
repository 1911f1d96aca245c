import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { z } from 'zod';
import { type Consultation, ConsultationId, viewOf } from '../../shared/consultation/consultation.ts';
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '../../shared/errors.ts';
import type { FeedbackFeed } from '../../shared/feedback/feed.ts';
import { CommentListQuery, needsIndex, searchQueue } from '../../shared/feedback/search-queue.ts';
import { type StatsStore, staffStatsOf } from '../../shared/feedback/stats.ts';
import type { ClusterStore } from '../../shared/moderation/cluster-ports.ts';
import {
  ClusterDecisionRequest,
  ClusterId,
  ClusterQuery,
  decideCluster,
  listClusters,
  reclusterAudited,
} from '../../shared/moderation/cluster-queue.ts';
import { readContact } from '../../shared/moderation/contact.ts';
import { ModerationRequest, moderate, raiseUnlessDone } from '../../shared/moderation/moderate.ts';
import { AuditQuery, listAudit, listQueue, QueueQuery, statusCounts } from '../../shared/moderation/queue.ts';
import type { ModerationReason } from '../../shared/moderation/reasons.ts';
import { staffViewOf } from '../../shared/moderation/views.ts';
import type { Clock, ConsultationStore } from '../../shared/ports.ts';
import type { ResponseStore } from '../../shared/responses/ports.ts';
import { currentResponse } from '../../shared/responses/receipt-response.ts';
import { RESPONDERS, raiseUnlessAnswered, respond } from '../../shared/responses/respond.ts';
import { RESPONSE_SCOPES, ResponseRequest } from '../../shared/responses/response.ts';
import type { CommentSearch } from '../../shared/search/comment-search.ts';
import type { IdentityProvider } from '../../shared/staff/identity.ts';
import type { SessionStore, StaffSession, StaffStore } from '../../shared/staff/ports.ts';
import {
  type ClaimNames,
  coversOffice,
  hasRole,
  principalFromClaims,
  requireRole,
  type StaffPrincipal,
} from '../../shared/staff/principal.ts';
import { resumeSession, type SessionPolicy, sessionEndsAt } from '../../shared/staff/sessions.ts';
import { beginSignIn, finishSignIn } from '../../shared/staff/sign-in.ts';
import {
  changeWindow,
  type DraftCatalog,
  RegisterRequest,
  registerConsultation,
  WindowRequest,
} from '../../shared/staff/windows.ts';
import { jsonBody } from '../http/json-body.ts';
import { respondWithProblem } from '../http/problem.ts';
import { issuesOf } from '../http/validation.ts';
import { type ExportRoutesDeps, exportRoutes } from './export-routes.ts';

export const SESSION_COOKIE = '__Host-yijian-staff';
/** Binds a pending sign-in to the browser that started it; Lax, because the issuer's redirect back is cross-site. */
export const LOGIN_COOKIE = '__Host-yijian-staff-login';
export const STAFF_HEADER = 'X-Yijian-Staff';
const MAX_BODY_BYTES = 64 * 1024;
const MAX_JSON_DEPTH = 6;
const COMMENT_ID = /^[0-9A-Z]{26}$/;

export interface StaffApiDeps {
  consultations: ConsultationStore;
  staff: StaffStore;
  /** Clustering of form letters (issue 9): cluster ids, sizes and the incremental index. */
  clusters: ClusterStore;
  sessions: SessionStore;
  identity: IdentityProvider;
  drafts: DraftCatalog;
  clock: Clock;
  /** The public origin, e.g. https://yijian.example.gov.cn (Origin check, callback URL). */
  origin: string;
  claims: ClaimNames;
  policy: SessionPolicy;
  reasons: readonly ModerationReason[];
  commentShards: number;
  contactRetentionDays: number;
  logError: (message: string, details: { requestId: string; error: unknown }) => void;
  /** Export jobs (issue 10 §4); without them the export routes are not mounted. */
  exports?: Pick<ExportRoutesDeps, 'jobs' | 'dispatcher' | 'downloads'>;
  /** The drafting side (issue 10): statistics, responses, full-text search; routes served only with it. */
  drafting?: DraftingDeps;
}

export interface DraftingDeps {
  stats: StatsStore;
  responses: ResponseStore;
  /** Counters and index after each moderation decision. */
  feed?: FeedbackFeed;
  search?: { search: CommentSearch; ensureIndexed: (consultationId: string) => Promise<void> };
}

type Env = { Variables: { principal: StaffPrincipal; session: StaffSession | undefined; requestId: string } };

const READERS = ['admin', 'moderator', 'drafter'] as const;

/** The staff API (issue 8): sign-in as an OIDC client, moderation, audit, windows. */
export function createStaffApi(deps: StaffApiDeps) {
  const { clock } = deps;
  const signInDeps = {
    identity: deps.identity,
    sessions: deps.sessions,
    clock,
    policy: deps.policy,
    claims: deps.claims,
  };
  const queueDeps = { store: deps.staff, consultations: deps.consultations, shards: deps.commentShards };
  const clusterDeps = { store: deps.staff, clusters: deps.clusters, shards: deps.commentShards };
  const windowDeps = {
    consultations: deps.consultations,
    store: deps.staff,
    drafts: deps.drafts,
    clock,
    contactRetentionDays: deps.contactRetentionDays,
  };
  const moderationDeps = {
    store: deps.staff,
    clock,
    reasons: deps.reasons,
    reportCounterFailure: (error: unknown) =>
      deps.logError('status counter update failed', { requestId: '-', error }),
    ...(deps.drafting?.feed === undefined ? {} : { onDecided: deps.drafting.feed.decided }),
  };
  const { drafting } = deps;

  const app = new Hono<Env>();
  app.use('*', requestId());
  app.use('*', secureHeaders({ crossOriginResourcePolicy: 'same-origin' }));
  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  app.notFound((c) =>
    respondWithProblem(
      c,
      new NotFoundError(`There is no ${c.req.method} ${c.req.path} in the staff API.`),
      () => {},
    ),
  );
  app.onError((error, c) =>
    respondWithProblem(c, error, (e) =>
      deps.logError('staff request failed', { requestId: c.get('requestId'), error: e }),
    ),
  );

  // Cross-site request forgery: a form or a cross-origin script cannot set a custom header without a CORS
  // preflight we never grant, and a browser always sends Origin on cross-origin writes.
  app.use('*', async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      if (c.req.header(STAFF_HEADER) !== '1')
        throw new ForbiddenError(`State-changing requests need the header ${STAFF_HEADER}: 1.`);
      const origin = c.req.header('Origin');
      if (origin !== undefined && origin !== deps.origin)
        throw new ForbiddenError('This request comes from another origin.');
    }
    await next();
  });

  // ---- sign-in (no principal yet) -------------------------------------------------------------------
  app.get('/api/staff/auth/login', async (c) => {
    const { redirect, binding } = await beginSignIn(signInDeps, c.req.query('returnTo'));
    setCookie(c, LOGIN_COOKIE, binding, {
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
      path: '/',
      maxAge: 600,
    });
    return c.redirect(redirect.toString(), 302);
  });

  app.get('/api/staff/auth/callback', async (c) => {
    const incoming = new URL(c.req.url);
    // The redirect URI the issuer knows is on the public origin, whatever host the function sees.
    const callbackUrl = new URL(`/api/staff/auth/callback${incoming.search}`, deps.origin);
    const binding = getCookie(c, LOGIN_COOKIE);
    deleteCookie(c, LOGIN_COOKIE, { path: '/', secure: true });
    const { sessionId, returnTo } = await finishSignIn(signInDeps, callbackUrl, binding);
    setSessionCookie(c, sessionId, deps.policy);
    return c.redirect(returnTo, 302);
  });

  // ---- everything below needs a principal ------------------------------------------------------------
  app.use('/api/staff/*', async (c, next) => {
    const authorization = c.req.header('Authorization');
    if (authorization !== undefined) {
      const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization);
      const claims = match?.[1] === undefined ? undefined : await deps.identity.verifyAccessToken(match[1]);
      if (claims === undefined) throw new UnauthenticatedError('The access token is not valid.');
      const principal = principalFromClaims(claims, deps.claims);
      if (principal.sub === '') throw new UnauthenticatedError('The access token names no subject.');
      c.set('principal', principal);
      c.set('session', undefined);
      return next();
    }
    const session = await resumeSession(deps.sessions, clock, deps.policy, getCookie(c, SESSION_COOKIE));
    if (session === undefined) {
      if (getCookie(c, SESSION_COOKIE) !== undefined)
        deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
      throw new UnauthenticatedError('Please sign in.');
    }
    c.set('principal', session.principal);
    c.set('session', session);
    return next();
  });

  app.post('/api/staff/auth/logout', async (c) => {
    const parsed = parse(LogoutQuery, c.req.query());
    const session = c.get('session');
    if (parsed.everywhere === '1') await deps.sessions.deleteSessionsOf(c.get('principal').sub);
    else if (session !== undefined) await deps.sessions.deleteSession(session.idHash);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
    return c.body(null, 204);
  });

  app.get('/api/staff/me', (c) => {
    const principal = c.get('principal');
    const session = c.get('session');
    return c.json({
      sub: principal.sub,
      username: principal.username,
      name: principal.name,
      roles: principal.roles,
      office: principal.office,
      sessionExpiresAt: session === undefined ? null : sessionEndsAt(session, deps.policy),
    });
  });

  app.get('/api/staff/moderation-reasons', (c) => {
    requireReader(c.get('principal'));
    return c.json({ items: deps.reasons });
  });

  app.get('/api/staff/consultations', async (c) => {
    const principal = c.get('principal');
    requireReader(principal);
    const now = clock.now();
    const visible = (await deps.consultations.listConsultations()).filter((x) =>
      coversOffice(principal, x.officeId),
    );
    const items = await Promise.all(
      visible.map(async (consultation) => {
        const counts = await statusCounts(queueDeps, consultation.id);
        const all = counts.pending + counts.published + counts.rejected + counts.spam;
        return { ...staffConsultationOf(consultation, all, now), counts };
      }),
    );
    return c.json({ items });
  });

  app.post('/api/staff/consultations', staffBody(RegisterRequest), async (c) => {
    const request = c.get('body');
    const created = await registerConsultation(windowDeps, c.get('principal'), request, c.get('requestId'));
    return c.json(staffConsultationOf(created, 0, clock.now()), 201);
  });

  app.post('/api/staff/consultations/:id/window', staffBody(WindowRequest), async (c) => {
    const principal = c.get('principal');
    const consultation = await visibleConsultation(c.req.param('id'), principal);
    const request = c.get('body');
    const changed = await changeWindow(windowDeps, principal, consultation, request, c.get('requestId'));
    return c.json(
      staffConsultationOf(changed, await deps.consultations.countComments(changed.id), clock.now()),
    );
  });

  app.get('/api/staff/consultations/:id/comments', async (c) => {
    const principal = c.get('principal');
    requireReader(principal);
    const consultation = await visibleConsultation(c.req.param('id'), principal);
    const search = drafting?.search;
    if (search === undefined)
      return c.json(await listQueue(queueDeps, consultation.id, parse(QueueQuery, c.req.query())));
    const query = parse(CommentListQuery, c.req.query());
    if (needsIndex(query))
      return c.json(
        await searchQueue(
          {
            search: search.search,
            ensureIndexed: search.ensureIndexed,
            store: deps.staff,
            statusCounts: (id) => statusCounts(queueDeps, id),
          },
          consultation.id,
          query,
        ),
      );
    const { stance: _s, cluster: _c, match: _m, article, ...rest } = query;
    return c.json(
      await listQueue(queueDeps, consultation.id, {
        ...rest,
        ...(article === undefined || article === 'whole' ? {} : { article }),
      }),
    );
  });

  app.get('/api/staff/consultations/:id/comments/:commentId', async (c) => {
    const principal = c.get('principal');
    requireReader(principal);
    const consultation = await visibleConsultation(c.req.param('id'), principal);
    const commentId = c.req.param('commentId');
    const comment = COMMENT_ID.test(commentId)
      ? await deps.staff.getComment(consultation.id, commentId)
      : undefined;
    if (comment === undefined) throw new NotFoundError(`This consultation has no comment ${commentId}.`);
    const [audit, response] = await Promise.all([
      deps.staff.commentAudit(consultation.id, commentId),
      drafting === undefined ? undefined : currentResponse(drafting.responses, comment),
    ]);
    return c.json({
      comment: staffViewOf(comment),
      audit,
      ...(drafting === undefined ? {} : { response: response ?? null }),
    });
  });

  app.get('/api/staff/consultations/:id/comments/:commentId/contact', async (c) => {
    const principal = c.get('principal');
    const consultation = await visibleConsultation(c.req.param('id'), principal);
    const commentId = c.req.param('commentId');
    if (!COMMENT_ID.test(commentId))
      throw new NotFoundError(`This consultation has no comment ${commentId}.`);
    return c.json(
      await readContact({ store: deps.staff, clock }, principal, consultation, commentId, c.get('requestId')),
    );
  });

  app.post('/api/staff/consultations/:id/moderation', staffBody(ModerationRequest), async (c) => {
    const principal = c.get('principal');
    const consultation = await visibleConsultation(c.req.param('id'), principal);
    const request = c.get('body');
    const results = await moderate(moderationDeps, principal, consultation, request, c.get('requestId'));
    const [only] = results;
    if (results.length === 1 && only !== undefined) raiseUnlessDone(only);
    return c.json({ results });
  });

  // ---- clusters of near-identical comments (issue 9) ------------------------------------------------
  app.get('/api/staff/consultations/:id/clusters', async (c) => {
    const principal = c.get('principal');
    requireReader(principal);
    const consultation = await visibleConsultation(c.req.param('id'), principal);
    const query = parse(ClusterQuery, c.req.query());
    return c.json(await listClusters(clusterDeps, consultation.id, query));
  });

  app.post(
    '/api/staff/consultations/:id/clusters/:clusterId/moderation',
    staffBody(ClusterDecisionRequest),
    async (c) => {
      const principal = c.get('principal');
      const consultation = await visibleConsultation(c.req.param('id'), principal);
      const clusterId = c.req.param('clusterId');
      if (!ClusterId.safeParse(clusterId).success)
        throw new NotFoundError(`This consultation has no cluster ${clusterId}.`);
      const request = c.get('body');
      return c.json(
        await decideCluster(
          { ...clusterDeps, moderation: moderationDeps },
          principal,
          consultation,
          clusterId,
          request,
          c.get('requestId'),
        ),
      );
    },
  );

  // Runs the batch re-cluster synchronously: fine locally and up to ~100,000 comments; on AWS it belongs
  // in a job of its own (decision 21).
  app.post('/api/staff/consultations/:id/recluster', async (c) => {
    const principal = c.get('principal');
    requireRole(principal, ['admin'], 're-cluster a consultation');
    const consultation = await visibleConsultation(c.req.param('id'), principal);
    parse(EmptyQuery, c.req.query());
    return c.json(
      await reclusterAudited(
        {
          clusters: deps.clusters,
          store: deps.staff,
          clock,
          ...(drafting?.feed === undefined ? {} : { onMoved: drafting.feed.reclustered }),
        },
        principal,
        consultation,
        c.get('requestId'),
      ),
    );
  });

  app.get('/api/staff/consultations/:id/audit', async (c) => {
    const principal = c.get('principal');
    requireReader(principal);
    const consultation = await visibleConsultation(c.req.param('id'), principal);
    const { cursor } = parse(AuditQuery, c.req.query());
    return c.json(await listAudit(queueDeps, consultation.id, cursor));
  });

  if (deps.exports !== undefined)
    app.route(
      '/',
      exportRoutes({
        ...deps.exports,
        consultations: deps.consultations,
        staff: deps.staff,
        clock,
        logError: deps.logError,
      }),
    );
  if (drafting !== undefined) {
    app.get('/api/staff/consultations/:id/stats', async (c) => {
      const principal = c.get('principal');
      requireRole(principal, RESPONDERS, 'see the feedback statistics');
      const consultation = await visibleConsultation(c.req.param('id'), principal);
      return c.json(staffStatsOf(consultation, await drafting.stats.readCounters(consultation.id)));
    });

    app.get('/api/staff/consultations/:id/responses', async (c) => {
      const principal = c.get('principal');
      requireReader(principal);
      const consultation = await visibleConsultation(c.req.param('id'), principal);
      const query = parse(HistoryQuery, c.req.query());
      if (query.scope === undefined && query.target === undefined)
        return c.json({ items: await drafting.responses.listResponses(consultation.id) });
      if (query.scope === undefined || query.target === undefined)
        throw new ValidationError('Give both scope and target, or neither.', [
          { pointer: query.scope === undefined ? '/scope' : '/target', detail: 'required with the other' },
        ]);
      return c.json({
        items: await drafting.responses.responseHistory(consultation.id, {
          scope: query.scope,
          id: query.target,
        }),
      });
    });

    app.post('/api/staff/consultations/:id/responses', staffBody(ResponseRequest), async (c) => {
      const principal = c.get('principal');
      requireRole(principal, RESPONDERS, 'answer comments');
      const consultation = await visibleConsultation(c.req.param('id'), principal);
      const results = await respond(
        { responses: drafting.responses, staff: deps.staff, clock },
        principal,
        consultation,
        c.get('body'),
        c.get('requestId'),
      );
      raiseUnlessAnswered(results);
      return c.json({ results });
    });
  }

  /** The consultation, if it exists and the principal's office covers it; otherwise 404 (never reveal it). */
  async function visibleConsultation(id: string, principal: StaffPrincipal): Promise<Consultation> {
    const consultation = ConsultationId.safeParse(id).success
      ? await deps.consultations.getConsultation(id)
      : undefined;
    if (consultation === undefined || !coversOffice(principal, consultation.officeId))
      throw new NotFoundError(`There is no consultation "${id}".`);
    return consultation;
  }

  return app;
}

const EmptyQuery = z.object({}).strict();
const HistoryQuery = z
  .object({
    scope: z.enum(RESPONSE_SCOPES).optional(),
    target: z
      .string()
      .regex(/^[0-9A-Za-z_-]{1,64}$/)
      .optional(),
  })
  .strict();

const LogoutQuery = z.object({ everywhere: z.enum(['0', '1']).optional() }).strict();

function requireReader(principal: StaffPrincipal): void {
  if (!hasRole(principal, ...READERS)) throw new ForbiddenError('Your account has no staff role.');
}

function staffConsultationOf(consultation: Consultation, commentCount: number, now: Date) {
  return {
    ...viewOf(consultation, commentCount, now),
    officeId: consultation.officeId ?? null,
    shortWindowReason: consultation.shortWindowReason ?? null,
    concludedAt: consultation.concludedAt ?? null,
  };
}

function setSessionCookie(c: Parameters<typeof setCookie>[0], id: string, policy: SessionPolicy) {
  // __Host-: Secure, Path=/ and no Domain, so no sibling host can set or shadow it.
  setCookie(c, SESSION_COOKIE, id, {
    httpOnly: true,
    secure: true,
    sameSite: 'Strict',
    path: '/',
    maxAge: policy.absoluteHours * 3600,
  });
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new ValidationError('The request is not valid; see errors.', issuesOf(result.error));
  return result.data;
}

/** The one JSON body reader (functions/http/json-body.ts) with the staff API's limits and message. */
function staffBody<S extends z.ZodType>(schema: S) {
  return jsonBody(schema, {
    maxBytes: MAX_BODY_BYTES,
    maxDepth: MAX_JSON_DEPTH,
    invalidMessage: 'The request is not valid; see errors.',
  });
}
