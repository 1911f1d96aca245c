import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, type IGrantable, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { exportJobKey } from '../../shared/store/dynamodb/keys.ts';
import { ApiFunction } from './api-function.ts';

export interface ExportJobsProps {
  readonly table: ITableV2;
  /** Entry of the worker (functions/export/handler.ts). */
  readonly entry: string;
  /** The functions' shared environment (TABLE_NAME, shards, …). */
  readonly environment: Record<string, string>;
  readonly logRetention: RetentionDays;
  /** Where S3 writes the bucket's access logs; without one, the finding is acknowledged (see below). */
  readonly serverAccessLogsBucket?: IBucket;
}

/** How long finished files and queued requests are kept: a file is for downloading now, not for archiving. */
export const EXPORT_FILE_DAYS = 7;
export const EXPORT_REQUEST_DAYS = 1;
/** A job the worker failed this many times goes to the dead-letter queue (and raises the alarm). */
export const EXPORT_MAX_RECEIVES = 3;
/** A million-row XLSX takes about a minute and a half here; Lambda's ceiling leaves a wide margin. */
export const EXPORT_TIMEOUT = Duration.minutes(15);

/**
 * Issue 10 §4 in AWS: the exports bucket (KMS-encrypted, private, TLS only, files expire), the queue that
 * the bucket notifies when the staff API writes a job request under requests/, the worker that the queue
 * triggers one message at a time, its dead-letter queue and an alarm on it. The worker may read the
 * table, update only export job items, and write only under exports/.
 */
export class ExportJobs extends Construct {
  public readonly bucket: Bucket;
  public readonly queue: Queue;
  public readonly deadLetterQueue: Queue;
  public readonly worker: ApiFunction;
  public readonly failedJobsAlarm: Alarm;

  public constructor(scope: Construct, id: string, props: ExportJobsProps) {
    super(scope, id);

    const stack = Stack.of(this);
    // Named, so that the queue's policy can name the bucket without a reference cycle (see below).
    const bucketName = `${stack.stackName.toLowerCase()}-exports-${stack.account}-${stack.region}`;
    this.bucket = new Bucket(this, 'Bucket', {
      bucketName,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // Files may hold contact data (the internal variant): encrypted under KMS, not only S3-managed keys.
      encryption: BucketEncryption.KMS_MANAGED,
      bucketKeyEnabled: true,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        { id: 'files', prefix: 'exports/', expiration: Duration.days(EXPORT_FILE_DAYS) },
        { id: 'requests', prefix: 'requests/', expiration: Duration.days(EXPORT_REQUEST_DAYS) },
        // A worker that died mid-upload leaves an incomplete multipart upload: never visible, but billed.
        { id: 'stray-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      ...(props.serverAccessLogsBucket === undefined
        ? {}
        : {
            serverAccessLogsBucket: props.serverAccessLogsBucket,
            serverAccessLogsPrefix: 'exports-bucket/',
          }),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (props.serverAccessLogsBucket === undefined)
      Validations.of(this.bucket).acknowledge({
        id: 'AwsSolutions-S1',
        reason:
          'Every download of an export goes through the staff API, which checks the session and audits ' +
          'internal downloads before it issues a 5-minute presigned URL; files expire after 7 days.',
      });

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This is the dead-letter queue of the export queue.',
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Longer than one attempt, so a running job is not delivered to a second worker at the same time.
      visibilityTimeout: EXPORT_TIMEOUT.plus(Duration.minutes(5)),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: EXPORT_MAX_RECEIVES },
    });
    this.notifyQueueOfRequests(bucketName);

    this.worker = new ApiFunction(this, 'Worker', {
      entry: props.entry,
      description: 'Yijian export worker: streams a consultation’s comments into XLSX/DOCX/CSV/NDJSON on S3',
      logRetention: props.logRetention,
      memorySize: 1024,
      timeout: EXPORT_TIMEOUT,
      environment: { ...props.environment, EXPORT_BUCKET: this.bucket.bucketName },
    });
    this.worker.addToRolePolicy(
      new PolicyStatement({
        // Consultation, counters and comments (pattern 3), contact items in batches (internal variant).
        actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
        resources: [props.table.tableArn],
      }),
    );
    this.worker.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [exportJobKey('*').pk] } },
      }),
    );
    this.worker.addToRolePolicy(
      new PolicyStatement({
        // PutObject covers Create/UploadPart/CompleteMultipartUpload.
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: [this.bucket.arnForObjects('exports/*')],
      }),
    );
    this.worker.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 1, reportBatchItemFailures: true }),
    );
    Validations.of(this.worker.role ?? this.worker).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(this.bucket.node.defaultChild as CfnBucket)}.Arn>/exports/*]`,
      reason:
        'The worker writes one file per job under exports/<consultation>/<job>; the keys are made per job.',
    });

    this.failedJobsAlarm = new Alarm(this, 'FailedJobs', {
      alarmDescription: 'An export job failed every attempt and is in the dead-letter queue.',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * The bucket tells the queue of each request object. Written on the bucket itself (the L1 property)
   * rather than with addEventNotification, whose custom-resource handler would bring an AWS managed policy
   * into the stack. S3 checks the queue's policy when it sets the notification, so the bucket waits for it;
   * the policy names the bucket by its name, not by a reference, or the two would depend on each other.
   */
  private notifyQueueOfRequests(bucketName: string): void {
    const stack = Stack.of(this);
    const bucketArn = `arn:${stack.partition}:s3:::${bucketName}`;
    const policy = this.queue.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('s3.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.queue.queueArn],
        conditions: {
          ArnEquals: { 'aws:SourceArn': bucketArn },
          StringEquals: { 'aws:SourceAccount': stack.account },
        },
      }),
    );
    const cfnBucket = this.bucket.node.defaultChild as CfnBucket;
    cfnBucket.notificationConfiguration = {
      queueConfigurations: [
        {
          event: 's3:ObjectCreated:*',
          queue: this.queue.queueArn,
          filter: { s3Key: { rules: [{ name: 'prefix', value: 'requests/' }] } },
        },
      ],
    };
    if (policy.policyDependable !== undefined) cfnBucket.node.addDependency(policy.policyDependable);
  }

  /**
   * What the staff API needs: put job items, queue a job (a request object) and presign downloads. Its
   * table access is granted with the rest of its routes; this adds the bucket and EXPORT_BUCKET.
   */
  public grantStaffApi(staffApi: IGrantable & { addEnvironment(key: string, value: string): unknown }): void {
    staffApi.addEnvironment('EXPORT_BUCKET', this.bucket.bucketName);
    staffApi.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('requests/*')],
      }),
    );
    staffApi.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        // HeadObject and the presigned GetObject; the URL carries the staff API's own permission.
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects('exports/*')],
      }),
    );
    staffApi.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['s3:DeleteObject', 's3:PutObject'],
        resources: [this.bucket.arnForObjects('exports/*')],
      }),
    );
  }
}
