/**
 * How staff sign in on AWS (issue 8 §6), read once from the CDK context and checked before any construct
 * exists, like the deployment itself (infra/deployment.ts).
 */
import { type ContextReader, type Deployment, DeploymentContextError } from './deployment.ts';

export const SIGN_IN_PROVIDERS = ['builtin', 'cognito', 'external'] as const;
export type SignInProvider = (typeof SIGN_IN_PROVIDERS)[number];

export type SignIn =
  /** The built-in issuer (functions/oidc-issuer) as its own function behind `/oidc`. */
  | { readonly provider: 'builtin' }
  /** A Cognito user pool with groups admin/moderator/drafter; not offered in the China regions. */
  | { readonly provider: 'cognito'; readonly domainPrefix?: string }
  /** An OpenID Connect provider the office already runs; its client secret sits in Secrets Manager. */
  | {
      readonly provider: 'external';
      readonly issuerUrl: string;
      readonly clientId: string;
      /** Name or ARN of a Secrets Manager secret the operator created (a JSON `{"clientSecret": …}` or the bare secret). */
      readonly clientSecretId: string;
      readonly rolesClaim?: string;
      readonly officeClaim?: string;
      readonly scope?: string;
    };

const COGNITO_DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const SECRET_ARN = /^arn:aws(-cn|-us-gov)?:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const CLAIM = /^[A-Za-z0-9:_.-]{1,100}$/;

/**
 * Resolves `-c signIn=builtin|cognito|external` and the keys each provider needs:
 * cognito: `cognitoDomainPrefix` (optional); external: `oidcIssuer`, `oidcClientId`, `oidcClientSecretId`,
 * optionally `oidcRolesClaim`, `oidcOfficeClaim`, `oidcScope`.
 * @default builtin everywhere (it is the only provider that works in every partition)
 * @throws DeploymentContextError for cognito in the China regions, or missing or malformed values
 */
export function resolveSignIn(context: ContextReader, deployment: Deployment): SignIn {
  const provider = text(context, 'signIn') ?? 'builtin';
  if (!(SIGN_IN_PROVIDERS as readonly string[]).includes(provider)) {
    throw new DeploymentContextError(
      `-c signIn=${provider} is not a staff sign-in provider: use ${SIGN_IN_PROVIDERS.join(', ')}.`,
    );
  }
  if (provider === 'cognito') {
    if (deployment.kind !== 'global') {
      throw new DeploymentContextError(
        'Amazon Cognito user pools are not offered in the AWS China regions, so -c signIn=cognito is refused ' +
          'for a China (or region-less) deployment: use -c signIn=builtin (the default) or ' +
          '-c signIn=external with the office’s own OpenID Connect provider.',
      );
    }
    const domainPrefix = text(context, 'cognitoDomainPrefix');
    if (domainPrefix !== undefined && !COGNITO_DOMAIN_PREFIX.test(domainPrefix)) {
      throw new DeploymentContextError(
        `-c cognitoDomainPrefix=${domainPrefix} is not a Cognito domain prefix (lower-case letters, digits, hyphens).`,
      );
    }
    return domainPrefix === undefined ? { provider } : { provider, domainPrefix };
  }
  if (provider === 'external') {
    const issuerUrl = required(
      context,
      'oidcIssuer',
      'the issuer URL, e.g. https://sso.example.gov.cn/realms/staff',
    );
    const clientId = required(context, 'oidcClientId', 'the client id registered at that issuer');
    const clientSecretId = required(
      context,
      'oidcClientSecretId',
      'the name or ARN of the Secrets Manager secret holding the client secret (create it first)',
    );
    let url: URL | undefined;
    try {
      url = new URL(issuerUrl);
    } catch {
      url = undefined;
    }
    if (url?.protocol !== 'https:') {
      throw new DeploymentContextError(`-c oidcIssuer=${issuerUrl} must be an https:// URL.`);
    }
    if (!SECRET_ARN.test(clientSecretId) && !SECRET_NAME.test(clientSecretId)) {
      throw new DeploymentContextError(
        `-c oidcClientSecretId=${clientSecretId} is neither a Secrets Manager secret name nor its ARN.`,
      );
    }
    const optional = (key: string, pattern: RegExp) => {
      const value = text(context, key);
      if (value !== undefined && !pattern.test(value)) {
        throw new DeploymentContextError(`-c ${key}=${value} is not a valid value.`);
      }
      return value;
    };
    const rolesClaim = optional('oidcRolesClaim', CLAIM);
    const officeClaim = optional('oidcOfficeClaim', CLAIM);
    const scope = optional('oidcScope', /^openid( [A-Za-z0-9:_.-]+)*$/);
    return {
      provider,
      issuerUrl,
      clientId,
      clientSecretId,
      ...(rolesClaim === undefined ? {} : { rolesClaim }),
      ...(officeClaim === undefined ? {} : { officeClaim }),
      ...(scope === undefined ? {} : { scope }),
    };
  }
  return { provider: 'builtin' };
}

/** Whether `-c oidcClientSecretId` names the secret by ARN (else by name). */
export const isSecretArn = (id: string): boolean => SECRET_ARN.test(id);

function text(context: ContextReader, key: string): string | undefined {
  const value = context(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new DeploymentContextError(`-c ${key} must be a string.`);
  return value.trim();
}

function required(context: ContextReader, key: string, what: string): string {
  const value = text(context, key);
  if (value === undefined) {
    throw new DeploymentContextError(`-c signIn=external needs -c ${key}=<${what}>.`);
  }
  return value;
}
