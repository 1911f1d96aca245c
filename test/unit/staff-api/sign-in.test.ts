import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeReturnTo } from '../../../shared/staff/sign-in.ts';
import { NOW } from '../../support/factories.ts';
import { startFakeIssuer } from '../../support/fake-issuer.ts';
import { aStaffApi, CLIENT, expectProblem, type FakeIssuer, ORIGIN } from './support.ts';

let issuer: FakeIssuer;
beforeAll(async () => {
  issuer = await startFakeIssuer(CLIENT);
});
afterAll(() => issuer.close());

const MODERATOR = {
  sub: 'moderator',
  preferred_username: 'moderator',
  name: '审核员',
  'yijian:roles': ['moderator'],
  'yijian:office': 'transport',
};

function setup() {
  let now = NOW;
  const api = aStaffApi(issuer, { now: () => new Date(now.getTime()) });
  return { ...api, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}
type Api = ReturnType<typeof setup>;

/** GET /login, as a browser: the issuer URL and the binding cookie. */
async function startLogin(api: Api, returnTo = '/staff/queue/') {
  const response = await api.app.request(`/api/staff/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  expect(response.status).toBe(302);
  const setCookie = response.headers.get('set-cookie') ?? '';
  const binding = /__Host-yijian-staff-login=([^;]+)/.exec(setCookie)?.[1] ?? '';
  return {
    authorize: new URL(response.headers.get('location') ?? ''),
    setCookie,
    cookie: `__Host-yijian-staff-login=${binding}`,
  };
}

/** The issuer signs the person in and redirects back: the callback path with its query. */
async function authorize(url: URL) {
  const response = await fetch(url, { redirect: 'manual' });
  const back = new URL(response.headers.get('location') ?? '');
  expect(back.origin + back.pathname).toBe(`${ORIGIN}/api/staff/auth/callback`);
  return back;
}

const callback = (api: Api, back: URL, cookie: string) =>
  Promise.resolve(api.app.request(`${back.pathname}${back.search}`, { headers: { Cookie: cookie } }));

describe('staff sign-in: authorization code + PKCE against the issuer', () => {
  it('signs a moderator in, sets the session cookie and returns to where they were', async () => {
    // Prepare
    const api = setup();
    issuer.next.claims = MODERATOR;

    // Act
    const login = await startLogin(api);
    const back = await authorize(login.authorize);
    const response = await callback(api, back, login.cookie);

    // Assess
    expect(login.authorize.origin).toBe(issuer.issuer);
    expect(login.authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(login.authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(login.authorize.searchParams.get('nonce')).toBeTruthy();
    // The issuer asks for the password every time, so signing out here cannot be undone by a click.
    expect(login.authorize.searchParams.get('prompt')).toBe('login');
    expect(login.authorize.searchParams.get('redirect_uri')).toBe(`${ORIGIN}/api/staff/auth/callback`);
    expect(login.setCookie).toMatch(/HttpOnly/i);
    expect(login.setCookie).toMatch(/Secure/i);
    expect(login.setCookie).toMatch(/SameSite=Lax/i);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/staff/queue/');
    const session = response.headers.getSetCookie().find((c) => c.startsWith('__Host-yijian-staff='));
    expect(session).toMatch(/^__Host-yijian-staff=[A-Za-z0-9_-]{43}; /);
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/Secure/);
    expect(session).toMatch(/SameSite=Strict/);
    expect(session).toMatch(/Path=\//);
    expect(session).not.toMatch(/Domain=/i);
    const me = await api.app.request('/api/staff/me', {
      headers: { Cookie: (session ?? '').split(';')[0] ?? '' },
    });
    expect(await me.json()).toEqual({
      sub: 'moderator',
      username: 'moderator',
      name: '审核员',
      roles: ['moderator'],
      office: 'transport',
      sessionExpiresAt: new Date(NOW.getTime() + 30 * 60_000).toISOString(),
    });
    // The table keeps only a hash of the session id.
    const id = (session ?? '').split(';')[0]?.split('=')[1] ?? '';
    expect([...api.sessions.sessions.keys()]).not.toContain(id);
  });
});

describe('a forged, replayed or mismatched callback signs nobody in (400 problem)', () => {
  it('refuses a replayed callback', async () => {
    const api = setup();
    issuer.next.claims = MODERATOR;
    const login = await startLogin(api);
    const back = await authorize(login.authorize);
    expect((await callback(api, back, login.cookie)).status).toBe(302);
    await expectProblem(await callback(api, back, login.cookie), 400, 'sign-in-failed');
    expect(api.sessions.sessions.size).toBe(1);
  });

  it.each([
    [
      'a forged state',
      (back: URL) => back.searchParams.set('state', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
    ],
    ['no state', (back: URL) => back.searchParams.delete('state')],
    ['a state with odd characters', (back: URL) => back.searchParams.set('state', '<script>')],
  ])('refuses %s', async (_case, tamper) => {
    const api = setup();
    issuer.next.claims = MODERATOR;
    const login = await startLogin(api);
    const back = await authorize(login.authorize);
    tamper(back);
    await expectProblem(await callback(api, back, login.cookie), 400, 'sign-in-failed');
    expect(api.sessions.sessions.size).toBe(0);
  });

  it.each([
    ['no binding cookie', ''],
    [
      'another browser’s binding cookie',
      '__Host-yijian-staff-login=BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB',
    ],
  ])('refuses a callback with %s (login CSRF)', async (_case, cookie) => {
    const api = setup();
    issuer.next.claims = MODERATOR;
    const login = await startLogin(api);
    const back = await authorize(login.authorize);
    await expectProblem(await callback(api, back, cookie), 400, 'sign-in-failed');
    expect(api.sessions.sessions.size).toBe(0);
  });

  it('refuses an ID token whose nonce is not the one sent', async () => {
    const api = setup();
    issuer.next.claims = MODERATOR;
    issuer.next.nonceOverride = 'another-nonce';
    try {
      const login = await startLogin(api);
      const back = await authorize(login.authorize);
      await expectProblem(await callback(api, back, login.cookie), 400, 'sign-in-failed');
      expect(api.sessions.sessions.size).toBe(0);
    } finally {
      delete issuer.next.nonceOverride;
    }
  });

  it('refuses a code issued to another sign-in (PKCE verifier mismatch, code injection)', async () => {
    const api = setup();
    issuer.next.claims = MODERATOR;
    const victim = await startLogin(api);
    const attacker = await startLogin(api);
    const attackerBack = await authorize(attacker.authorize);
    const victimBack = await authorize(victim.authorize);
    // The attacker's code with the victim's state and browser: the verifier kept for the victim does not match.
    victimBack.searchParams.set('code', attackerBack.searchParams.get('code') ?? '');
    await expectProblem(await callback(api, victimBack, victim.cookie), 400, 'sign-in-failed');
    expect(api.sessions.sessions.size).toBe(0);
  });

  it('refuses a sign-in completed after ten minutes', async () => {
    const api = setup();
    issuer.next.claims = MODERATOR;
    const login = await startLogin(api);
    const back = await authorize(login.authorize);
    api.advance(10 * 60_000 + 1000);
    await expectProblem(await callback(api, back, login.cookie), 400, 'sign-in-failed');
  });

  it('refuses an error answer from the issuer', async () => {
    const api = setup();
    const login = await startLogin(api);
    const state = login.authorize.searchParams.get('state') ?? '';
    const response = await api.app.request(
      `/api/staff/auth/callback?error=access_denied&state=${state}&iss=${encodeURIComponent(issuer.issuer)}`,
      {
        headers: { Cookie: login.cookie },
      },
    );
    await expectProblem(response, 400, 'sign-in-failed');
    expect(api.sessions.sessions.size).toBe(0);
  });
});

describe('returnTo never becomes an open redirect', () => {
  it.each([
    ['https://evil.example/staff/', '/staff/'],
    ['//evil.example/staff/', '/staff/'],
    ['/\\evil.example/staff/', '/staff/'],
    ['\\\\evil.example', '/staff/'],
    ['javascript:alert(1)', '/staff/'],
    ['/staff/../oidc/session/end', '/staff/'],
    ['/staff/%2e%2e/api/x', '/staff/'],
    ['/other/', '/staff/'],
    ['/staff/\n/x', '/staff/'],
    ['', '/staff/'],
    ['/staff/queue/?status=rejected#c-1', '/staff/queue/?status=rejected#c-1'],
    ['/en/staff/consultations/', '/en/staff/consultations/'],
  ])('%j → %s', (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });

  it('sends the browser to /staff/ after signing in when returnTo pointed elsewhere', async () => {
    const api = setup();
    issuer.next.claims = MODERATOR;
    const login = await startLogin(api, 'https://evil.example/');
    const response = await callback(api, await authorize(login.authorize), login.cookie);
    expect(response.headers.get('location')).toBe('/staff/');
  });
});
