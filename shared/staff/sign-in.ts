import { SignInFailedError } from '../errors.ts';
import type { Clock } from '../ports.ts';
import type { IdentityProvider } from './identity.ts';
import type { SessionStore } from './ports.ts';
import { type ClaimNames, principalFromClaims } from './principal.ts';
import { hashOf, newOpaqueId, SESSION_ID_PATTERN, type SessionPolicy, startSession } from './sessions.ts';

export const DEFAULT_RETURN_TO = '/staff/';
const LOGIN_TTL_MS = 10 * 60_000;
const STATE_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
const BASE = 'https://return-to.invalid';

/**
 * A same-origin path under /staff/ or /en/staff/, or the default: never an open redirect. Resolving against
 * a fixed base catches `//evil`, `/\evil`, `https://evil`, encoded dot segments and the like.
 */
export function safeReturnTo(input: string | undefined): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (input === undefined || input.length > 512 || /[\u0000-\u001f\\]/.test(input)) return DEFAULT_RETURN_TO;
  if (!input.startsWith('/') || input.startsWith('//')) return DEFAULT_RETURN_TO;
  let url: URL;
  try {
    url = new URL(input, BASE);
  } catch {
    return DEFAULT_RETURN_TO;
  }
  if (url.origin !== BASE) return DEFAULT_RETURN_TO;
  if (!url.pathname.startsWith('/staff/') && !url.pathname.startsWith('/en/staff/')) return DEFAULT_RETURN_TO;
  return `${url.pathname}${url.search}${url.hash}`;
}

export interface SignInDeps {
  identity: IdentityProvider;
  sessions: SessionStore;
  clock: Clock;
  policy: SessionPolicy;
  claims: ClaimNames;
}

/** Starts a sign-in: remembers state, nonce and PKCE verifier for ten minutes, bound to this browser. */
export async function beginSignIn(
  deps: SignInDeps,
  returnTo: string | undefined,
): Promise<{ redirect: URL; binding: string }> {
  const state = deps.identity.randomState();
  const nonce = deps.identity.randomNonce();
  const codeVerifier = deps.identity.randomCodeVerifier();
  const binding = newOpaqueId();
  await deps.sessions.putLogin({
    state,
    nonce,
    codeVerifier,
    returnTo: safeReturnTo(returnTo),
    bindingHash: hashOf(binding),
    expiresAt: new Date(deps.clock.now().getTime() + LOGIN_TTL_MS).toISOString(),
  });
  return { redirect: await deps.identity.authorizationUrl({ state, nonce, codeVerifier }), binding };
}

/**
 * Completes a sign-in from the issuer's callback. The pending sign-in is consumed first, so a replayed
 * callback finds nothing; a callback from another browser (login CSRF) fails the binding check.
 */
export async function finishSignIn(
  deps: SignInDeps,
  callbackUrl: URL,
  bindingCookie: string | undefined,
): Promise<{ sessionId: string; returnTo: string }> {
  const state = callbackUrl.searchParams.get('state') ?? '';
  if (!STATE_PATTERN.test(state)) throw new SignInFailedError('The sign-in answer carries no valid state.');
  const login = await deps.sessions.takeLogin(state);
  if (login === undefined)
    throw new SignInFailedError(
      'This sign-in is unknown, was already used or has expired; please sign in again.',
    );
  if (Date.parse(login.expiresAt) <= deps.clock.now().getTime())
    throw new SignInFailedError('This sign-in took too long; please sign in again.');
  if (
    bindingCookie === undefined ||
    !SESSION_ID_PATTERN.test(bindingCookie) ||
    hashOf(bindingCookie) !== login.bindingHash
  )
    throw new SignInFailedError('This sign-in was started in another browser; please sign in again.');
  const { claims, idToken } = await deps.identity.completeSignIn(callbackUrl, login);
  const principal = principalFromClaims(claims, deps.claims);
  if (principal.sub === '') throw new SignInFailedError('The issuer did not say who signed in.');
  const { id } = await startSession(deps.sessions, deps.clock, deps.policy, principal, idToken);
  return { sessionId: id, returnTo: login.returnTo };
}
