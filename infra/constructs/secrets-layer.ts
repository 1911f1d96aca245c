import { CfnMapping, Fn, Stack, Token } from 'aws-cdk-lib';
import { type ILayerVersion, LayerVersion } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { PARAMS_SECRETS_ARM64_LAYERS, resolveParamsSecretsLayerArn } from '../secrets-extension.ts';

/**
 * The Parameters and Secrets extension layer for a function in `scope`: the ARN resolved at synthesis, or
 * for a region-less template a lookup by `AWS::Region` in a mapping of the pinned layers.
 */
export function paramsSecretsLayer(scope: Construct, id: string, arn: string | undefined): ILayerVersion {
  const stack = Stack.of(scope);
  const known =
    arn ??
    (Token.isUnresolved(stack.region) ? undefined : resolveParamsSecretsLayerArn(undefined, stack.region));
  if (known !== undefined) return LayerVersion.fromLayerVersionArn(scope, id, known);
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
