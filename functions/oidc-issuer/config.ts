import { z } from 'zod';

/** The issuer Lambda's configuration, read once at cold start from its environment and validated. */
export const IssuerConfig = z.object({
  tableName: z.string().min(3),
  region: z.string().min(1),
  dynamoDbEndpoint: z.url().optional(),
  /** The one public origin (CloudFront's), e.g. https://yijian.example.gov.cn; the issuer is `${origin}/oidc`. */
  publicOrigin: z
    .url()
    .refine((url) => new URL(url).origin === url.replace(/\/$/, ''), 'an origin, without a path'),
  /** The Secrets Manager secret holding `IssuerSecrets` as JSON. */
  secretId: z.string().min(1),
  logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('INFO'),
});
export type IssuerConfig = z.infer<typeof IssuerConfig>;

export function readIssuerConfig(env: Record<string, string | undefined>): IssuerConfig {
  const result = IssuerConfig.safeParse({
    tableName: env.TABLE_NAME,
    region: env.AWS_REGION,
    dynamoDbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    publicOrigin: env.PUBLIC_ORIGIN,
    secretId: env.ISSUER_SECRET_ID,
    logLevel: env.LOG_LEVEL || undefined,
  });
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid issuer configuration: ${problems}`);
  }
  return result.data;
}
