import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { SignInFailedError, StoreUnavailableError } from '../../shared/errors.ts';
import type { IdentityProvider } from '../../shared/staff/identity.ts';

export interface OidcOptions {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  redirectUri: string;
  scope: string;
  audience: string;
  /** Required `typ` of access tokens, e.g. `at+jwt`; empty string: not checked. */
  accessTokenType: string;
}

// Asymmetric only: an HS256 token would be checked against a key the attacker may know (the client secret).
const ALGORITHMS = ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'];

/** The staff API as an OpenID Connect client (openid-client 6) and access-token verifier (jose). */
export function openIdProvider(options: OidcOptions): IdentityProvider {
  let discovered:
    | Promise<{ config: client.Configuration; jwks: JWTVerifyGetKey; issuer: string }>
    | undefined;
  // Discovery happens on first use, not at start: the built-in issuer may be served by this very process.
  const discover = () => {
    discovered ??= (async () => {
      const url = new URL(options.issuer);
      const insecure = url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
      const config = await client.discovery(
        url,
        options.clientId,
        options.clientSecret === undefined ? undefined : { client_secret: options.clientSecret },
        // With a secret, openid-client's default (client_secret_post), which Cognito and the built-in issuer accept.
        options.clientSecret === undefined ? client.None() : undefined,
        insecure ? { execute: [client.allowInsecureRequests] } : undefined,
      );
      const metadata = config.serverMetadata();
      if (metadata.jwks_uri === undefined) throw new Error('The issuer publishes no jwks_uri.');
      return { config, jwks: createRemoteJWKSet(new URL(metadata.jwks_uri)), issuer: metadata.issuer };
    })().catch((error: unknown) => {
      discovered = undefined;
      throw new StoreUnavailableError('The sign-in service cannot be reached; try again shortly.', error);
    });
    return discovered;
  };

  return {
    async authorizationUrl({ state, nonce, codeVerifier }) {
      const { config } = await discover();
      return client.buildAuthorizationUrl(config, {
        redirect_uri: options.redirectUri,
        scope: options.scope,
        response_type: 'code',
        state,
        nonce,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        // Signing out ends our session, not the issuer's: without this the next "sign in" on a shared
        // office computer would come straight back signed in as the previous person.
        prompt: 'login',
      });
    },
    async completeSignIn(callbackUrl, expected) {
      const { config } = await discover();
      try {
        const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: expected.codeVerifier,
          expectedState: expected.state,
          expectedNonce: expected.nonce,
          idTokenExpected: true,
        });
        const claims = tokens.claims();
        if (claims === undefined) throw new Error('no ID token');
        return { claims: { ...claims }, idToken: tokens.id_token };
      } catch (error) {
        throw new SignInFailedError('The sign-in could not be completed; please sign in again.', error);
      }
    },
    async verifyAccessToken(token) {
      const { jwks, issuer } = await discover();
      try {
        const { payload } = await jwtVerify(token, jwks, {
          issuer,
          audience: options.audience,
          algorithms: ALGORITHMS,
          ...(options.accessTokenType === '' ? {} : { typ: options.accessTokenType }),
        });
        return { ...payload };
      } catch {
        return undefined;
      }
    },
    randomState: client.randomState,
    randomNonce: client.randomNonce,
    randomCodeVerifier: client.randomPKCECodeVerifier,
  };
}
