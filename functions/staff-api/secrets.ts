import { z } from 'zod';

/**
 * Where the staff API's OIDC client secret comes from. Locally (and for a public client) it is the
 * environment's OIDC_CLIENT_SECRET or nothing; on AWS the environment names a Secrets Manager secret
 * (OIDC_CLIENT_SECRET_ID) and the value is read at run time, so that it never sits in the template or the
 * function's configuration.
 */
export const ClientSecretSource = z
  .object({
    secretId: z.string().min(1).optional(),
    value: z.string().min(1).optional(),
  })
  .refine((s) => s.secretId === undefined || s.value === undefined, {
    message: 'set OIDC_CLIENT_SECRET or OIDC_CLIENT_SECRET_ID, not both',
  });

export function readClientSecretSource(env: Record<string, string | undefined>) {
  const result = ClientSecretSource.safeParse({
    secretId: env.OIDC_CLIENT_SECRET_ID || undefined,
    value: env.OIDC_CLIENT_SECRET || undefined,
  });
  if (!result.success) {
    throw new Error(`Invalid staff configuration: ${result.error.issues.map((i) => i.message).join('; ')}`);
  }
  return result.data;
}

/** The secret's SecretString: a JSON object with `clientSecret` (what this stack writes), or the bare secret. */
const SecretJson = z.object({ clientSecret: z.string().min(1) }).loose();

export function clientSecretOf(secretString: string): string {
  let json: unknown;
  try {
    json = JSON.parse(secretString);
  } catch {
    json = undefined;
  }
  if (json === undefined || typeof json === 'string') {
    const bare = (typeof json === 'string' ? json : secretString).trim();
    if (bare === '') throw new Error('The OIDC client secret is empty');
    return bare;
  }
  const parsed = SecretJson.safeParse(json);
  if (!parsed.success) throw new Error('The OIDC client secret holds JSON without a "clientSecret" string');
  return parsed.data.clientSecret;
}

/** Resolves the client secret once: from the environment, or through `read` (the secrets extension). */
export async function loadClientSecret(
  source: z.infer<typeof ClientSecretSource>,
  read: (secretId: string) => Promise<string>,
): Promise<string | undefined> {
  if (source.secretId !== undefined) return clientSecretOf(await read(source.secretId));
  return source.value;
}
