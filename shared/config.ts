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
  });
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return result.data;
}
