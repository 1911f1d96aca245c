import { vi } from 'vitest';
import { createStaffApi } from '../../../functions/staff-api/app.ts';
import { openIdProvider } from '../../../functions/staff-api/oidc.ts';
import type { Comment } from '../../../shared/comment/comment.ts';
import { feedbackFeed, indexRebuilder } from '../../../shared/feedback/feed.ts';
import { MemoryStatsStore } from '../../../shared/feedback/memory-stats-store.ts';
import { DEFAULT_REASONS } from '../../../shared/moderation/reasons.ts';
import type { Clock } from '../../../shared/ports.ts';
import { MemoryResponseStore } from '../../../shared/responses/memory-response-store.ts';
import type { CommentSearch } from '../../../shared/search/comment-search.ts';
import type { Role, StaffPrincipal } from '../../../shared/staff/principal.ts';
import { DEFAULT_SESSION_POLICY, startSession } from '../../../shared/staff/sessions.ts';
import type { DraftCatalog } from '../../../shared/staff/windows.ts';
import { MemoryClusterStore } from '../../../shared/store/memory-cluster-store.ts';
import { MemorySessionStore, MemoryStaffStore } from '../../../shared/store/memory-staff-store.ts';
import { MemoryStore } from '../../../shared/store/memory-store.ts';
import { aComment, anOpenConsultation, fixedClock, NOW } from '../../support/factories.ts';
import type { startFakeIssuer } from '../../support/fake-issuer.ts';

export const ORIGIN = 'https://yijian.example.gov.cn';
export const CLIENT = {
  clientId: 'yijian-staff',
  clientSecret: 'test-secret',
  audience: `${ORIGIN}/api/staff`,
};
export const PROBLEM_JSON = 'application/problem+json';
export const TRANSPORT = 'transit-safety-2026';
export const JUSTICE = 'justice-rules-2026';
export const STAFF_HEADERS = { 'X-Yijian-Staff': '1', Origin: ORIGIN, 'Content-Type': 'application/json' };

export type FakeIssuer = Awaited<ReturnType<typeof startFakeIssuer>>;

/** Comment ids are 26 Crockford characters; these are fixed so tests can name them. */
export const commentId = (n: number) => `01JCXYZ${String(n).padStart(19, '0')}`;
export const receiptOf = (n: number) =>
  `ABCD-EFGH-${'23456789ABCDEFGHJKMNPQRSTUVWXYZ'.charAt(n % 31)}${'23456789'.charAt(Math.floor(n / 31) % 8)}MN`;

export function aStoredComment(n: number, overrides: Partial<Comment> = {}): Comment {
  return aComment({
    id: commentId(n),
    receipt: receiptOf(n),
    submittedAt: new Date(NOW.getTime() - (1000 - n) * 60_000).toISOString(),
    updatedAt: new Date(NOW.getTime() - (1000 - n) * 60_000).toISOString(),
    ...overrides,
  });
}

export const drafts: DraftCatalog = {
  async latest(draftId) {
    if (draftId !== 'transit-safety') return undefined;
    return {
      draftId,
      draftVersion: 2,
      draftHash: 'abcdef0123456789',
      title: {
        zh: '示例市城市公共交通安全管理条例',
        en: 'Shili City Urban Public Transport Safety Regulations',
      },
      articleIds: ['art-1', 'art-5'],
      officeName: { zh: '示例市交通运输局', en: 'Shili City Transport Bureau' },
    };
  },
};

/** The staff API over in-memory stores, signing in against a fake issuer over real HTTP. */
export function aStaffApi(issuer: FakeIssuer, clock: Clock = fixedClock(), search?: CommentSearch) {
  const base = new MemoryStore();
  base.consultations.set(TRANSPORT, anOpenConsultation({ id: TRANSPORT, officeId: 'transport' }));
  base.consultations.set(JUSTICE, anOpenConsultation({ id: JUSTICE, officeId: 'justice' }));
  const staff = new MemoryStaffStore(base, 16);
  const sessions = new MemorySessionStore();
  const clusters = new MemoryClusterStore(base);
  const logError = vi.fn();
  const stats = new MemoryStatsStore();
  const responses = new MemoryResponseStore();
  const feed = feedbackFeed({ stats, reportFailure: logError, ...(search === undefined ? {} : { search }) });
  const ensureIndexed =
    search === undefined
      ? undefined
      : indexRebuilder({ search, store: staff, countComments: (id) => base.countComments(id), shards: 16 });
  const app = createStaffApi({
    drafting: {
      stats,
      responses,
      feed,
      ...(search === undefined || ensureIndexed === undefined ? {} : { search: { search, ensureIndexed } }),
    },
    consultations: base,
    staff,
    clusters,
    sessions,
    identity: openIdProvider({
      issuer: issuer.issuer,
      ...CLIENT,
      redirectUri: `${ORIGIN}/api/staff/auth/callback`,
      scope: 'openid profile yijian',
      accessTokenType: 'at+jwt',
    }),
    drafts,
    clock,
    origin: ORIGIN,
    claims: { rolesClaim: 'yijian:roles', officeClaim: 'yijian:office' },
    policy: DEFAULT_SESSION_POLICY,
    reasons: DEFAULT_REASONS,
    commentShards: 16,
    contactRetentionDays: 180,
    logError,
  });
  const addComment = (comment: Comment, contact?: { email?: string; phone?: string }) => {
    base.comments.set(comment.receipt, comment);
    base.counters.set(
      `${comment.consultationId}#ALL`,
      (base.counters.get(`${comment.consultationId}#ALL`) ?? 0) + 1,
    );
    if (contact !== undefined) {
      base.contacts.set(comment.id, contact);
      base.contactExpiry.set(comment.id, 1);
    }
  };
  return { app, base, staff, clusters, sessions, logError, clock, addComment, stats, responses, feed };
}

export function aPrincipal(roles: Role[], office: string | null = null): StaffPrincipal {
  const username = `${roles.join('-') || 'nobody'}${office === null ? '' : `-${office}`}`;
  return { sub: username, username, name: username, roles, office };
}

/** A session cookie header for a principal, started at `at`. */
export async function aSessionCookie(
  sessions: MemorySessionStore,
  principal: StaffPrincipal,
  at: Date = NOW,
): Promise<string> {
  const { id } = await startSession(sessions, fixedClock(at), DEFAULT_SESSION_POLICY, principal, undefined);
  return `__Host-yijian-staff=${id}`;
}

/** Asserts an RFC 9457 problem document of a kind and returns it. */
export async function expectProblem(response: Response, status: number, kind: string) {
  const text = await response.text();
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  if (response.headers.get('content-type') !== PROBLEM_JSON)
    throw new Error(`not a problem document: ${text}`);
  const problem = JSON.parse(text) as Record<string, unknown>;
  if (problem.type !== `https://yijian.dev/problems/${kind}` || problem.status !== status)
    throw new Error(`expected problem ${kind}, got ${text}`);
  if (typeof problem.title !== 'string' || typeof problem.detail !== 'string' || problem.detail === '')
    throw new Error(`problem without title/detail: ${text}`);
  return problem;
}
