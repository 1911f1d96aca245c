/**
 * The OpenID Connect issuer as the staff side needs it. The adapter (functions/staff-api/oidc.ts) uses
 * openid-client and jose; nothing here does cryptography.
 */
export interface IdentityProvider {
  /** Where to send the browser: authorization code flow with PKCE (S256), state and nonce. */
  authorizationUrl(request: { state: string; nonce: string; codeVerifier: string }): Promise<URL>;
  /**
   * Redeems the code of a callback URL, checking state, nonce, PKCE and the ID token's signature, issuer,
   * audience and expiry; throws SignInFailedError on any mismatch.
   */
  completeSignIn(
    callbackUrl: URL,
    expected: { state: string; nonce: string; codeVerifier: string },
  ): Promise<{ claims: Record<string, unknown>; idToken: string | undefined }>;
  /** Verifies a bearer access token (signature against the JWKS, issuer, audience, expiry, algorithm). */
  verifyAccessToken(token: string): Promise<Record<string, unknown> | undefined>;
  randomState(): string;
  randomNonce(): string;
  randomCodeVerifier(): string;
}
