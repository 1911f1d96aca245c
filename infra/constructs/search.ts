import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { AnyPrincipal, Effect, type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
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
import { COMMENT_SK_PREFIX, keys } from '../../shared/store/dynamodb/keys.ts';
import { ApiFunction } from './api-function.ts';
import { errorsAlarm } from './staff.ts';

export interface SearchIndexingProps {
  /** The table, with its stream (NEW_AND_OLD_IMAGES) enabled. */
  readonly table: ITableV2;
  /** Entry of the indexer (functions/search-indexer/handler.ts). */
  readonly entry: string;
  /** The functions' shared environment (TABLE_NAME, shards, …). */
  readonly environment: Record<string, string>;
  readonly logRetention: RetentionDays;
  /** Where S3 writes the bucket's access logs; without one, the finding is acknowledged (see below). */
  readonly serverAccessLogsBucket?: IBucket;
}

/** Stream records per invocation, and how long Lambda gathers them: one segment per consultation per batch. */
export const INDEXER_BATCH_SIZE = 1000;
export const INDEXER_BATCHING_WINDOW = Duration.seconds(5);
/** Attempts of a failing batch (halved each time) before its records go to the dead-letter queue. */
export const INDEXER_RETRY_ATTEMPTS = 5;
/** Seeding a consultation whose comments predate the stream reads it whole; 100,000 comments take about a minute. */
export const INDEXER_TIMEOUT = Duration.minutes(5);
/** The stream lags the table by more than this: the console's search is missing recent comments. */
export const INDEXER_MAX_ITERATOR_AGE = Duration.minutes(10);

/**
 * Full-text search in AWS (decision 18): the bucket of indexes (one prefix per consultation, snapshot plus
 * log segments), and the one batching consumer that writes them: a Lambda function on the table's stream,
 * filtered to comment items, with partial batch failures, bisection, a bounded number of retries, a
 * dead-letter queue for what still fails, and alarms. The staff API reads the indexes (`grantStaffApi`);
 * the public API has no access to the bucket.
 */
export class SearchIndexing extends Construct {
  public readonly bucket: Bucket;
  public readonly indexer: ApiFunction;
  public readonly deadLetterQueue: Queue;
  public readonly failedBatchesAlarm: Alarm;
  public readonly lagAlarm: Alarm;
  public readonly errorsAlarm: Alarm;

  public constructor(scope: Construct, id: string, props: SearchIndexingProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // A bucket of its own rather than a prefix of the exports bucket: export files expire after days,
    // indexes must not expire at all, and the two are written and read by different functions.
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // Unpublished comments are in the index (their text, not their authors): KMS, as the exports bucket.
      encryption: BucketEncryption.KMS_MANAGED,
      bucketKeyEnabled: true,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Objects are written whole with PutObject; an aborted upload would still be billed.
      lifecycleRules: [{ id: 'stray-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      ...(props.serverAccessLogsBucket === undefined
        ? {}
        : { serverAccessLogsBucket: props.serverAccessLogsBucket, serverAccessLogsPrefix: 'search-bucket/' }),
      // The indexes can be rebuilt from the table; retained anyway, like every bucket holding comments.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Log segments are never overwritten: a PUT under log/ without If-None-Match is refused for everyone,
    // so a writer that forgets the condition cannot silently replace another writer's batch.
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'SegmentsAreCreatedOnce',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*/log/*')],
        conditions: { Null: { 's3:if-none-match': 'true' } },
      }),
    );
    if (props.serverAccessLogsBucket === undefined)
      Validations.of(this.bucket).acknowledge({
        id: 'AwsSolutions-S1',
        reason:
          'Only the search indexer and the staff API reach this bucket, both through their roles; every staff ' +
          'search is an authenticated, audited-session request of the staff API, and CloudTrail records the ' +
          'bucket-level calls. The indexes are derived data that can be rebuilt from the table.',
      });

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This is the on-failure destination of the search indexer’s stream mapping: it receives the ' +
        'shard and sequence range of batches that failed every retry (no comment data), not messages to process.',
    });

    this.indexer = new ApiFunction(this, 'Indexer', {
      entry: props.entry,
      description:
        'Yijian search indexer: comment changes from the table stream into the search indexes on S3',
      logRetention: props.logRetention,
      // Holds the index of every consultation it writes (about 1.5 KB per comment) and jieba's dictionary.
      memorySize: 1024,
      timeout: INDEXER_TIMEOUT,
      nativeModules: ['@node-rs/jieba'],
      environment: { ...props.environment, SEARCH_BUCKET: this.bucket.bucketName },
    });
    this.indexer.addEventSource(
      new DynamoEventSource(props.table, {
        // From the oldest record the stream keeps: comments written while the mapping was being created count.
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: INDEXER_BATCH_SIZE,
        maxBatchingWindow: INDEXER_BATCHING_WINDOW,
        bisectBatchOnError: true,
        retryAttempts: INDEXER_RETRY_ATTEMPTS,
        reportBatchItemFailures: true,
        // One poller per shard keeps each comment's changes in order (its item lives in one shard).
        parallelizationFactor: 1,
        onFailure: new SqsDlq(this.deadLetterQueue),
        // Only comment items reach the function: contact details, sessions and counters never do.
        filters: [
          FilterCriteria.filter({
            dynamodb: { Keys: { sk: { S: FilterRule.beginsWith(COMMENT_SK_PREFIX) } } },
          }),
        ],
      }),
    );
    this.indexer.addToRolePolicy(
      new PolicyStatement({
        // Seeding a consultation: its comment partitions (pattern 3) and comment counters (pattern 8).
        actions: ['dynamodb:Query', 'dynamodb:GetItem'],
        resources: [props.table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${keys.consultation('').pk}*`] },
        },
      }),
    );
    this.indexer.addToRolePolicy(
      new PolicyStatement({
        // Write segments and snapshots, read them back, delete compacted segments.
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
    this.indexer.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
    const bucketArn = `<${stack.getLogicalId(this.bucket.node.defaultChild as CfnBucket)}.Arn>`;
    Validations.of(this.indexer.role ?? this.indexer).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${bucketArn}/*]`,
      reason:
        'The indexer keeps one index per consultation under <consultation>/ (snapshot.bin and log/<seq>.jsonl); ' +
        'consultations are created at run time, so the keys cannot be listed in advance. The bucket holds ' +
        'nothing else.',
    });

    this.failedBatchesAlarm = new Alarm(this, 'FailedBatches', {
      alarmDescription:
        'Stream records failed every retry of the search indexer (see the dead-letter queue); the index misses ' +
        'those changes until the consultation is reseeded (docs/decisions.md §18).',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.lagAlarm = new Alarm(this, 'StreamLag', {
      alarmDescription: 'The search indexer trails the table stream by more than 10 minutes.',
      metric: this.indexer.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(5) }),
      threshold: INDEXER_MAX_ITERATOR_AGE.toMilliseconds(),
      evaluationPeriods: 2,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.errorsAlarm = errorsAlarm(this, this.indexer, 'Search indexer');
  }

  /**
   * What the staff API needs: read every index, list logs, and append log segments when it seeds an index
   * that was never fed. No snapshot writes and no deletes: compaction is the indexer's alone.
   */
  public grantStaffApi(staffApi: IGrantable & { addEnvironment(key: string, value: string): unknown }): void {
    staffApi.addEnvironment('SEARCH_BUCKET', this.bucket.bucketName);
    staffApi.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects('*')] }),
    );
    staffApi.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects('*/log/*')] }),
    );
    staffApi.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
  }

  /** The cdk-nag findings `grantStaffApi` raises on the staff API's role, with their reason. */
  public staffApiAcknowledgements(): { id: string; reason: string }[] {
    const bucketArn = `<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket)}.Arn>`;
    const reason =
      'The staff API reads the index of the consultation a drafter searches and, for a consultation whose ' +
      'comments predate the stream, appends log segments under <consultation>/log/; consultations are ' +
      'created at run time. It cannot overwrite a segment (bucket policy) nor write snapshots or delete.';
    return [`${bucketArn}/*`, `${bucketArn}/*/log/*`].map((resource) => ({
      id: `AwsSolutions-IAM5[Resource::${resource}]`,
      reason,
    }));
  }
}
