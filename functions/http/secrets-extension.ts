/**
 * The one client of the AWS Parameters and Secrets Lambda extension (the layer infra/constructs/secrets-layer.ts
 * adds to the public API, staff and issuer functions): a local HTTP cache of Secrets Manager, so that no
 * Secrets Manager SDK is bundled. It answers only during invocations, not while the execution environment
 * initialises, so callers read on the first request.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html
 */
export interface SecretsExtension {
  /** `AWS_SESSION_TOKEN` of the function: the extension accepts only requests that carry it. */
  sessionToken: string;
  /** `PARAMETERS_SECRETS_EXTENSION_HTTP_PORT`, 2773 unless set. */
  port: number;
  fetch?: typeof fetch;
}

/** The extension as the function's environment describes it. */
export function secretsExtensionOf(env: {
  AWS_SESSION_TOKEN?: string;
  PARAMETERS_SECRETS_EXTENSION_HTTP_PORT?: string;
}): SecretsExtension {
  return {
    sessionToken: env.AWS_SESSION_TOKEN ?? '',
    port: Number(env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? 2773),
  };
}

/**
 * The secret's string; `undefined` when an `AWSPREVIOUS` stage does not exist (before the first rotation).
 * @throws Error naming the secret and the HTTP status (never the value) when the extension refuses
 */
export async function readSecret(
  extension: SecretsExtension,
  secretId: string,
  versionStage: 'AWSCURRENT' | 'AWSPREVIOUS' = 'AWSCURRENT',
): Promise<string | undefined> {
  const url = new URL(`http://localhost:${extension.port}/secretsmanager/get`);
  url.searchParams.set('secretId', secretId);
  url.searchParams.set('versionStage', versionStage);
  const response = await (extension.fetch ?? fetch)(url, {
    headers: { 'X-Aws-Parameters-Secrets-Token': extension.sessionToken },
  });
  if (response.status === 400 || response.status === 404) {
    if (versionStage === 'AWSPREVIOUS') return undefined;
  }
  if (!response.ok) {
    throw new Error(`The secrets extension answered ${response.status} for ${secretId} (${versionStage})`);
  }
  const body: unknown = await response.json();
  const value =
    typeof body === 'object' && body !== null && 'SecretString' in body ? body.SecretString : undefined;
  if (typeof value !== 'string') throw new Error(`Secret ${secretId} has no SecretString.`);
  return value;
}

/** Reads the current value of a secret, as the staff API and the issuer need it. */
export function readViaSecretsExtension(env: {
  AWS_SESSION_TOKEN?: string;
  PARAMETERS_SECRETS_EXTENSION_HTTP_PORT?: string;
}): (secretId: string) => Promise<string> {
  const extension = secretsExtensionOf(env);
  return async (secretId) => {
    const value = await readSecret(extension, secretId);
    // AWSCURRENT always exists; readSecret returns undefined only for a missing AWSPREVIOUS.
    if (value === undefined) throw new Error(`Secret ${secretId} has no current value.`);
    return value;
  };
}
