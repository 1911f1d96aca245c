/**
 * The AWS Parameters and Secrets Lambda extension (a layer serving Secrets Manager on localhost:2773), which
 * lets the staff and issuer functions read their secrets without the Secrets Manager SDK. AWS publishes the
 * layer per region and architecture, from a different account in each China region. aws-cdk-lib 2.276 knows
 * no arm64 build for the China regions, hence this table of our own.
 *
 * Source: AWS Secrets Manager User Guide, "AWS Parameters and Secrets Lambda Extension ARNs", table
 * "Extension ARNs for ARM64" (last updated July 28, 2026). A newer version: `-c paramsSecretsLayerArn=<arn>`.
 */
import { DeploymentContextError } from './deployment.ts';

/** Account that publishes the layer in each region, and the arm64 layer version we pinned. */
export const PARAMS_SECRETS_ARM64_LAYERS = {
  'cn-north-1': { account: '287114880934', version: 89 },
  'cn-northwest-1': { account: '287310001119', version: 83 },
  'ap-east-1': { account: '768336418462', version: 94 },
  'ap-northeast-1': { account: '133490724326', version: 100 },
  'ap-southeast-1': { account: '044395824272', version: 101 },
  'eu-central-1': { account: '187925254637', version: 101 },
  'eu-west-1': { account: '015030872274', version: 101 },
  'us-east-1': { account: '177933569100', version: 99 },
  'us-west-2': { account: '345057560386', version: 99 },
} as const;

const LAYER_NAME = 'AWS-Parameters-and-Secrets-Lambda-Extension-Arm64';
const LAYER_ARN = /^arn:aws(-cn|-us-gov)?:lambda:[a-z0-9-]+:\d{12}:layer:[A-Za-z0-9_-]+:\d+$/;

export const paramsSecretsLayerArnOf = (region: string): string | undefined => {
  const entry = (PARAMS_SECRETS_ARM64_LAYERS as Record<string, { account: string; version: number }>)[region];
  if (entry === undefined) return undefined;
  const partition = region.startsWith('cn-') ? 'aws-cn' : 'aws';
  return `arn:${partition}:lambda:${region}:${entry.account}:layer:${LAYER_NAME}:${entry.version}`;
};

/**
 * The layer ARN for a known region (`-c paramsSecretsLayerArn` wins), or undefined for a region-less
 * template, which looks the layer up by `AWS::Region` from the table at deploy time.
 * @throws DeploymentContextError for a region without a pinned layer and no override
 */
export function resolveParamsSecretsLayerArn(
  override: unknown,
  region: string | undefined,
): string | undefined {
  if (override !== undefined && override !== null && override !== '') {
    if (typeof override !== 'string' || !LAYER_ARN.test(override)) {
      throw new DeploymentContextError(
        `-c paramsSecretsLayerArn=${String(override)} is not a Lambda layer version ARN.`,
      );
    }
    return override;
  }
  if (region === undefined) return undefined;
  const arn = paramsSecretsLayerArnOf(region);
  if (arn === undefined) {
    throw new DeploymentContextError(
      `No AWS Parameters and Secrets Lambda extension layer is pinned for ${region}: add ` +
        `-c paramsSecretsLayerArn=arn:aws:lambda:${region}:<account>:layer:${LAYER_NAME}:<version> from the ` +
        'Secrets Manager User Guide ("AWS Parameters and Secrets Lambda Extension ARNs", ARM64 table).',
    );
  }
  return arn;
}
