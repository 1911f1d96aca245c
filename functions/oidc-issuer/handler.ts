import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createSignIn } from '../../shared/staff/accounts.ts';
import { argon2Hasher } from '../../shared/staff/accounts-argon2.ts';
import { DynamoDbStaffAccountStore } from '../../shared/store/dynamodb/oidc-account-store.ts';
import { dynamoDbOidcAdapter } from '../../shared/store/dynamodb/oidc-adapter.ts';
import { readViaSecretsExtension } from '../http/secrets-extension.ts';
import { readIssuerConfig } from './config.ts';
import { createIssuer } from './issuer.ts';
import { issuerLambdaHandler } from './lambda-app.ts';
import { SecretStringIssuerSecrets } from './secrets.ts';

// Everything below runs once per execution environment (cold start).
const config = readIssuerConfig(process.env);
const logger = new Logger({ serviceName: 'yijian-oidc-issuer', logLevel: config.logLevel });
const client = new DynamoDBClient({
  region: config.region,
  ...(config.dynamoDbEndpoint === undefined ? {} : { endpoint: config.dynamoDbEndpoint }),
});
const accounts = new DynamoDbStaffAccountStore(client, config.tableName);

// The issuer is built on the first invocation, not at initialisation: the Parameters and Secrets extension
// answers only during invocations. A failure is not cached, so the next request tries again.
const createHandler = async () => {
  const secrets = await new SecretStringIssuerSecrets(
    config.secretId,
    readViaSecretsExtension(process.env),
  ).load();
  const issuer = createIssuer({
    origin: config.publicOrigin,
    secrets,
    accounts,
    signIn: createSignIn({ accounts, hasher: argon2Hasher, now: () => new Date() }),
    adapter: dynamoDbOidcAdapter(client, { tableName: config.tableName }),
    trustProxy: true,
    logError: (message, error) => logger.error(message, { error }),
  });
  return issuerLambdaHandler(issuer);
};
type IssuerHandler = ReturnType<typeof issuerLambdaHandler>;
let ready: Promise<IssuerHandler> | undefined;

/** API Gateway HTTP API (payload v2) entry point for `/oidc/*`. */
export const handler = async (
  ...args: Parameters<IssuerHandler>
): Promise<Awaited<ReturnType<IssuerHandler>>> => {
  ready ??= createHandler().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return (await ready)(...args);
};
