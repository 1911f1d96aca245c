import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

/**
 * A small OpenID provider for tests, served over real HTTP with real keys: discovery, JWKS, an authorize
 * endpoint that signs in whoever the test says, and a token endpoint that checks the PKCE verifier. It lets
 * the staff API's openid-client and jose code run unmodified, without the built-in issuer's login pages.
 */
export async function startFakeIssuer(options: { clientId: string; clientSecret: string; audience: string }) {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const codes = new Map<
    string,
    { nonce: string; challenge: string; redirectUri: string; claims: JWTPayload }
  >();
  /** Who the next /authorize signs in, and optional tampering of what the token endpoint answers. */
  const next: { claims: JWTPayload; nonceOverride?: string } = { claims: {} };
  let issuer = '';

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_post'],
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      const code = randomBytes(16).toString('base64url');
      codes.set(code, {
        nonce: url.searchParams.get('nonce') ?? '',
        challenge: url.searchParams.get('code_challenge') ?? '',
        redirectUri: url.searchParams.get('redirect_uri') ?? '',
        claims: next.claims,
      });
      const back = new URL(url.searchParams.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      back.searchParams.set('iss', issuer);
      res.writeHead(302, { Location: back.toString() });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const form = new URLSearchParams(body);
      const grant = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (
        grant === undefined ||
        form.get('client_id') !== options.clientId ||
        form.get('client_secret') !== options.clientSecret ||
        challenge !== grant.challenge ||
        form.get('redirect_uri') !== grant.redirectUri
      ) {
        return json(400, { error: 'invalid_grant' });
      }
      const idToken = await new SignJWT({ ...grant.claims, nonce: next.nonceOverride ?? grant.nonce })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(issuer)
        .setAudience(options.clientId)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);
      return json(200, { access_token: 'opaque', token_type: 'Bearer', expires_in: 600, id_token: idToken });
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    next,
    /** An RFC 9068 access token; the options make it wrong in one way each. */
    async accessToken(
      claims: JWTPayload,
      how: { issuer?: string; otherKey?: boolean; expired?: boolean; audience?: string; typ?: string } = {},
    ) {
      const jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: how.typ ?? 'at+jwt' })
        .setIssuer(how.issuer ?? issuer)
        .setAudience(how.audience ?? options.audience)
        .setIssuedAt(how.expired ? Math.floor(Date.now() / 1000) - 3600 : undefined)
        .setExpirationTime(how.expired ? Math.floor(Date.now() / 1000) - 1800 : '10m');
      return jwt.sign(how.otherKey ? other.privateKey : privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
