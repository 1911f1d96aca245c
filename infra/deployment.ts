/**
 * Where a deployment goes, read once from the CDK context (`-c region=… -c domain=…`) and checked before
 * any construct exists, so that a refused deployment never reaches CloudFormation.
 */

/** The AWS China regions (partition `aws-cn`): Beijing and Ningxia. */
export const CHINA_REGIONS = ['cn-north-1', 'cn-northwest-1'] as const;
export type ChinaRegion = (typeof CHINA_REGIONS)[number];

const RESIDENCY_REASON =
  'Yijian stores the personal information of commenters for a PRC government body, which must keep it ' +
  'in mainland China (PIPL Art.36; 个人信息保护法第三十六条)';

/** The site's own domain and its certificate. */
export interface SiteDomain {
  /** An ICP-recorded domain in China; any domain elsewhere. */
  readonly domain: string;
  /** ID of a server certificate uploaded to IAM (CloudFront in China cannot use ACM). */
  readonly iamCertificateId: string;
}

export type Deployment =
  /** AWS China: Beijing or Ningxia, with an ICP-recorded domain and an IAM server certificate. */
  | { readonly kind: 'china'; readonly region: ChinaRegion; readonly site: SiteDomain }
  /** A region outside mainland China, only with `allowOutsideChina=true` (demos, tests). */
  | { readonly kind: 'global'; readonly region: string; readonly site?: SiteDomain }
  /**
   * No region: an environment-agnostic template for tests and checks. It carries a CloudFormation rule
   * that refuses to deploy outside the China regions unless outside deployments were allowed.
   */
  | { readonly kind: 'agnostic'; readonly allowOutsideChina: boolean };

/** Thrown for a context that cannot be deployed; the message says what to change and why. */
export class DeploymentContextError extends Error {
  public override readonly name = 'DeploymentContextError';
}

const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const DOMAIN_PATTERN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const IAM_CERTIFICATE_ID = /^[A-Z0-9]{16,128}$/;

export const isChinaRegion = (region: string): region is ChinaRegion =>
  (CHINA_REGIONS as readonly string[]).includes(region);

/** Reads a context value given on the command line (`-c key=value`), where every value is a string. */
export type ContextReader = (key: string) => unknown;

/**
 * Resolves the deployment from the CDK context keys `region`, `domain`, `iamCertificateId` and
 * `allowOutsideChina`.
 * @throws DeploymentContextError when the context names a region outside mainland China without
 *   `allowOutsideChina=true`, a China region without domain and certificate, or malformed values.
 */
export function resolveDeployment(context: ContextReader): Deployment {
  const region = optionalString(context, 'region');
  const domain = optionalString(context, 'domain');
  const iamCertificateId = optionalString(context, 'iamCertificateId');
  const allowOutsideChina = flag(context, 'allowOutsideChina');

  if ((domain === undefined) !== (iamCertificateId === undefined)) {
    throw new DeploymentContextError(
      'Give -c domain=<domain> and -c iamCertificateId=<IAM server certificate id> together: CloudFront ' +
        'serves a custom domain only with a certificate for it.',
    );
  }
  if (domain !== undefined && !DOMAIN_PATTERN.test(domain)) {
    throw new DeploymentContextError(
      `-c domain=${domain} is not a lower-case DNS name such as yijian.example.gov.cn.`,
    );
  }
  if (iamCertificateId !== undefined && !IAM_CERTIFICATE_ID.test(iamCertificateId)) {
    throw new DeploymentContextError(
      `-c iamCertificateId=${iamCertificateId} is not an IAM server certificate id (upper-case letters and ` +
        'digits, e.g. ASCACKCEVSQ6C2EXAMPLE; `aws iam list-server-certificates` lists them).',
    );
  }
  const site =
    domain !== undefined && iamCertificateId !== undefined ? { domain, iamCertificateId } : undefined;

  if (region === undefined) {
    if (site !== undefined) {
      throw new DeploymentContextError(
        'A domain needs a region: add -c region=cn-north-1 (Beijing) or -c region=cn-northwest-1 (Ningxia).',
      );
    }
    return { kind: 'agnostic', allowOutsideChina };
  }
  if (!REGION_PATTERN.test(region)) {
    throw new DeploymentContextError(`-c region=${region} is not an AWS region name such as cn-north-1.`);
  }
  if (isChinaRegion(region)) {
    if (site === undefined) {
      throw new DeploymentContextError(
        `CloudFront in the China regions serves content only on an ICP-recorded domain of your own, with a ` +
          'certificate from the IAM certificate store (it has no default domain and no ACM): add ' +
          '-c domain=<ICP-recorded domain> -c iamCertificateId=<IAM server certificate id>.',
      );
    }
    return { kind: 'china', region, site };
  }
  if (!allowOutsideChina) {
    throw new DeploymentContextError(
      `Refusing to deploy to ${region}: ${RESIDENCY_REASON}. Deploy to ${CHINA_REGIONS.join(' or ')}, or ` +
        'add -c allowOutsideChina=true for a deployment that holds no real personal information (demo, test).',
    );
  }
  return { kind: 'global', region, ...(site === undefined ? {} : { site }) };
}

/** Why the residency rule exists, for the CloudFormation rule of an environment-agnostic template. */
export const RESIDENCY_RULE_DESCRIPTION =
  `${RESIDENCY_REASON}: this template deploys only to ${CHINA_REGIONS.join(' or ')}. ` +
  'Synthesize with -c allowOutsideChina=true for a deployment elsewhere that holds no real personal information.';

function optionalString(context: ContextReader, key: string): string | undefined {
  const value = context(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new DeploymentContextError(`-c ${key} must be a string.`);
  return value.trim();
}

function flag(context: ContextReader, key: string): boolean {
  const value = context(key);
  if (value === undefined || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  throw new DeploymentContextError(`-c ${key} must be true or false, not ${JSON.stringify(value)}.`);
}
