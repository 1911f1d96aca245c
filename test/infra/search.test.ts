import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  INDEXER_BATCH_SIZE,
  INDEXER_BATCHING_WINDOW,
  INDEXER_RETRY_ATTEMPTS,
} from '../../infra/constructs/search.ts';
import { policyStatements, type SynthesizedYijian, synthesizeYijian } from './synth.ts';

let synthesized: SynthesizedYijian;
let template: Template;

beforeAll(async () => {
  synthesized = await synthesizeYijian();
  template = synthesized.template;
});

const logicalId = (construct: { node: { defaultChild?: unknown } }, fallback?: unknown) =>
  synthesized.stack.getLogicalId(
    (construct.node.defaultChild ?? fallback) as Parameters<SynthesizedYijian['stack']['getLogicalId']>[0],
  );
const bucketId = () => logicalId(synthesized.stack.search.bucket);
const statementsOf = (policyPrefix: string) =>
  policyStatements(template).filter((s) => s.policy.startsWith(policyPrefix));
const functionNamed = (description: RegExp) => {
  const found = Object.entries(
    template.findResources('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp(description.source) },
    }),
  );
  expect(found).toHaveLength(1);
  const [first] = found;
  if (first === undefined) throw new Error(`no function described ${description}`);
  return { id: first[0], fn: first[1] };
};
/** Whether a policy resource names the search bucket (its ARN or its objects). */
const onSearchBucket = (resource: unknown) => JSON.stringify(resource).includes(bucketId());

describe('table stream', () => {
  it('is on, with both images (a decision becomes an index update)', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });
});

describe('search bucket', () => {
  it('is KMS-encrypted, private, owner-enforced and never expires an index', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    const bucket = buckets[bucketId()]?.Properties;
    expect(bucket).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          expect.objectContaining({
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' },
          }),
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    const rules: Record<string, unknown>[] = bucket?.LifecycleConfiguration?.Rules ?? [];
    expect(rules.filter((r) => 'ExpirationInDays' in r)).toEqual([]);
    expect(buckets[bucketId()]?.DeletionPolicy).toBe('Retain');
  });

  it('refuses plain HTTP and old TLS, and refuses a log segment PUT without If-None-Match', () => {
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy')).filter((p) =>
      JSON.stringify(p.Properties.Bucket).includes(bucketId()),
    );
    expect(policies).toHaveLength(1);
    const statements: { Sid?: string; Resource?: unknown }[] =
      policies[0]?.Properties.PolicyDocument.Statement ?? [];
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({
          Effect: 'Deny',
          Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
        }),
        expect.objectContaining({
          Sid: 'SegmentsAreCreatedOnce',
          Effect: 'Deny',
          Action: 's3:PutObject',
          Condition: { Null: { 's3:if-none-match': 'true' } },
        }),
      ]),
    );
    const segmentsOnly = statements.find((s) => s.Sid === 'SegmentsAreCreatedOnce');
    expect(JSON.stringify(segmentsOnly?.Resource)).toContain('/*/log/*');
  });
});

describe('indexer', () => {
  it('runs on Node.js 24, arm64, with room for the indexes, and knows the bucket and the table', () => {
    const { fn } = functionNamed(/^Yijian search indexer/);
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Timeout: 300,
      Environment: {
        Variables: expect.objectContaining({
          SEARCH_BUCKET: { Ref: bucketId() },
          TABLE_NAME: expect.anything(),
        }),
      },
    });
  });

  it('is the one consumer of the stream: batched, filtered to comment items, bisecting, bounded retries, a DLQ', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).filter((m) =>
      JSON.stringify(m.Properties.EventSourceArn).includes('StreamArn'),
    );
    expect(mappings).toHaveLength(1);
    const { id: indexerId } = functionNamed(/^Yijian search indexer/);
    expect(mappings[0]?.Properties).toEqual({
      EventSourceArn: { 'Fn::GetAtt': [expect.any(String), 'StreamArn'] },
      FunctionName: { Ref: indexerId },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: INDEXER_BATCH_SIZE,
      MaximumBatchingWindowInSeconds: INDEXER_BATCHING_WINDOW.toSeconds(),
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: INDEXER_RETRY_ATTEMPTS,
      ParallelizationFactor: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [logicalId(synthesized.stack.search.deadLetterQueue), 'Arn'] },
        },
      },
      FilterCriteria: {
        Filters: [{ Pattern: JSON.stringify({ dynamodb: { Keys: { sk: { S: [{ prefix: 'CMT#' }] } } } }) }],
      },
    });
  });

  it('may read the stream, read comments and counters (CONS#… keys only) and write the bucket, nothing else', () => {
    const statements = statementsOf('SearchIndexerRole');
    const actions = statements.flatMap((s) => s.Action).sort();
    expect(actions.some((a) => a.endsWith('*'))).toBe(false);
    for (const write of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Scan'])
      expect(actions).not.toContain(write);
    const stream = statements.find((s) => s.Action.includes('dynamodb:GetRecords'));
    expect(stream?.Resource).toEqual([{ 'Fn::GetAtt': [expect.any(String), 'StreamArn'] }]);
    const reads = statements.find((s) => s.Action.includes('dynamodb:Query'));
    expect(reads?.Action.sort()).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    expect(reads?.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CONS#*'] } });
    const s3 = statements.filter((s) => s.Action.some((a) => a.startsWith('s3:')));
    expect(s3.every((s) => s.Resource.every(onSearchBucket))).toBe(true);
    expect(s3.flatMap((s) => s.Action).sort()).toEqual([
      's3:DeleteObject',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
    ]);
    const dlq = statements.find((s) => s.Action.includes('sqs:SendMessage'));
    expect(JSON.stringify(dlq?.Resource)).toContain(logicalId(synthesized.stack.search.deadLetterQueue));
  });

  it('alarms on batches in the dead-letter queue, on stream lag and on function errors', () => {
    const { id: indexerId } = functionNamed(/^Yijian search indexer/);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalId(synthesized.stack.search.deadLetterQueue), 'QueueName'] },
        },
      ],
      Threshold: 1,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IteratorAge',
      Statistic: 'Maximum',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: indexerId } }],
      Threshold: 600_000,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: indexerId } }],
    });
  });
});

describe('staff and public API', () => {
  it('lets the staff API read the indexes and append segments, never write snapshots or delete', () => {
    const { fn } = functionNamed(/^Yijian staff API/);
    expect(fn.Properties.Environment.Variables.SEARCH_BUCKET).toEqual({ Ref: bucketId() });
    expect(fn.Properties.MemorySize).toBe(1024);
    const onBucket = statementsOf('StaffApiFunctionRole').filter((s) => s.Resource.some(onSearchBucket));
    const granted = (action: string) =>
      onBucket
        .filter((s) => s.Effect === 'Allow' && s.Action.includes(action))
        .flatMap((s) => s.Resource)
        // CDK merges statements with the same actions: the exports bucket's grants may share them.
        .filter(onSearchBucket);
    expect(granted('s3:GetObject')).toEqual([
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId(), 'Arn'] }, '/*']] },
    ]);
    expect(granted('s3:PutObject')).toEqual([
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId(), 'Arn'] }, '/*/log/*']] },
    ]);
    expect(granted('s3:ListBucket')).toEqual([{ 'Fn::GetAtt': [bucketId(), 'Arn'] }]);
    expect(onBucket.flatMap((s) => s.Action).sort()).toEqual([
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
    ]);
  });

  it('gives the public API no S3 access at all and no search bucket', () => {
    const { fn } = functionNamed(/^Yijian public API/);
    expect(fn.Properties.Environment.Variables.SEARCH_BUCKET).toBeUndefined();
    expect(
      statementsOf('PublicApiRole')
        .flatMap((s) => s.Action)
        .filter((a) => a.startsWith('s3:')),
    ).toEqual([]);
  });

  it('ships jieba’s arm64 Linux build and dictionary beside the indexer and the staff API bundles', () => {
    for (const description of [/^Yijian search indexer/, /^Yijian staff API/]) {
      const { fn } = functionNamed(description);
      const dir = join(
        synthesized.app.outdir,
        `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`,
      );
      const modules = join(dir, 'node_modules', '@node-rs');
      expect(existsSync(join(modules, 'jieba-linux-arm64-gnu', 'jieba.linux-arm64-gnu.node')), dir).toBe(
        true,
      );
      expect(existsSync(join(modules, 'jieba', 'dict.txt'))).toBe(true);
    }
  });
});
