import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createStaffApi, type DraftingDeps } from '../../functions/staff-api/app.ts';
import { contentDraftCatalog } from '../../functions/staff-api/draft-catalog.ts';
import { openIdProvider } from '../../functions/staff-api/oidc.ts';
import { moderationReasonsOf } from '../../functions/staff-api/reasons-config.ts';
import { type Config, readStaffConfig } from '../../shared/config.ts';
import { systemClock } from '../../shared/ports.ts';
import { DynamoClusterStore } from '../../shared/store/dynamodb/cluster-store.ts';
import { DynamoDbStore } from '../../shared/store/dynamodb/dynamodb-store.ts';
import { DynamoSessionStore } from '../../shared/store/dynamodb/staff-sessions.ts';
import { DynamoStaffStore } from '../../shared/store/dynamodb/staff-store.ts';
import { CONTENT_DIR } from './content.ts';
import { localExports } from './exports.ts';

export interface LocalIssuer {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  resource: string;
}

/**
 * The staff API of local mode, signed in against the built-in issuer on the same origin. It reads the same
 * validated staff configuration the Lambda reads, with the issuer's values filled in.
 */
export function createLocalStaffApi(options: {
  config: Config;
  client: DynamoDBClient;
  issuer: LocalIssuer;
  origin: string;
  errorSummary: (error: unknown) => string;
  /** Where export files go (./var/exports); npm start's data directory. */
  exportsDir?: string;
  drafting?: DraftingDeps;
}) {
  const { config, client, issuer, origin } = options;
  const staff = readStaffConfig({
    ...process.env,
    STAFF_ORIGIN: origin,
    OIDC_ISSUER: issuer.issuerUrl,
    OIDC_CLIENT_ID: issuer.clientId,
    OIDC_CLIENT_SECRET: issuer.clientSecret,
    OIDC_AUDIENCE: issuer.resource,
  });
  return createStaffApi({
    consultations: new DynamoDbStore(client, config),
    staff: new DynamoStaffStore(client, config),
    clusters: new DynamoClusterStore(client, config),
    sessions: new DynamoSessionStore(client, config.tableName),
    identity: openIdProvider({
      issuer: staff.oidcIssuer,
      clientId: staff.oidcClientId,
      clientSecret: staff.oidcClientSecret,
      redirectUri: new URL('/api/staff/auth/callback', staff.origin).toString(),
      scope: staff.oidcScope,
      audience: staff.oidcAudience ?? new URL('/api/staff', staff.origin).toString(),
      accessTokenType: staff.oidcAccessTokenType,
    }),
    drafts: contentDraftCatalog(staff.draftContentDir ?? CONTENT_DIR),
    clock: systemClock,
    origin: staff.origin,
    claims: { rolesClaim: staff.oidcRolesClaim, officeClaim: staff.oidcOfficeClaim },
    policy: { idleMinutes: staff.sessionIdleMinutes, absoluteHours: staff.sessionAbsoluteHours },
    reasons: moderationReasonsOf(staff.moderationReasons),
    commentShards: config.commentShards,
    contactRetentionDays: config.contactRetentionDays,
    ...(options.drafting === undefined ? {} : { drafting: options.drafting }),
    logError: (message, { requestId, error }) =>
      console.error(
        JSON.stringify({ level: 'ERROR', message, requestId, error: options.errorSummary(error) }),
      ),
    exports: localExports({
      client,
      config,
      dir:
        options.exportsDir ??
        join(process.env.YIJIAN_DATA_DIR ?? join(import.meta.dirname, '../../var'), 'exports'),
      contentDir: staff.draftContentDir ?? CONTENT_DIR,
      logError: (message, { jobId, error }) =>
        console.error(JSON.stringify({ level: 'ERROR', message, jobId, error: options.errorSummary(error) })),
    }),
  });
}
