import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../ports.ts';
import type { SessionStore, StaffSession } from './ports.ts';
import type { StaffPrincipal } from './principal.ts';

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 30, absoluteHours: 12 };

/** 256 random bits, base64url: the only thing the browser holds. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

// Writing lastSeenAt on every request would double the session's write traffic for nothing.
const TOUCH_AFTER_MS = 60_000;

export function newOpaqueId(): string {
  return randomBytes(32).toString('base64url');
}

export function hashOf(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}

export async function startSession(
  store: SessionStore,
  clock: Clock,
  policy: SessionPolicy,
  principal: StaffPrincipal,
  idToken: string | undefined,
): Promise<{ id: string; session: StaffSession }> {
  const now = clock.now();
  const id = newOpaqueId();
  const absolute = new Date(now.getTime() + policy.absoluteHours * 3_600_000);
  const session: StaffSession = {
    idHash: hashOf(id),
    principal,
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    absoluteExpiresAt: absolute.toISOString(),
    expiresAt: ttlOf(now, absolute, policy),
    ...(idToken === undefined ? {} : { idToken }),
  };
  await store.putSession(session);
  return { id, session };
}

/**
 * The live session for a cookie value, or undefined when it is malformed, unknown, idle too long or past its
 * absolute end. TTL deletion can lag by hours, so expiry is always checked here, never left to the TTL.
 */
export async function resumeSession(
  store: SessionStore,
  clock: Clock,
  policy: SessionPolicy,
  cookieValue: string | undefined,
): Promise<StaffSession | undefined> {
  if (cookieValue === undefined || !SESSION_ID_PATTERN.test(cookieValue)) return undefined;
  const session = await store.getSession(hashOf(cookieValue));
  if (session === undefined) return undefined;
  const now = clock.now();
  const idleEnd = Date.parse(session.lastSeenAt) + policy.idleMinutes * 60_000;
  const absoluteEnd = Date.parse(session.absoluteExpiresAt);
  if (now.getTime() >= idleEnd || now.getTime() >= absoluteEnd) {
    await store.deleteSession(session.idHash);
    return undefined;
  }
  if (now.getTime() - Date.parse(session.lastSeenAt) >= TOUCH_AFTER_MS) {
    const lastSeenAt = now.toISOString();
    const expiresAt = ttlOf(now, new Date(absoluteEnd), policy);
    await store.touchSession(session.idHash, lastSeenAt, expiresAt);
    return { ...session, lastSeenAt, expiresAt };
  }
  return session;
}

/** When the session ends if nothing else happens: the idle end or the absolute end. */
export function sessionEndsAt(session: StaffSession, policy: SessionPolicy): string {
  const idleEnd = Date.parse(session.lastSeenAt) + policy.idleMinutes * 60_000;
  return new Date(Math.min(idleEnd, Date.parse(session.absoluteExpiresAt))).toISOString();
}

function ttlOf(now: Date, absolute: Date, policy: SessionPolicy): number {
  const idleEnd = now.getTime() + policy.idleMinutes * 60_000;
  return Math.ceil(Math.min(idleEnd, absolute.getTime()) / 1000);
}
