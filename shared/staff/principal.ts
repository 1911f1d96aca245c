import { z } from 'zod';
import { SLUG_PATTERN } from '../draft/schema.ts';
import { ForbiddenError } from '../errors.ts';

export const ROLES = ['admin', 'moderator', 'drafter'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** A drafting office, e.g. `transport`; consultations belong to one, staff to one or to all. */
export const OfficeId = z.string().regex(SLUG_PATTERN, 'office id like transport');
export type OfficeId = z.infer<typeof OfficeId>;

/** Who is acting: from a session (browser) or a verified bearer token (scripted client). */
export interface StaffPrincipal {
  sub: string;
  username: string;
  name: string;
  roles: Role[];
  /** null: every office. */
  office: string | null;
}

export interface ClaimNames {
  rolesClaim: string;
  officeClaim: string;
}

/**
 * Maps an issuer's claims to a principal. Roles the product does not know are dropped rather than refused,
 * so that an identity platform with many groups (Cognito, a city's directory) can sign staff in.
 */
export function principalFromClaims(claims: Record<string, unknown>, names: ClaimNames): StaffPrincipal {
  const sub = typeof claims.sub === 'string' ? claims.sub : '';
  const rawRoles = claims[names.rolesClaim];
  const roleList = Array.isArray(rawRoles)
    ? rawRoles
    : typeof rawRoles === 'string'
      ? rawRoles.split(/[\s,]+/)
      : [];
  const roles = ROLES.filter((role) => roleList.includes(role));
  const office = claims[names.officeClaim];
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const username =
    text(claims.preferred_username) ?? text(claims.username) ?? text(claims['cognito:username']) ?? sub;
  return {
    sub,
    username,
    name: text(claims.name) ?? username,
    roles,
    office: typeof office === 'string' && OfficeId.safeParse(office).success ? office : null,
  };
}

export function hasRole(principal: StaffPrincipal, ...roles: readonly Role[]): boolean {
  return principal.roles.some((role) => roles.includes(role));
}

/** Staff see only their office's consultations unless they are unscoped. */
export function coversOffice(principal: StaffPrincipal, officeId: string | undefined): boolean {
  return principal.office === null || principal.office === officeId;
}

/** Throws unless the principal holds one of the roles. */
export function requireRole(principal: StaffPrincipal, roles: readonly Role[], what: string): void {
  if (!hasRole(principal, ...roles)) {
    throw new ForbiddenError(`Only ${roles.join(' or ')} may ${what}.`);
  }
}
