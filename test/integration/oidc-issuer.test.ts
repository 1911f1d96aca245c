import { createServer, type Server } from 'node:http';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createIssuer, type Issuer } from '../../functions/oidc-issuer/issuer.ts';
import { mountAt } from '../../functions/oidc-issuer/node-mount.ts';
import { generateIssuerSecrets } from '../../functions/oidc-issuer/secrets.ts';
import { freePort } from '../../scripts/local/dynamodb-local.ts';
import { createSignIn, newStaffAccount } from '../../shared/staff/accounts.ts';
import { argon2Hasher } from '../../shared/staff/accounts-argon2.ts';
import { DynamoDbStaffAccountStore } from '../../shared/store/dynamodb/oidc-account-store.ts';
import { dynamoDbOidcAdapter } from '../../shared/store/dynamodb/oidc-adapter.ts';
import { aFreshTable } from '../support/dynamodb.ts';

type Table = Awaited<ReturnType<typeof aFreshTable>>;

let table: Table;
let server: Server;
let issuer: Issuer;
let origin: string;

beforeAll(async () => {
  table = await aFreshTable(inject('dynamoEndpoint'), 'oidc');
  const accounts = new DynamoDbStaffAccountStore(table.client, table.tableName);
  for (const fields of [
    {
      username: 'moderator-transport',
      name: '交通审核员',
      roles: ['moderator'] as const,
      office: 'transport',
    },
    { username: 'admin', name: '管理员', roles: ['admin'] as const, office: null },
    { username: 'drafter', name: '起草人', roles: ['drafter'] as const, office: null },
  ]) {
    await accounts.create(
      await newStaffAccount(argon2Hasher, {
        ...fields,
        roles: [...fields.roles],
        password: 'correct horse battery',
      }),
    );
  }
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
  const callback = issuer.provider.callback();
  // Stands in for the staff API's callback route: it only has to exist.
  server = createServer(
    mountAt(
      '/oidc',
      () => callback,
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('client');
      },
    ),
  );
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
    async request(url: string | URL, init: RequestInit = {}) {
      const response = await fetch(url, {
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
        if (name) jar.set(name.trim(), value.join('='));
      }
      return response;
    },
  };
}

async function startSignIn(config: client.Configuration) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: issuer.client.redirectUri,
    scope: issuer.client.scope,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const b = browser();
  const toLogin = await b.request(url);
  expect(toLogin.status).toBe(303);
  const loginUrl = new URL(toLogin.headers.get('location') ?? '', origin);
  return { b, verifier, state, nonce, loginUrl };
}

function postLogin(b: ReturnType<typeof browser>, loginUrl: URL, username: string, password: string) {
  return b.request(loginUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams({ username, password }).toString(),
  });
}

async function discover() {
  return client.discovery(
    new URL(issuer.issuerUrl),
    issuer.client.clientId,
    issuer.client.clientSecret,
    undefined,
    {
      execute: [client.allowInsecureRequests],
    },
  );
}

describe('the built-in issuer over HTTP', () => {
  it('signs a moderator in with authorization code + PKCE and tells roles and office in the ID token', async () => {
    const config = await discover();
    expect(config.serverMetadata().issuer).toBe(`${origin}/oidc`);
    expect(config.serverMetadata().code_challenge_methods_supported).toEqual(['S256']);

    const { b, verifier, state, nonce, loginUrl } = await startSignIn(config);
    expect(loginUrl.pathname).toMatch(/^\/oidc\/interaction\/[\w-]+$/);
    const page = await b.request(loginUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('autocomplete="username"');
    expect(html).toContain('autocomplete="current-password"');
    expect(html).toContain(`action="${loginUrl.pathname}"`);

    const afterLogin = await postLogin(b, loginUrl, 'Moderator-Transport ', 'correct horse battery');
    expect(afterLogin.status).toBe(303);
    const resumed = await b.request(new URL(afterLogin.headers.get('location') ?? '', origin));
    expect(resumed.status).toBe(303);
    const callbackUrl = new URL(resumed.headers.get('location') ?? '');
    expect(`${callbackUrl.origin}${callbackUrl.pathname}`).toBe(issuer.client.redirectUri);

    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    expect(claims).toMatchObject({
      iss: `${origin}/oidc`,
      aud: 'yijian-staff',
      sub: 'moderator-transport',
      preferred_username: 'moderator-transport',
      name: '交通审核员',
      'yijian:roles': ['moderator'],
      'yijian:office': 'transport',
    });
    expect((claims?.exp ?? 0) - (claims?.iat ?? 0)).toBeLessThanOrEqual(600);

    // The access token is a JWT for the staff API, verifiable against the published keys alone.
    const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri ?? ''));
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, {
      issuer: issuer.issuerUrl,
      audience: issuer.resource,
      typ: 'at+jwt',
    });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload).toMatchObject({
      sub: 'moderator-transport',
      'yijian:roles': ['moderator'],
      'yijian:office': 'transport',
    });
    expect(decodeProtectedHeader(tokens.id_token ?? '').alg).toBe('RS256');
  });

  it('leaves the office claim out for an account that covers every office', async () => {
    const config = await discover();
    const { b, verifier, state, nonce, loginUrl } = await startSignIn(config);
    const afterLogin = await postLogin(b, loginUrl, 'admin', 'correct horse battery');
    const resumed = await b.request(new URL(afterLogin.headers.get('location') ?? '', origin));
    const tokens = await client.authorizationCodeGrant(
      config,
      new URL(resumed.headers.get('location') ?? ''),
      {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce,
      },
    );
    expect(tokens.claims()).toMatchObject({ sub: 'admin', 'yijian:roles': ['admin'] });
    expect(tokens.claims()).not.toHaveProperty('yijian:office');
  });

  it('refuses a code replayed or exchanged without its PKCE verifier', async () => {
    const config = await discover();
    const { b, verifier, state, nonce, loginUrl } = await startSignIn(config);
    const afterLogin = await postLogin(b, loginUrl, 'admin', 'correct horse battery');
    const resumed = await b.request(new URL(afterLogin.headers.get('location') ?? '', origin));
    const callbackUrl = new URL(resumed.headers.get('location') ?? '');
    await expect(
      client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: client.randomPKCECodeVerifier(),
        expectedState: state,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
    });
    await expect(
      client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses an authorization request without PKCE', async () => {
    const config = await discover();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: issuer.client.redirectUri,
      scope: issuer.client.scope,
      state: client.randomState(),
    });
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_request');
  });

  it('locks an account after five wrong passwords, even against the right one, and says until when', async () => {
    const config = await discover();
    const { b, loginUrl } = await startSignIn(config);
    for (let attempt = 1; attempt <= 4; attempt++) {
      const wrong = await postLogin(b, loginUrl, 'drafter', `wrong ${attempt}`);
      expect(wrong.status).toBe(401);
      expect(await wrong.text()).toContain('用户名或密码不正确');
    }
    const fifth = await postLogin(b, loginUrl, 'drafter', 'wrong 5');
    expect(fifth.status).toBe(429);
    expect(Number(fifth.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    expect(await fifth.text()).toMatch(/账户已暂时锁定[\s\S]*Beijing time/);
    const right = await postLogin(b, loginUrl, 'drafter', 'correct horse battery');
    expect(right.status).toBe(429);
  });

  it('refuses a login form posted from another origin', async () => {
    const config = await discover();
    const { b, loginUrl } = await startSignIn(config);
    const response = await b.request(loginUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'username=admin&password=correct+horse+battery',
    });
    expect(response.status).toBe(403);
  });

  it('refuses a login form posted without the interaction cookie', async () => {
    const config = await discover();
    const { loginUrl } = await startSignIn(config);
    const response = await postLogin(browser(), loginUrl, 'admin', 'correct horse battery');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('登录请求已过期或无效');
  });
});
