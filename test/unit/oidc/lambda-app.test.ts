import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createIssuer } from '../../../functions/oidc-issuer/issuer.ts';
import { issuerLambdaHandler } from '../../../functions/oidc-issuer/lambda-app.ts';
import { generateIssuerSecrets } from '../../../functions/oidc-issuer/secrets.ts';
import { createSignIn } from '../../../shared/staff/accounts.ts';
import { argon2Hasher } from '../../../shared/staff/accounts-argon2.ts';
import { MemoryStaffAccountStore } from '../../../shared/staff/accounts-memory.ts';
import { dynamoDbOidcAdapter } from '../../../shared/store/dynamodb/oidc-adapter.ts';

const ORIGIN = 'https://yijian.example.gov.cn';

async function aHandler() {
  const accounts = new MemoryStaffAccountStore();
  const issuer = createIssuer({
    origin: ORIGIN,
    secrets: await generateIssuerSecrets(),
    accounts,
    signIn: createSignIn({ accounts, hasher: argon2Hasher, now: () => new Date() }),
    adapter: dynamoDbOidcAdapter(new DynamoDBClient({ region: 'local' }), { tableName: 'unused' }),
    trustProxy: true,
  });
  return issuerLambdaHandler(issuer);
}

/** An API Gateway HTTP API v2 event as it arrives from CloudFront: the API's own host, not the public one. */
function httpApiEvent(rawPath: string) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: '',
    headers: { host: 'abc123.execute-api.cn-north-1.amazonaws.com.cn', 'x-forwarded-proto': 'https' },
    requestContext: { http: { method: 'GET', path: rawPath, sourceIp: '203.0.113.9' }, requestId: 'r1' },
    isBase64Encoded: false,
  };
}

describe('the issuer Lambda (HTTP API v2)', () => {
  it('serves discovery under /oidc with every endpoint on the public origin', async () => {
    const handler = await aHandler();
    const response = (await handler(httpApiEvent('/oidc/.well-known/openid-configuration'), {})) as {
      statusCode: number;
      body: string;
    };
    expect(response.statusCode).toBe(200);
    const metadata = JSON.parse(response.body);
    expect(metadata).toMatchObject({
      issuer: `${ORIGIN}/oidc`,
      authorization_endpoint: `${ORIGIN}/oidc/auth`,
      token_endpoint: `${ORIGIN}/oidc/token`,
      jwks_uri: `${ORIGIN}/oidc/jwks`,
      code_challenge_methods_supported: ['S256'],
    });
  });

  it('publishes only public keys', async () => {
    const handler = await aHandler();
    const response = (await handler(httpApiEvent('/oidc/jwks'), {})) as { statusCode: number; body: string };
    const { keys } = JSON.parse(response.body) as { keys: Record<string, unknown>[] };
    expect(keys.map((k) => k.alg).sort()).toEqual(['ES256', 'RS256']);
    expect(keys.some((k) => 'd' in k)).toBe(false);
  });

  it('answers 404 outside /oidc', async () => {
    const handler = await aHandler();
    const response = (await handler(httpApiEvent('/oidcx/jwks'), {})) as { statusCode: number };
    expect(response.statusCode).toBe(404);
  });
});
