import { CfnMapping, Fn, Stack } from 'aws-cdk-lib';
import { type ILayerVersion, LayerVersion } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { PARAMS_SECRETS_ARM64_LAYERS } from '../secrets-extension.ts';

/**
 * The Parameters and Secrets extension layer for a function in `scope`: the ARN resolved at synthesis, or
 * for a region-less template a lookup by `AWS::Region` in a mapping of the pinned layers.
 */
export function paramsSecretsLayer(scope: Construct, id: string, arn: string | undefined): ILayerVersion {
  if (arn !== undefined) return LayerVersion.fromLayerVersionArn(scope, id, arn);
  const stack = Stack.of(scope);
  const mappingId = 'ParamsSecretsLayers';
  const mapping =
    (stack.node.tryFindChild(mappingId) as CfnMapping | undefined) ??
    new CfnMapping(stack, mappingId, {
      mapping: Object.fromEntries(
        Object.entries(PARAMS_SECRETS_ARM64_LAYERS).map(([region, layer]) => [
          region,
          { account: layer.account, version: String(layer.version) },
        ]),
      ),
    });
  return LayerVersion.fromLayerVersionArn(
    scope,
    id,
    Fn.join(':', [
      'arn',
      stack.partition,
      'lambda',
      stack.region,
      mapping.findInMap(stack.region, 'account'),
      'layer',
      'AWS-Parameters-and-Secrets-Lambda-Extension-Arm64',
      mapping.findInMap(stack.region, 'version'),
    ]),
  );
}
