import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { handle } from 'hono/aws-lambda';
import { readConfig, readStaffConfig } from '../../shared/config.ts';
import { feedbackFeed } from '../../shared/feedback/feed.ts';
import { systemClock } from '../../shared/ports.ts';
import { DynamoReportStaffStore } from '../../shared/store/dynamodb/attribution-store.ts';
import { DynamoClusterStore } from '../../shared/store/dynamodb/cluster-store.ts';
import { DynamoDbStore } from '../../shared/store/dynamodb/dynamodb-store.ts';
import { DynamoResponseStore } from '../../shared/store/dynamodb/response-store.ts';
import { DynamoSessionStore } from '../../shared/store/dynamodb/staff-sessions.ts';
import { DynamoStaffStore } from '../../shared/store/dynamodb/staff-store.ts';
import { DynamoStatsStore } from '../../shared/store/dynamodb/stats-store.ts';
import { staffExports } from '../export/staff-exports.ts';
import { readViaSecretsExtension } from '../http/secrets-extension.ts';
import { staffSearch } from '../search-indexer/staff-search.ts';
import { createStaffApi } from './app.ts';
import { contentDraftCatalog } from './draft-catalog.ts';
import { openIdProvider } from './oidc.ts';
import { moderationReasonsOf } from './reasons-config.ts';
import { loadClientSecret, readClientSecretSource } from './secrets.ts';

// Created once per execution environment and reused across invocations.
const config = readConfig(process.env);
const staff = readStaffConfig(process.env);
const clientSecretSource = readClientSecretSource(process.env);
const logger = new Logger({ serviceName: 'yijian-staff-api', logLevel: config.logLevel });
const client = new DynamoDBClient({
  region: config.region,
  ...(config.dynamoDbEndpoint === undefined ? {} : { endpoint: config.dynamoDbEndpoint }),
});

// Built on the first invocation, not at initialisation: the secrets extension answers only during
// invocations. A failure is not cached, so the next request tries again.
const consultations = new DynamoDbStore(client, config);
const createApp = async () =>
  createStaffApi({
    consultations,
    staff: new DynamoStaffStore(client, config),
    clusters: new DynamoClusterStore(client, config),
    sessions: new DynamoSessionStore(client, config.tableName),
    identity: openIdProvider({
      issuer: staff.oidcIssuer,
      clientId: staff.oidcClientId,
      clientSecret: await loadClientSecret(clientSecretSource, readViaSecretsExtension(process.env)),
      redirectUri: new URL('/api/staff/auth/callback', staff.origin).toString(),
      scope: staff.oidcScope,
      audience: staff.oidcAudience ?? new URL('/api/staff', staff.origin).toString(),
      accessTokenType: staff.oidcAccessTokenType,
    }),
    // The imported drafts travel with the function bundle (DRAFT_CONTENT_DIR points at them).
    drafts: contentDraftCatalog(staff.draftContentDir ?? './content'),
    clock: systemClock,
    origin: staff.origin,
    claims: { rolesClaim: staff.oidcRolesClaim, officeClaim: staff.oidcOfficeClaim },
    policy: { idleMinutes: staff.sessionIdleMinutes, absoluteHours: staff.sessionAbsoluteHours },
    reasons: moderationReasonsOf(staff.moderationReasons),
    commentShards: config.commentShards,
    contactRetentionDays: config.contactRetentionDays,
    logError: (message, { requestId, error }) => logger.error(message, { requestId, error }),
    attribution: new DynamoReportStaffStore(client, config),
    ...staffExports(process.env, client, config),
    // Statistics, answers and the full-text index in the search bucket. The feed keeps counters only: the
    // stream indexer records every comment change in the index (decision 18), not the staff API.
    drafting: (() => {
      const stats = new DynamoStatsStore(client, config);
      const search = staffSearch(process.env, client, config, (id) => consultations.countComments(id));
      return {
        stats,
        responses: new DynamoResponseStore(client, config.tableName),
        feed: feedbackFeed({
          stats,
          reportFailure: (what, error) => logger.error(`${what} update failed`, { error }),
        }),
        ...(search === undefined ? {} : { search }),
      };
    })(),
  });

let ready: Promise<ReturnType<typeof handle>> | undefined;

/** API Gateway HTTP API (payload v2) entry point. */
export const handler: ReturnType<typeof handle> = async (event, context) => {
  ready ??= createApp()
    .then((app) => handle(app))
    .catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
  return (await ready)(event, context);
};
