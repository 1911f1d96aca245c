import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
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

let lambdaEnv: Record<string, string>;

beforeAll(async () => {
  const { template } = await synthesizeYijian(undefined, readFunctionConfig(DEPLOY_ENV));
  const functions = Object.values(
    template.findResources('AWS::Lambda::Function', {
      Properties: { Runtime: 'nodejs24.x', Description: Match.stringLikeRegexp('^Yijian public API') },
    }),
  );
  expect(functions).toHaveLength(1);
  lambdaEnv = functions[0]?.Properties.Environment.Variables;
});

describe('configuration of the public API function', () => {
  it('carries the deployment’s shards, contact retention and idempotency window', () => {
    expect(lambdaEnv).toMatchObject(DEPLOY_ENV);
  });

  it('is read back by the function as what the site states and the deployment set', () => {
    const asTheFunctionReadsIt = readConfig({ ...lambdaEnv, TABLE_NAME: 'yijian-table' });
    expect(asTheFunctionReadsIt.contactRetentionDays).toBe(readSiteConfig(DEPLOY_ENV).contactRetentionDays);
    expect(asTheFunctionReadsIt).toMatchObject(readFunctionConfig(DEPLOY_ENV));
    expect(asTheFunctionReadsIt).toMatchObject({
      contactRetentionDays: 90,
      idempotencyTtlHours: 48,
      commentShards: 32,
      counterShards: 4,
    });
  });
});
