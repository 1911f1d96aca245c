import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DeploymentContextError } from '../../infra/deployment.ts';
import { resolveWebAclArn } from '../../infra/web-acl.ts';
import { readConfig, readFunctionConfig, readSiteConfig } from '../../shared/config.ts';
import { synthesizeYijian } from './synth.ts';

// A deployment that departs from every default, as `CONTACT_RETENTION_DAYS=90 … npm run build:site &&
// npx cdk deploy` would set it.
const DEPLOY_ENV = {
  CONTACT_RETENTION_DAYS: '90',
  IDEMPOTENCY_TTL_HOURS: '48',
  COMMENT_SHARDS: '32',
  COUNTER_SHARDS: '4',
} as const;

// A web ACL for CloudFront, made outside the stack (`-c webAclArn=…`).
const WEB_ACL_ARN =
  'arn:aws:wafv2:us-east-1:111122223333:global/webacl/yijian/a1b2c3d4-5678-90ab-cdef-0123456789ab';

let template: Template;
let lambdaEnv: Record<string, unknown>;
let staffEnv: Record<string, unknown>;

beforeAll(async () => {
  ({ template } = await synthesizeYijian(
    undefined,
    readFunctionConfig(DEPLOY_ENV),
    undefined,
    resolveWebAclArn(WEB_ACL_ARN),
  ));
  const only = (description: RegExp) => {
    const functions = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp(description.source) },
      }),
    );
    expect(functions).toHaveLength(1);
    return functions[0]?.Properties.Environment.Variables;
  };
  lambdaEnv = only(/^Yijian public API/);
  staffEnv = only(/^Yijian staff API/);
});

describe('configuration of the public API function', () => {
  it('carries the deployment’s shards, contact retention and idempotency window', () => {
    expect(lambdaEnv).toMatchObject(DEPLOY_ENV);
  });

  it('is the staff API’s too: both read the same shards and retention', () => {
    expect(staffEnv).toMatchObject(DEPLOY_ENV);
  });

  it('is read back by the function as what the site states and the deployment set', () => {
    // The values CloudFormation fills in at deployment: the table's name and the two secrets' ARNs.
    const deployed = {
      TABLE_NAME: 'yijian-table',
      ORIGIN_VERIFY_SECRET_ID: 'arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:origin-AbCdEf',
      ABUSE_KEY_SECRET_ID: 'arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:abuse-AbCdEf',
    };
    const literal = Object.entries(lambdaEnv).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    );
    const references = Object.keys(lambdaEnv).filter((name) => typeof lambdaEnv[name] !== 'string');
    expect(references.sort()).toEqual(Object.keys(deployed).sort());
    const asTheFunctionReadsIt = readConfig({ ...Object.fromEntries(literal), ...deployed });
    expect(asTheFunctionReadsIt.contactRetentionDays).toBe(readSiteConfig(DEPLOY_ENV).contactRetentionDays);
    expect(asTheFunctionReadsIt).toMatchObject(readFunctionConfig(DEPLOY_ENV));
    expect(asTheFunctionReadsIt).toMatchObject({
      contactRetentionDays: 90,
      idempotencyTtlHours: 48,
      commentShards: 32,
      counterShards: 4,
      originVerifySecretId: deployed.ORIGIN_VERIFY_SECRET_ID,
      abuseKeySecretId: deployed.ABUSE_KEY_SECRET_ID,
    });
  });
});

describe('web ACL', () => {
  it('is attached to the distribution when the deployment names one', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ WebACLId: WEB_ACL_ARN }),
    });
  });

  it.each([
    'arn:aws:wafv2:eu-central-1:111122223333:regional/webacl/yijian/a1b2c3d4-5678-90ab-cdef-0123456789ab',
    'arn:aws:wafv2:us-east-1:111122223333:global/ipset/yijian/a1b2c3d4-5678-90ab-cdef-0123456789ab',
    'yijian-web-acl',
    42,
  ])('refuses %s, which CloudFront cannot use as a web ACL', (value) => {
    expect(() => resolveWebAclArn(value)).toThrow(DeploymentContextError);
  });

  it('takes none when none is given', () => {
    expect(resolveWebAclArn(undefined)).toBeUndefined();
    expect(resolveWebAclArn('')).toBeUndefined();
  });
});
