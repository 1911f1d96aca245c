import { z } from 'zod';
import { ensureIssuerKeys, type SecretValues } from './keys.ts';

/**
 * CloudFormation custom resource (see infra/constructs/issuer.ts) that fills the built-in issuer's secret.
 * It speaks the custom resource protocol itself: no provider framework, one small function.
 */
const CustomResourceEvent = z.object({
  RequestType: z.enum(['Create', 'Update', 'Delete']),
  ResponseURL: z.url(),
  StackId: z.string(),
  RequestId: z.string(),
  LogicalResourceId: z.string(),
  PhysicalResourceId: z.string().optional(),
  ResourceProperties: z.looseObject({ IssuerSecretId: z.string().min(1), ClientSecretId: z.string().min(1) }),
});

/**
 * The Secrets Manager client of the AWS SDK v3 that the Lambda Node.js runtime provides (the package is not a
 * dependency of this project); required at run time so that esbuild leaves it out of the bundle.
 */
interface SecretsManagerModule {
  SecretsManagerClient: new () => { send(command: unknown): Promise<unknown> };
  GetSecretValueCommand: new (input: { SecretId: string }) => unknown;
  PutSecretValueCommand: new (input: { SecretId: string; SecretString: string }) => unknown;
}
const RUNTIME_SDK = '@aws-sdk/client-secrets-manager';

function runtimeSecrets(): SecretValues {
  const load = process.getBuiltinModule('node:module').createRequire(import.meta.url);
  const sdk: SecretsManagerModule = load(RUNTIME_SDK);
  const client = new sdk.SecretsManagerClient();
  return {
    async get(secretId) {
      const output = await client.send(new sdk.GetSecretValueCommand({ SecretId: secretId }));
      return z.object({ SecretString: z.string().optional() }).parse(output).SecretString;
    },
    async put(secretId, secretString) {
      await client.send(new sdk.PutSecretValueCommand({ SecretId: secretId, SecretString: secretString }));
    },
  };
}

export async function handler(raw: unknown): Promise<void> {
  const event = CustomResourceEvent.parse(raw);
  const physicalId = `issuer-keys:${event.ResourceProperties.IssuerSecretId}`;
  let status: 'SUCCESS' | 'FAILED' = 'SUCCESS';
  let reason = 'ok';
  if (event.RequestType !== 'Delete') {
    try {
      reason = await ensureIssuerKeys(runtimeSecrets(), {
        issuerSecretId: event.ResourceProperties.IssuerSecretId,
        clientSecretId: event.ResourceProperties.ClientSecretId,
      });
    } catch (error) {
      status = 'FAILED';
      // The message names the failing call, never a secret value.
      reason = error instanceof Error ? error.message : 'unknown error';
    }
  }
  const response = await fetch(event.ResponseURL, {
    method: 'PUT',
    headers: { 'content-type': '' },
    body: JSON.stringify({
      Status: status,
      Reason: reason,
      PhysicalResourceId: event.PhysicalResourceId ?? physicalId,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
      NoEcho: true,
      Data: {},
    }),
  });
  if (!response.ok)
    throw new Error(`CloudFormation answered ${response.status} to the custom resource response`);
}
