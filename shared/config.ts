import { z } from 'zod';

/**
 * Configuration, read once at start-up from the environment and validated; everything else receives it
 * injected and never reads process.env itself.
 */
export const Config = z.object({
  tableName: z.string().min(3),
  /** Set for DynamoDB Local; unset on AWS. */
  dynamoDbEndpoint: z.url().optional(),
  region: z.string().min(1).default('local'),
  commentShards: z.coerce.number().int().min(1).max(256).default(16),
  counterShards: z.coerce.number().int().min(1).max(64).default(8),
  contactRetentionDays: z.coerce.number().int().min(1).max(3650).default(180),
  idempotencyTtlHours: z.coerce.number().int().min(1).max(720).default(24),
  logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('INFO'),
  // Abuse controls (docs/decisions.md, "Limits, proof of work and the origin secret"). A limit of 0 is off.
  rateLimitCommentsPerMinute: z.coerce.number().int().min(0).default(5),
  rateLimitCommentsPerHour: z.coerce.number().int().min(0).default(30),
  rateLimitConsultationCommentsPerMinute: z.coerce.number().int().min(0).default(6000),
  rateLimitLookupsPerMinute: z.coerce.number().int().min(0).default(30),
  proofOfWork: z.enum(['on', 'off']).default('on'),
  /** Solver's counter is drawn from 1..powMaxNumber (SHA-256 rounds; tuned in docs/decisions.md). */
  powMaxNumber: z.coerce.number().int().min(1).max(10_000_000).default(40_000),
  powExpirySeconds: z.coerce.number().int().min(30).max(3600).default(300),
  /** Secret of the proof-of-work signatures and the client-address salt; locally, or instead of a secret id. */
  abuseKey: z.string().min(32).optional(),
  /** Secrets Manager secret holding the abuse key (on AWS; read through the Lambda extension). */
  abuseKeySecretId: z.string().min(1).optional(),
  /** Secrets Manager secret CloudFront sends as X-Origin-Verify; set, requests without it are refused. */
  originVerifySecretId: z.string().min(1).optional(),
});
export type Config = z.infer<typeof Config>;

export function readConfig(env: Record<string, string | undefined>): Config {
  return parsed(Config, env);
}

/**
 * What the static site states from the configuration (the privacy notice), read when the site is built:
 * the same variables and rules as the functions, so the notice says what the code does.
 */
export const SiteConfig = Config.pick({ contactRetentionDays: true });
export type SiteConfig = z.infer<typeof SiteConfig>;

export function readSiteConfig(env: Record<string, string | undefined>): SiteConfig {
  return parsed(SiteConfig, env);
}

/**
 * What a deployment fixes for its functions besides the table: the stack reads it once (infra/app.ts)
 * from the same variables as the site build and hands it to every function's environment, so that the
 * privacy notice, the intake and the table's layout agree.
 */
export const FunctionConfig = Config.pick({
  commentShards: true,
  counterShards: true,
  contactRetentionDays: true,
  idempotencyTtlHours: true,
});
export type FunctionConfig = z.infer<typeof FunctionConfig>;

export function readFunctionConfig(env: Record<string, string | undefined>): FunctionConfig {
  return parsed(FunctionConfig, env);
}

/** The environment variables that {@link readConfig} reads back as `config`. */
export function functionEnvironment(config: FunctionConfig): Record<string, string> {
  return {
    COMMENT_SHARDS: String(config.commentShards),
    COUNTER_SHARDS: String(config.counterShards),
    CONTACT_RETENTION_DAYS: String(config.contactRetentionDays),
    IDEMPOTENCY_TTL_HOURS: String(config.idempotencyTtlHours),
  };
}

function parsed<T>(schema: z.ZodType<T>, env: Record<string, string | undefined>): T {
  const result = schema.safeParse({
    tableName: env.TABLE_NAME,
    dynamoDbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    region: env.AWS_REGION || undefined,
    commentShards: env.COMMENT_SHARDS || undefined,
    counterShards: env.COUNTER_SHARDS || undefined,
    contactRetentionDays: env.CONTACT_RETENTION_DAYS || undefined,
    idempotencyTtlHours: env.IDEMPOTENCY_TTL_HOURS || undefined,
    logLevel: env.LOG_LEVEL || undefined,
    rateLimitCommentsPerMinute: env.RATE_LIMIT_COMMENTS_PER_MINUTE || undefined,
    rateLimitCommentsPerHour: env.RATE_LIMIT_COMMENTS_PER_HOUR || undefined,
    rateLimitConsultationCommentsPerMinute: env.RATE_LIMIT_CONSULTATION_COMMENTS_PER_MINUTE || undefined,
    rateLimitLookupsPerMinute: env.RATE_LIMIT_LOOKUPS_PER_MINUTE || undefined,
    proofOfWork: env.PROOF_OF_WORK || undefined,
    powMaxNumber: env.POW_MAX_NUMBER || undefined,
    powExpirySeconds: env.POW_EXPIRY_SECONDS || undefined,
    abuseKey: env.ABUSE_KEY || undefined,
    abuseKeySecretId: env.ABUSE_KEY_SECRET_ID || undefined,
    originVerifySecretId: env.ORIGIN_VERIFY_SECRET_ID || undefined,
  });
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return result.data;
}

/**
 * The staff API's configuration (issue 8): the OIDC issuer it signs staff in with, the claims that carry
 * roles and office, and the public origin (redirect URI, Origin check). Only the staff function reads it.
 */
export const StaffConfig = z.object({
  /** The site's public origin, e.g. https://yijian.example.gov.cn; the staff API lives under it. */
  origin: z.url(),
  oidcIssuer: z.url(),
  oidcClientId: z.string().min(1),
  /** Absent for a public client (PKCE only) or when a secret port supplies it (Secrets Manager). */
  oidcClientSecret: z.string().min(1).optional(),
  oidcRolesClaim: z.string().min(1).default('yijian:roles'),
  oidcOfficeClaim: z.string().min(1).default('yijian:office'),
  /** Audience of bearer access tokens; default `<origin>/api/staff`. */
  oidcAudience: z.string().min(1).optional(),
  /** Required `typ` header of bearer access tokens (RFC 9068 `at+jwt`); empty to skip (Cognito). */
  oidcAccessTokenType: z.string().default('at+jwt'),
  oidcScope: z.string().min(1).default('openid profile yijian'),
  sessionIdleMinutes: z.coerce.number().int().min(1).max(240).default(30),
  sessionAbsoluteHours: z.coerce.number().int().min(1).max(24).default(12),
  /** JSON list of `{ code, zh, en }` replacing the default moderation reasons. */
  moderationReasons: z.string().optional(),
  /** Where the imported drafts' content is read (site/src/content in local mode). */
  draftContentDir: z.string().optional(),
});
export type StaffConfig = z.infer<typeof StaffConfig>;

export function readStaffConfig(env: Record<string, string | undefined>): StaffConfig {
  const result = StaffConfig.safeParse({
    origin: env.STAFF_ORIGIN || env.PUBLIC_ORIGIN || undefined,
    oidcIssuer: env.OIDC_ISSUER || undefined,
    oidcClientId: env.OIDC_CLIENT_ID || undefined,
    oidcClientSecret: env.OIDC_CLIENT_SECRET || undefined,
    oidcRolesClaim: env.OIDC_ROLES_CLAIM || undefined,
    oidcOfficeClaim: env.OIDC_OFFICE_CLAIM || undefined,
    oidcAudience: env.OIDC_AUDIENCE || undefined,
    oidcAccessTokenType: env.OIDC_ACCESS_TOKEN_TYPE ?? undefined,
    oidcScope: env.OIDC_SCOPE || undefined,
    sessionIdleMinutes: env.STAFF_SESSION_IDLE_MINUTES || undefined,
    sessionAbsoluteHours: env.STAFF_SESSION_ABSOLUTE_HOURS || undefined,
    moderationReasons: env.STAFF_MODERATION_REASONS || undefined,
    draftContentDir: env.DRAFT_CONTENT_DIR || undefined,
  });
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid staff configuration: ${problems}`);
  }
  return result.data;
}
