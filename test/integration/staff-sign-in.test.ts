import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createIssuer, type Issuer } from '../../functions/oidc-issuer/issuer.ts';
import { mountAt } from '../../functions/oidc-issuer/node-mount.ts';
import { generateIssuerSecrets } from '../../functions/oidc-issuer/secrets.ts';
import { createStaffApi } from '../../functions/staff-api/app.ts';
import { openIdProvider } from '../../functions/staff-api/oidc.ts';
import { freePort } from '../../scripts/local/dynamodb-local.ts';
import { DEFAULT_REASONS } from '../../shared/moderation/reasons.ts';
import { systemClock } from '../../shared/ports.ts';
import { createSignIn, newStaffAccount } from '../../shared/staff/accounts.ts';
import { argon2Hasher } from '../../shared/staff/accounts-argon2.ts';
import { DEFAULT_SESSION_POLICY } from '../../shared/staff/sessions.ts';
import { DynamoClusterStore } from '../../shared/store/dynamodb/cluster-store.ts';
import { DynamoDbStaffAccountStore } from '../../shared/store/dynamodb/oidc-account-store.ts';
import { dynamoDbOidcAdapter } from '../../shared/store/dynamodb/oidc-adapter.ts';
import { DynamoSessionStore } from '../../shared/store/dynamodb/staff-sessions.ts';
import { DynamoStaffStore } from '../../shared/store/dynamodb/staff-store.ts';
import { aFreshTable, STORE_OPTIONS } from '../support/dynamodb.ts';
import { anOpenConsultation } from '../support/factories.ts';

/**
 * The staff API and the built-in issuer on one origin, as `npm start` serves them, with every item in
 * DynamoDB Local: a moderator signs in through the issuer's login form and uses the API with the cookie.
 */
let table: Awaited<ReturnType<typeof aFreshTable>>;
let server: Server;
let issuer: Issuer;
let origin: string;
let sessions: DynamoSessionStore;

beforeAll(async () => {
  table = await aFreshTable(inject('dynamoEndpoint'), 'staff-signin');
  const accounts = new DynamoDbStaffAccountStore(table.client, table.tableName);
  await accounts.create(
    await newStaffAccount(argon2Hasher, {
      username: 'moderator-transport',
      name: '交通审核员',
      roles: ['moderator'],
      office: 'transport',
      password: 'correct horse battery',
    }),
  );
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  issuer = createIssuer({
    origin,
    secrets: await generateIssuerSecrets(),
    accounts,
    signIn: createSignIn({ accounts, hasher: argon2Hasher, now: () => new Date() }),
    adapter: dynamoDbOidcAdapter(table.client, { tableName: table.tableName }),
    trustProxy: false,
  });
  const options = { tableName: table.tableName, ...STORE_OPTIONS };
  sessions = new DynamoSessionStore(table.client, table.tableName);
  await table.store.createConsultation(
    anOpenConsultation({
      id: 'transit-safety-2026',
      officeId: 'transport',
      opensAt: new Date(Date.now() - 86_400_000).toISOString(),
      closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    }),
  );
  await table.store.createConsultation(anOpenConsultation({ id: 'justice-rules-2026', officeId: 'justice' }));
  const api = createStaffApi({
    consultations: table.store,
    staff: new DynamoStaffStore(table.client, options),
    clusters: new DynamoClusterStore(table.client, options),
    sessions,
    identity: openIdProvider({
      issuer: issuer.issuerUrl,
      clientId: issuer.client.clientId,
      clientSecret: issuer.client.clientSecret,
      redirectUri: issuer.client.redirectUri,
      scope: issuer.client.scope,
      audience: issuer.resource,
      accessTokenType: 'at+jwt',
    }),
    drafts: { latest: async () => undefined },
    clock: systemClock,
    origin,
    claims: { rolesClaim: 'yijian:roles', officeClaim: 'yijian:office' },
    policy: DEFAULT_SESSION_POLICY,
    reasons: DEFAULT_REASONS,
    commentShards: 16,
    contactRetentionDays: 180,
    logError: (message, { error }) => console.error(message, error),
  });
  const callback = issuer.provider.callback();
  server = createServer(mountAt('/oidc', () => callback, getRequestListener(api.fetch)));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await table.drop();
});

/** A browser in miniature: follows nothing by itself, remembers cookies by name. */
function browser() {
  const jar = new Map<string, string>();
  return {
    jar,
    async request(url: string | URL, init: RequestInit = {}) {
      const response = await fetch(new URL(url, origin), {
        ...init,
        redirect: 'manual',
        headers: {
          ...(init.headers as Record<string, string>),
          cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        },
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const [name, ...value] = (pair ?? '').split('=');
        if (name) {
          if (value.join('') === '') jar.delete(name.trim());
          else jar.set(name.trim(), value.join('='));
        }
      }
      return response;
    },
  };
}

describe('staff sign-in through the built-in issuer', () => {
  it('signs a moderator in with the login form, keeps the session in DynamoDB and ends it on logout', async () => {
    const b = browser();
    const login = await b.request('/api/staff/auth/login?returnTo=/staff/queue/');
    expect(login.status).toBe(302);
    let next = new URL(login.headers.get('location') ?? '');
    expect(next.href.startsWith(`${issuer.issuerUrl}/`)).toBe(true);
    // Issuer: authorize → interaction page → form post → resume → back to our callback.
    const toInteraction = await b.request(next);
    const loginPage = new URL(toInteraction.headers.get('location') ?? '', origin);
    const posted = await b.request(loginPage, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: new URLSearchParams({
        username: 'moderator-transport',
        password: 'correct horse battery',
      }).toString(),
    });
    next = new URL(posted.headers.get('location') ?? '', origin);
    const resumed = await b.request(next);
    const back = new URL(resumed.headers.get('location') ?? '', origin);
    expect(back.pathname).toBe('/api/staff/auth/callback');

    const done = await b.request(back);
    expect(done.status, await done.clone().text()).toBe(302);
    expect(done.headers.get('location')).toBe('/staff/queue/');
    expect(b.jar.has('__Host-yijian-staff')).toBe(true);

    const me = await b.request('/api/staff/me');
    expect(await me.json()).toMatchObject({
      sub: 'moderator-transport',
      roles: ['moderator'],
      office: 'transport',
    });
    const list = await b.request('/api/staff/consultations');
    expect(((await list.json()) as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([
      'transit-safety-2026',
    ]);
    expect((await table.itemsOf('staff-session')).length).toBe(1);

    // Replaying the callback signs nobody in.
    const replay = await browser().request(back);
    expect(replay.status).toBe(400);

    const logout = await b.request('/api/staff/auth/logout?everywhere=1', {
      method: 'POST',
      headers: { 'X-Yijian-Staff': '1', Origin: origin },
    });
    expect(logout.status).toBe(204);
    expect((await b.request('/api/staff/me')).status).toBe(401);
    expect((await table.itemsOf('staff-session')).length).toBe(0);
    expect((await table.itemsOf('staff-user-session')).length).toBe(0);
  });

  it('accepts the issuer’s access token as a bearer token', async () => {
    const config = await client.discovery(
      new URL(issuer.issuerUrl),
      issuer.client.clientId,
      issuer.client.clientSecret,
      undefined,
      {
        execute: [client.allowInsecureRequests],
      },
    );
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const b = browser();
    const toInteraction = await b.request(
      client.buildAuthorizationUrl(config, {
        redirect_uri: issuer.client.redirectUri,
        scope: issuer.client.scope,
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
      }),
    );
    const loginPage = new URL(toInteraction.headers.get('location') ?? '', origin);
    const posted = await b.request(loginPage, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: new URLSearchParams({
        username: 'moderator-transport',
        password: 'correct horse battery',
      }).toString(),
    });
    const resumed = await b.request(new URL(posted.headers.get('location') ?? '', origin));
    const tokens = await client.authorizationCodeGrant(
      config,
      new URL(resumed.headers.get('location') ?? ''),
      {
        pkceCodeVerifier: verifier,
        expectedState: state,
      },
    );

    const queue = await fetch(`${origin}/api/staff/consultations/transit-safety-2026/comments`, {
      headers: { Authorization: `Bearer ${tokens.access_token}` },
    });
    expect(queue.status).toBe(200);
    const foreign = await fetch(`${origin}/api/staff/consultations/justice-rules-2026/comments`, {
      headers: { Authorization: `Bearer ${tokens.access_token}` },
    });
    expect(foreign.status).toBe(404);
    // The ID token is for the client, not the API: refused as a bearer token.
    const idToken = await fetch(`${origin}/api/staff/me`, {
      headers: { Authorization: `Bearer ${tokens.id_token}` },
    });
    expect(idToken.status).toBe(401);
  });
});
