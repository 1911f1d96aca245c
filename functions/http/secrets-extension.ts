/**
 * Reads a secret through the AWS Parameters and Secrets Lambda extension, a local HTTP cache of Secrets
 * Manager: no SDK client in the bundle, and the value is fetched once per execution environment.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html
 */
export interface SecretsExtension {
  /** `AWS_SESSION_TOKEN` of the function: the extension accepts only requests that carry it. */
  sessionToken: string;
  /** `PARAMETERS_SECRETS_EXTENSION_HTTP_PORT`, 2773 unless set. */
  port: number;
  fetch?: typeof fetch;
}

/** The secret's string; `undefined` when the stage does not exist (e.g. no AWSPREVIOUS before a rotation). */
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
  if (!response.ok)
    throw new Error(`Could not read secret ${secretId} (${versionStage}): HTTP ${response.status}`);
  const body: unknown = await response.json();
  const value =
    typeof body === 'object' && body !== null && 'SecretString' in body ? body.SecretString : undefined;
  if (typeof value !== 'string') throw new Error(`Secret ${secretId} has no SecretString.`);
  return value;
}
