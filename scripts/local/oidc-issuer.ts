import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createIssuer } from '../../functions/oidc-issuer/issuer.ts';
import type { NodeHandler } from '../../functions/oidc-issuer/node-mount.ts';
import { FileIssuerSecrets } from '../../functions/oidc-issuer/secrets.ts';
import { createSignIn } from '../../shared/staff/accounts.ts';
import { argon2Hasher } from '../../shared/staff/accounts-argon2.ts';
import { DynamoDbStaffAccountStore } from '../../shared/store/dynamodb/oidc-account-store.ts';
import { dynamoDbOidcAdapter } from '../../shared/store/dynamodb/oidc-adapter.ts';
import { type StaffLogin, seedStaffAccounts } from './staff-accounts.ts';

export interface LocalIssuer {
  /** oidc-provider's Node handler, to be mounted at `mountPath` (see functions/oidc-issuer/node-mount.ts). */
  handler: NodeHandler;
  mountPath: string;
  issuerUrl: string;
  /** The `aud` of the issuer's JWT access tokens (the staff API). */
  resource: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  scope: string;
  logins: StaffLogin[];
}

/**
 * Local mode's built-in issuer on the same DynamoDB table, with its secrets in `${dataDir}/oidc` and the seeded
 * staff accounts' passwords in `${dataDir}/staff-accounts.txt`.
 */
export async function startLocalIssuer(options: {
  origin: string;
  dataDir: string;
  dynamo: DynamoDBClient;
  tableName: string;
}): Promise<LocalIssuer> {
  const secrets = await new FileIssuerSecrets(join(options.dataDir, 'oidc', 'issuer-secrets.json')).load();
  const accounts = new DynamoDbStaffAccountStore(options.dynamo, options.tableName);
  const { logins } = await seedStaffAccounts(
    accounts,
    argon2Hasher,
    join(options.dataDir, 'staff-accounts.txt'),
  );
  const issuer = createIssuer({
    origin: options.origin,
    secrets,
    accounts,
    signIn: createSignIn({ accounts, hasher: argon2Hasher, now: () => new Date() }),
    adapter: dynamoDbOidcAdapter(options.dynamo, { tableName: options.tableName }),
    trustProxy: false,
  });
  return {
    handler: issuer.provider.callback(),
    mountPath: issuer.mountPath,
    issuerUrl: issuer.issuerUrl,
    resource: issuer.resource,
    ...issuer.client,
    logins,
  };
}
