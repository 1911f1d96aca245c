import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createSignIn } from '../../shared/staff/accounts.ts';
import { argon2Hasher } from '../../shared/staff/accounts-argon2.ts';
import { DynamoDbStaffAccountStore } from '../../shared/store/dynamodb/oidc-account-store.ts';
import { dynamoDbOidcAdapter } from '../../shared/store/dynamodb/oidc-adapter.ts';
import { readIssuerConfig } from './config.ts';
import { createIssuer } from './issuer.ts';
import { issuerLambdaHandler } from './lambda-app.ts';
import { readViaLambdaExtension, SecretStringIssuerSecrets } from './secrets.ts';

// Everything below runs once per execution environment (cold start), secrets included.
const config = readIssuerConfig(process.env);
const logger = new Logger({ serviceName: 'yijian-oidc-issuer', logLevel: config.logLevel });
const client = new DynamoDBClient({
  region: config.region,
  ...(config.dynamoDbEndpoint === undefined ? {} : { endpoint: config.dynamoDbEndpoint }),
});
const secrets = await new SecretStringIssuerSecrets(
  config.secretId,
  readViaLambdaExtension(process.env),
).load();
const accounts = new DynamoDbStaffAccountStore(client, config.tableName);

const issuer = createIssuer({
  origin: config.publicOrigin,
  secrets,
  accounts,
  signIn: createSignIn({ accounts, hasher: argon2Hasher, now: () => new Date() }),
  adapter: dynamoDbOidcAdapter(client, { tableName: config.tableName }),
  trustProxy: true,
  logError: (message, error) => logger.error(message, { error }),
});

/** API Gateway HTTP API (payload v2) entry point for `/oidc/*`. */
export const handler = issuerLambdaHandler(issuer);
