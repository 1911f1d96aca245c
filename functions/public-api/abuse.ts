import { createHmac, randomBytes } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { clientKey } from '../../shared/abuse/client-key.ts';
import { enforceLimits, type LimitRule, type LimitSettings } from '../../shared/abuse/limits.ts';
import type { AbuseStore } from '../../shared/abuse/ports.ts';
import { ProofOfWork } from '../../shared/abuse/pow.ts';
import type { Config } from '../../shared/config.ts';
import { OriginNotVerifiedError } from '../../shared/errors.ts';
import type { Clock } from '../../shared/ports.ts';
import { clientAddressOf } from '../http/client-address.ts';
import { ORIGIN_VERIFY_HEADER, type OriginVerifier } from '../http/origin-verify.ts';

/** The abuse controls of the public API; each is off when its part is absent or its limit is 0. */
export interface AbuseGuards {
  store: AbuseStore;
  limits: LimitSettings;
  /** Salt of the client-address hashes (never stored, never logged). */
  clientSalt: string;
  proofOfWork?: ProofOfWork;
  /** Set on AWS: requests must carry CloudFront's X-Origin-Verify secret. */
  originVerifier?: OriginVerifier;
  /** The client's address; by default the runtime's (see client-address.ts). */
  clientAddress?: (c: Context, viaCdn: boolean) => string | undefined;
}

/**
 * The guards configured as `config` says, with `key` as the secret of proof-of-work signatures and of the
 * address salt (two keys derived from it).
 */
export function abuseGuardsFrom(
  config: Config,
  store: AbuseStore,
  key: string,
  originVerifier?: OriginVerifier,
): AbuseGuards {
  return {
    store,
    limits: {
      commentsPerMinute: config.rateLimitCommentsPerMinute,
      commentsPerHour: config.rateLimitCommentsPerHour,
      consultationCommentsPerMinute: config.rateLimitConsultationCommentsPerMinute,
      lookupsPerMinute: config.rateLimitLookupsPerMinute,
    },
    clientSalt: createHmac('sha256', key).update('client-address-salt').digest('base64url'),
    ...(config.proofOfWork === 'on'
      ? {
          proofOfWork: new ProofOfWork({
            key,
            maxNumber: config.powMaxNumber,
            expirySeconds: config.powExpirySeconds,
          }),
        }
      : {}),
    ...(originVerifier === undefined ? {} : { originVerifier }),
  };
}

/** A key for local mode when none is configured: challenges then do not survive a restart, which is fine there. */
export function ephemeralAbuseKey(): string {
  return randomBytes(32).toString('base64url');
}

/** Refuses (403) requests without CloudFront's secret header, when a verifier is configured. */
export function originCheck(guards: AbuseGuards | undefined): MiddlewareHandler {
  return async (c, next) => {
    const verifier = guards?.originVerifier;
    if (verifier !== undefined && !(await verifier.verifies(c.req.header(ORIGIN_VERIFY_HEADER)))) {
      throw new OriginNotVerifiedError();
    }
    await next();
  };
}

/** Counts the request against `rules` for its client (and consultation, when the path names one). */
export function rateLimit(
  guards: AbuseGuards | undefined,
  clock: Clock,
  rulesOf: (limits: LimitSettings) => LimitRule[],
  consultationOf?: (c: Context) => string | undefined,
): MiddlewareHandler {
  return async (c, next) => {
    if (guards !== undefined) {
      // Behind a verified CDN the viewer header is trusted; otherwise only the runtime's own address is.
      const viaCdn = guards.originVerifier !== undefined;
      const address = (guards.clientAddress ?? clientAddressOf)(c, viaCdn) ?? 'unknown';
      const consultation = consultationOf?.(c);
      await enforceLimits(
        guards.store,
        rulesOf(guards.limits),
        {
          client: clientKey(guards.clientSalt, address),
          ...(consultation === undefined ? {} : { consultation }),
        },
        clock.now(),
      );
    }
    await next();
  };
}
