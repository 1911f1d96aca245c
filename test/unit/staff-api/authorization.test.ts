import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/staff/principal.ts';
import { DEFAULT_SESSION_POLICY } from '../../../shared/staff/sessions.ts';
import { fixedClock, NOW } from '../../support/factories.ts';
import { startFakeIssuer } from '../../support/fake-issuer.ts';
import {
  aPrincipal,
  aSessionCookie,
  aStaffApi,
  aStoredComment,
  CLIENT,
  commentId,
  expectProblem,
  type FakeIssuer,
  JUSTICE,
  STAFF_HEADERS,
  TRANSPORT,
} from './support.ts';

let issuer: FakeIssuer;
beforeAll(async () => {
  issuer = await startFakeIssuer(CLIENT);
});
afterAll(() => issuer.close());

type Api = ReturnType<typeof aStaffApi>;
interface Route {
  name: string;
  method: 'GET' | 'POST';
  path: (consultation: string) => string;
  body?: () => unknown;
  /** Roles allowed; 'any' = any signed-in person, even without a role. */
  allowed: readonly Role[] | 'any';
  /** Concerns one consultation, so office scope applies. */
  scoped: boolean;
  ok: number;
}

const c1 = commentId(1);
const ROUTES: Route[] = [
  { name: 'me', method: 'GET', path: () => '/api/staff/me', allowed: 'any', scoped: false, ok: 200 },
  {
    name: 'reasons',
    method: 'GET',
    path: () => '/api/staff/moderation-reasons',
    allowed: ['admin', 'moderator', 'drafter'],
    scoped: false,
    ok: 200,
  },
  {
    name: 'list consultations',
    method: 'GET',
    path: () => '/api/staff/consultations',
    allowed: ['admin', 'moderator', 'drafter'],
    scoped: false,
    ok: 200,
  },
  {
    name: 'register consultation',
    method: 'POST',
    path: () => '/api/staff/consultations',
    body: () => ({
      id: 'new-rules-2027',
      draftId: 'transit-safety',
      office: 'transport',
      opensAt: '2026-12-01T09:00',
      closesAt: '2027-01-05T18:00',
    }),
    allowed: ['admin'],
    scoped: false,
    ok: 201,
  },
  {
    name: 'change window',
    method: 'POST',
    path: (id) => `/api/staff/consultations/${id}/window`,
    body: () => ({
      action: 'extend',
      closesAt: '2027-03-01T00:00',
      notice: { zh: '延长征求意见期。', en: 'Window extended.' },
    }),
    allowed: ['admin'],
    scoped: true,
    ok: 200,
  },
  {
    name: 'queue',
    method: 'GET',
    path: (id) => `/api/staff/consultations/${id}/comments`,
    allowed: ['admin', 'moderator', 'drafter'],
    scoped: true,
    ok: 200,
  },
  {
    name: 'comment',
    method: 'GET',
    path: (id) => `/api/staff/consultations/${id}/comments/${c1}`,
    allowed: ['admin', 'moderator', 'drafter'],
    scoped: true,
    ok: 200,
  },
  {
    name: 'contact',
    method: 'GET',
    path: (id) => `/api/staff/consultations/${id}/comments/${c1}/contact`,
    allowed: ['admin', 'drafter'],
    scoped: true,
    ok: 200,
  },
  {
    name: 'moderation',
    method: 'POST',
    path: (id) => `/api/staff/consultations/${id}/moderation`,
    body: () => ({ action: 'publish', items: [{ commentId: c1, version: 0 }] }),
    allowed: ['admin', 'moderator'],
    scoped: true,
    ok: 200,
  },
  {
    name: 'clusters',
    method: 'GET',
    path: (id) => `/api/staff/consultations/${id}/clusters?status=pending&article=art-5`,
    allowed: ['admin', 'moderator', 'drafter'],
    scoped: true,
    ok: 200,
  },
  {
    name: 'cluster decision',
    method: 'POST',
    path: (id) => `/api/staff/consultations/${id}/clusters/${c1}/moderation`,
    body: () => ({ action: 'spam' }),
    allowed: ['admin', 'moderator'],
    scoped: true,
    ok: 200,
  },
  {
    name: 'recluster',
    method: 'POST',
    path: (id) => `/api/staff/consultations/${id}/recluster`,
    allowed: ['admin'],
    scoped: true,
    ok: 200,
  },
  {
    name: 'audit',
    method: 'GET',
    path: (id) => `/api/staff/consultations/${id}/audit`,
    allowed: ['admin', 'moderator', 'drafter'],
    scoped: true,
    ok: 200,
  },
  {
    name: 'feedback statistics',
    method: 'GET',
    path: (id) => `/api/staff/consultations/${id}/stats`,
    allowed: ['admin', 'drafter'],
    scoped: true,
    ok: 200,
  },
  {
    name: 'responses',
    method: 'GET',
    path: (id) => `/api/staff/consultations/${id}/responses`,
    allowed: ['admin', 'moderator', 'drafter'],
    scoped: true,
    ok: 200,
  },
  {
    name: 'response history',
    method: 'GET',
    path: (id) => `/api/staff/consultations/${id}/responses?scope=comment&target=${c1}`,
    allowed: ['admin', 'moderator', 'drafter'],
    scoped: true,
    ok: 200,
  },
  {
    name: 'answer a comment',
    method: 'POST',
    path: (id) => `/api/staff/consultations/${id}/responses`,
    body: () => ({
      target: { kind: 'comment', commentId: c1 },
      decision: 'partly-adopted',
      reason: { zh: '部分采纳：第五条已修改。' },
    }),
    allowed: ['admin', 'drafter'],
    scoped: true,
    ok: 200,
  },
  {
    name: 'answer an article',
    method: 'POST',
    path: (id) => `/api/staff/consultations/${id}/responses`,
    body: () => ({
      target: { kind: 'article', articleId: 'whole' },
      decision: 'noted',
      reason: { zh: '已研究。', en: 'Noted.' },
    }),
    allowed: ['admin', 'drafter'],
    scoped: true,
    ok: 200,
  },
  {
    name: 'logout',
    method: 'POST',
    path: () => '/api/staff/auth/logout',
    allowed: 'any',
    scoped: false,
    ok: 204,
  },
];

function setup() {
  const api = aStaffApi(issuer);
  for (const id of [TRANSPORT, JUSTICE])
    api.addComment(
      aStoredComment(1, { consultationId: id, receipt: `ABCD-EFGH-${id === TRANSPORT ? 'JKMN' : 'JKMP'}` }),
      { email: 'citizen@example.cn' },
    );
  return api;
}

function call(api: Api, route: Route, consultation: string, headers: Record<string, string>) {
  return Promise.resolve(
    api.app.request(route.path(consultation), {
      method: route.method,
      headers: route.method === 'POST' ? { ...STAFF_HEADERS, ...headers } : headers,
      ...(route.body === undefined ? {} : { body: JSON.stringify(route.body()) }),
    }),
  );
}

const bearer = async (how: Parameters<FakeIssuer['accessToken']>[1] = {}) => ({
  Authorization: `Bearer ${await issuer.accessToken({ sub: 'admin', preferred_username: 'admin', 'yijian:roles': ['admin'] }, how)}`,
});

describe('every staff route refuses callers who are not signed in properly (401 problem)', () => {
  const bad: [string, (api: Api) => Promise<Record<string, string>>][] = [
    ['no session', async () => ({})],
    [
      'a session idle for 30 minutes',
      async (api) => ({
        Cookie: await aSessionCookie(
          api.sessions,
          aPrincipal(['admin']),
          new Date(NOW.getTime() - DEFAULT_SESSION_POLICY.idleMinutes * 60_000),
        ),
      }),
    ],
    [
      'a session past its absolute 12 hours (though active)',
      async (api) => {
        const cookie = await aSessionCookie(
          api.sessions,
          aPrincipal(['admin']),
          new Date(NOW.getTime() - 12 * 3_600_000),
        );
        for (const session of api.sessions.sessions.values()) session.lastSeenAt = NOW.toISOString();
        return { Cookie: cookie };
      },
    ],
    [
      'a tampered session cookie',
      async (api) => {
        const cookie = await aSessionCookie(api.sessions, aPrincipal(['admin']));
        const last = cookie.at(-1) === 'A' ? 'B' : 'A';
        return { Cookie: `${cookie.slice(0, -1)}${last}` };
      },
    ],
    ['a malformed session cookie', async () => ({ Cookie: '__Host-yijian-staff=../../etc' })],
    ['a bearer token from another issuer', () => bearer({ issuer: 'https://evil.example' })],
    ['a bearer token signed by another key', () => bearer({ otherKey: true })],
    ['an expired bearer token', () => bearer({ expired: true })],
    ['a bearer token for another audience', () => bearer({ audience: 'yijian-staff' })],
    ['a bearer token that is not an access token (typ JWT)', () => bearer({ typ: 'JWT' })],
    ['a bearer header that is not a JWT', async () => ({ Authorization: 'Bearer not a token' })],
    ['basic authentication', async () => ({ Authorization: 'Basic YWRtaW46YWRtaW4=' })],
  ];
  for (const route of ROUTES) {
    it.each(bad)(`${route.method} ${route.name}: 401 with %s`, async (_case, credentials) => {
      // Prepare
      const api = setup();
      const before = JSON.stringify([...api.base.consultations.values(), ...api.base.comments.values()]);

      // Act
      const response = await call(api, route, TRANSPORT, await credentials(api));

      // Assess
      await expectProblem(response, 401, 'unauthenticated');
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(JSON.stringify([...api.base.consultations.values(), ...api.base.comments.values()])).toBe(
        before,
      );
      expect(api.staff.audit).toEqual([]);
    });
  }
});

describe('roles decide what each staff route allows (403 problem otherwise)', () => {
  const roles: [string, Role[]][] = [
    ['admin', ['admin']],
    ['moderator', ['moderator']],
    ['drafter', ['drafter']],
    ['no role', []],
  ];
  for (const route of ROUTES) {
    it.each(roles)(`${route.method} ${route.name} as %s`, async (_name, held) => {
      // Prepare
      const api = setup();
      const cookie = await aSessionCookie(api.sessions, aPrincipal(held));

      // Act
      const response = await call(api, route, TRANSPORT, { Cookie: cookie });

      // Assess
      const allowed =
        route.allowed === 'any' || held.some((r) => (route.allowed as readonly Role[]).includes(r));
      if (allowed) expect(response.status, await response.clone().text()).toBe(route.ok);
      else {
        await expectProblem(response, 403, 'forbidden');
        expect(api.staff.audit).toEqual([]);
      }
    });
  }

  it('accepts a valid bearer access token with its roles', async () => {
    const api = setup();
    const response = await api.app.request(`/api/staff/consultations/${TRANSPORT}/comments`, {
      headers: await bearer(),
    });
    expect(response.status).toBe(200);
    const me = await api.app.request('/api/staff/me', { headers: await bearer() });
    expect(await me.json()).toMatchObject({
      sub: 'admin',
      roles: ['admin'],
      office: null,
      sessionExpiresAt: null,
    });
  });
});

describe('office scope: staff of one office never see another office’s consultation (404 problem)', () => {
  const scoped = ROUTES.filter((r) => r.scoped);
  it.each(scoped.map((r) => [r.name, r] as const))(
    '%s of another office answers 404',
    async (_name, route) => {
      // Prepare
      const api = setup();
      const cookie = await aSessionCookie(
        api.sessions,
        aPrincipal(['admin', 'moderator', 'drafter'], 'transport'),
      );

      // Act
      const foreign = await call(api, route, JUSTICE, { Cookie: cookie });
      const own = await call(api, route, TRANSPORT, { Cookie: cookie });

      // Assess
      await expectProblem(foreign, 404, 'not-found');
      expect(own.status).toBe(route.ok);
    },
  );

  it('lists only the own office’s consultations', async () => {
    const api = setup();
    const cookie = await aSessionCookie(api.sessions, aPrincipal(['moderator'], 'transport'));
    const response = await api.app.request('/api/staff/consultations', { headers: { Cookie: cookie } });
    const { items } = (await response.json()) as { items: { id: string; officeId: string }[] };
    expect(items.map((i) => [i.id, i.officeId])).toEqual([[TRANSPORT, 'transport']]);
  });

  it('refuses an office-scoped admin registering for another office (403)', async () => {
    const api = setup();
    const cookie = await aSessionCookie(api.sessions, aPrincipal(['admin'], 'transport'));
    const response = await api.app.request('/api/staff/consultations', {
      method: 'POST',
      headers: { ...STAFF_HEADERS, Cookie: cookie },
      body: JSON.stringify({
        id: 'x-rules-2027',
        draftId: 'transit-safety',
        office: 'justice',
        opensAt: '2026-12-01T09:00',
        closesAt: '2027-01-05T18:00',
      }),
    });
    await expectProblem(response, 403, 'forbidden');
    expect(api.base.consultations.has('x-rules-2027')).toBe(false);
  });
});

describe('state-changing requests need the staff header and the same origin (403 problem)', () => {
  const posts = ROUTES.filter((r) => r.method === 'POST');
  it.each(
    posts.flatMap(
      (r) =>
        [
          [r.name, 'without X-Yijian-Staff', r, { 'X-Yijian-Staff': '' }],
          [r.name, 'with X-Yijian-Staff: 0', r, { 'X-Yijian-Staff': '0' }],
          [r.name, 'from another origin', r, { Origin: 'https://evil.example' }],
          [r.name, 'from a look-alike origin', r, { Origin: 'https://yijian.example.gov.cn.evil.example' }],
        ] as const,
    ),
  )('%s %s', async (_name, _case, route, headers) => {
    const api = setup();
    const cookie = await aSessionCookie(api.sessions, aPrincipal(['admin']));
    const before = JSON.stringify([...api.base.consultations.values(), ...api.base.comments.values()]);
    const response = await call(api, route, TRANSPORT, { Cookie: cookie, ...headers });
    await expectProblem(response, 403, 'forbidden');
    expect(JSON.stringify([...api.base.consultations.values(), ...api.base.comments.values()])).toBe(before);
    expect(api.sessions.sessions.size).toBe(1);
  });
});

describe('sessions', () => {
  it('slides the idle timeout with activity and tells the console when it ends', async () => {
    const at = new Date(NOW.getTime() + 20 * 60_000);
    const api = aStaffApi(issuer, fixedClock(at));
    const cookie = await aSessionCookie(api.sessions, aPrincipal(['moderator']));
    const me = await api.app.request('/api/staff/me', { headers: { Cookie: cookie } });
    expect(((await me.json()) as { sessionExpiresAt: string }).sessionExpiresAt).toBe(
      new Date(at.getTime() + 30 * 60_000).toISOString(),
    );
  });

  it('logout ends this session only; ?everywhere=1 ends all of the person’s sessions', async () => {
    const api = setup();
    const principal = aPrincipal(['moderator']);
    const [a, b, c] = [
      await aSessionCookie(api.sessions, principal),
      await aSessionCookie(api.sessions, principal),
      await aSessionCookie(api.sessions, principal),
    ];
    const other = await aSessionCookie(api.sessions, aPrincipal(['admin']));
    const logout = (cookie: string, query = '') =>
      api.app.request(`/api/staff/auth/logout${query}`, {
        method: 'POST',
        headers: { ...STAFF_HEADERS, Cookie: cookie },
      });

    expect((await logout(a)).status).toBe(204);
    expect((await api.app.request('/api/staff/me', { headers: { Cookie: a } })).status).toBe(401);
    expect((await api.app.request('/api/staff/me', { headers: { Cookie: b } })).status).toBe(200);

    const everywhere = await logout(b, '?everywhere=1');
    expect(everywhere.status).toBe(204);
    expect(everywhere.headers.get('set-cookie')).toMatch(/^__Host-yijian-staff=;/);
    for (const cookie of [b, c])
      expect((await api.app.request('/api/staff/me', { headers: { Cookie: cookie } })).status).toBe(401);
    expect((await api.app.request('/api/staff/me', { headers: { Cookie: other } })).status).toBe(200);
  });
});
