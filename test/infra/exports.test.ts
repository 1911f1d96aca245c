import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json' with { type: 'json' };
import { addComplianceChecks } from '../../infra/checks.ts';
import { EXPORT_MAX_RECEIVES, ExportJobs } from '../../infra/constructs/exports.ts';
import { policyStatements } from './synth.ts';

let app: App;
let template: Template;

beforeAll(() => {
  app = new App({ context: cdkJson.context, outdir: mkdtempSync(join(tmpdir(), 'yijian-exports-out-')) });
  const stack = new Stack(app, 'ExportsOnly');
  const table = new TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
  new ExportJobs(stack, 'Exports', {
    table,
    entry: join(import.meta.dirname, '../../functions/export/handler.ts'),
    environment: { TABLE_NAME: table.tableName },
    logRetention: RetentionDays.SIX_MONTHS,
  });
  addComplianceChecks(app);
  template = Template.fromStack(stack);
}, 120_000);

describe('exports bucket', () => {
  it('is KMS-encrypted, private, TLS only, and expires files, requests and stray uploads', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }),
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: 'exports/', ExpirationInDays: 7, Status: 'Enabled' }),
          Match.objectLike({ Prefix: 'requests/', ExpirationInDays: 1, Status: 'Enabled' }),
          Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('queue, worker and alarm', () => {
  it('the bucket notifies the queue of requests only; the queue triggers the worker one message at a time', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Event: 's3:ObjectCreated:*',
            Queue: Match.anyValue(),
            Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'requests/' }] } },
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'sqs:SendMessage',
            Principal: { Service: 's3.amazonaws.com' },
            Condition: Match.objectLike({ ArnEquals: Match.anyValue() }),
          }),
        ]),
      },
    });
    // No custom-resource handler (and its AWS managed policy) for the notification.
    template.resourceCountIs('Custom::S3BucketNotifications', 0);
    template.resourcePropertiesCountIs('AWS::IAM::Role', { ManagedPolicyArns: Match.anyValue() }, 0);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: Match.objectLike({ maxReceiveCount: EXPORT_MAX_RECEIVES }),
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 1200,
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Timeout: 900,
      Environment: { Variables: Match.objectLike({ EXPORT_BUCKET: Match.anyValue() }) },
    });
  });

  it('alarms when a job lands in the dead-letter queue', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it("the worker's permissions: read the table, update export jobs only, write under exports/ only", () => {
    const worker = Object.keys(template.findResources('AWS::IAM::Role')).find((id) =>
      id.startsWith('ExportsWorkerRole'),
    );
    if (worker === undefined) throw new Error('no worker role');
    const statements = policyStatements(template).filter((s) => s.policy.startsWith('ExportsWorkerRole'));
    const actions = statements.flatMap((s) => s.Action).sort();
    expect(actions).not.toContain('dynamodb:PutItem');
    expect(actions).not.toContain('dynamodb:DeleteItem');
    expect(
      actions.filter((a) => a.startsWith('s3:') && !['s3:PutObject', 's3:AbortMultipartUpload'].includes(a)),
    ).toEqual([]);
    const update = statements.find((s) => s.Action.includes('dynamodb:UpdateItem'));
    expect(update?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['EXPORT#*'] },
    });
    const put = statements.find((s) => s.Action.includes('s3:PutObject'));
    expect(JSON.stringify(put?.Resource)).toContain('/exports/*');
    expect(actions.some((a) => a.endsWith('*') && !a.startsWith('sqs:'))).toBe(false);
  });

  it('leaves no cdk-nag finding unacknowledged', () => {
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });
});
