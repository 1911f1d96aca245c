import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { z } from 'zod';

/**
 * The issuer's secrets: private signing keys (published as the JWKS), the keys that sign its cookies, and
 * the staff client's secret. Read once per process (a Lambda's cold start) through `IssuerSecretsSource`.
 */
const PrivateJwk = z.looseObject({
  kty: z.enum(['RSA', 'EC']),
  kid: z.string(),
  alg: z.string(),
  d: z.string(),
});
export const IssuerSecrets = z
  .object({
    jwks: z.object({ keys: z.array(PrivateJwk).min(1) }).strict(),
    cookieKeys: z.array(z.string().min(32)).min(1),
    clientSecret: z.string().min(32),
  })
  .strict();
export type IssuerSecrets = z.infer<typeof IssuerSecrets>;

/** Where the secrets come from: a file under ./var locally, Secrets Manager on AWS. */
export interface IssuerSecretsSource {
  load(): Promise<IssuerSecrets>;
}

/** Fresh secrets: an RS256 and an ES256 signing key (RS256 first, the default for ID tokens), random keys. */
export async function generateIssuerSecrets(): Promise<IssuerSecrets> {
  const signingKey = async (alg: 'RS256' | 'ES256') => {
    const { privateKey } = await generateKeyPair(alg, { extractable: true, modulusLength: 2048 });
    const jwk = await exportJWK(privateKey);
    return PrivateJwk.parse({ ...jwk, alg, use: 'sig', kid: await calculateJwkThumbprint(jwk) });
  };
  return {
    jwks: { keys: [await signingKey('RS256'), await signingKey('ES256')] },
    cookieKeys: [randomBytes(32).toString('base64url')],
    clientSecret: randomBytes(32).toString('base64url'),
  };
}

/**
 * Local mode: a JSON file readable by its owner only (mode 600), generated on first start and kept, so that
 * sessions, tokens and the client secret survive restarts.
 */
export class FileIssuerSecrets implements IssuerSecretsSource {
  readonly #path: string;

  constructor(path: string) {
    this.#path = path;
  }

  async load(): Promise<IssuerSecrets> {
    let text: string | undefined;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
    }
    if (text !== undefined) {
      // Tighten a file someone loosened; the keys sign every token of this issuer.
      await chmod(this.#path, 0o600);
      return parseIssuerSecrets(text, this.#path);
    }
    const secrets = await generateIssuerSecrets();
    await mkdir(dirname(this.#path), { recursive: true, mode: 0o700 });
    await writeFile(this.#path, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    return secrets;
  }
}

/**
 * AWS: one Secrets Manager secret whose SecretString is the JSON of `IssuerSecrets`. How the string is fetched
 * is injected (the SDK's GetSecretValue, or the Parameters and Secrets Lambda extension), so this module needs
 * no AWS package and the infra chooses.
 */
export class SecretStringIssuerSecrets implements IssuerSecretsSource {
  readonly #secretId: string;
  readonly #read: (secretId: string) => Promise<string>;

  constructor(secretId: string, read: (secretId: string) => Promise<string>) {
    this.#secretId = secretId;
    this.#read = read;
  }

  async load(): Promise<IssuerSecrets> {
    return parseIssuerSecrets(await this.#read(this.#secretId), this.#secretId);
  }
}

function parseIssuerSecrets(text: string, where: string): IssuerSecrets {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`The issuer secrets in ${where} are not JSON`, { cause: error });
  }
  const result = IssuerSecrets.safeParse(json);
  if (!result.success) throw new Error(`The issuer secrets in ${where} are invalid: ${result.error.message}`);
  return result.data;
}
