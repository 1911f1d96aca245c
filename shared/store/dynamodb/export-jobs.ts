import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { StoreUnavailableError } from '../../errors.ts';
import { type ExportJob, ExportJobRecord, type ExportJobStore } from '../../export/jobs.ts';
import { EXPORT_JOB_ENTITY, exportJobKey } from './keys.ts';

/** Export job records on the single table (keys.ts, pattern 16). */
export class DynamoExportJobStore implements ExportJobStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, tableName: string) {
    this.#doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.#table = tableName;
  }

  async create(job: ExportJob) {
    await this.#call(() =>
      this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...exportJobKey(job.jobId), entity: EXPORT_JOB_ENTITY, ...job },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async get(jobId: string) {
    const { Item } = await this.#call(() =>
      this.#doc.send(
        new GetCommand({ TableName: this.#table, Key: exportJobKey(jobId), ConsistentRead: true }),
      ),
    );
    return Item === undefined ? undefined : jobFrom(Item);
  }

  async start(jobId: string, at: string, total: number) {
    try {
      const { Attributes } = await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: exportJobKey(jobId),
          UpdateExpression: 'SET #s = :running, #p = :zero, #t = :total, #u = :at, #e = :null ADD #a :one',
          ConditionExpression: 'attribute_exists(pk) AND #s <> :done',
          ExpressionAttributeNames: namesIn('SET #s #p #t #u #e #a'),
          ExpressionAttributeValues: {
            ':running': 'running',
            ':done': 'done',
            ':zero': 0,
            ':total': total,
            ':at': at,
            ':null': null,
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes === undefined ? undefined : jobFrom(Attributes);
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return undefined;
      throw new StoreUnavailableError('Could not start the export job.', error);
    }
  }

  async progress(jobId: string, processed: number, at: string) {
    await this.#update(jobId, 'SET #p = :p, #u = :at', { ':p': processed, ':at': at }, 'running');
  }

  async finish(jobId: string, processed: number, at: string) {
    await this.#update(
      jobId,
      'SET #s = :done, #p = :p, #u = :at',
      { ':done': 'done', ':p': processed, ':at': at },
      undefined,
    );
  }

  async fail(jobId: string, error: string, at: string) {
    await this.#update(
      jobId,
      'SET #s = :failed, #e = :error, #u = :at',
      { ':failed': 'failed', ':error': error, ':at': at },
      'running',
    );
  }

  async requeue(jobId: string, at: string) {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: exportJobKey(jobId),
          UpdateExpression: 'SET #s = :queued, #p = :zero, #u = :at, #e = :null',
          ConditionExpression: 'attribute_exists(pk) AND #s = :failed',
          ExpressionAttributeNames: namesIn('#s #p #u #e'),
          ExpressionAttributeValues: {
            ':queued': 'queued',
            ':failed': 'failed',
            ':zero': 0,
            ':at': at,
            ':null': null,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw new StoreUnavailableError('Could not requeue the export job.', error);
    }
  }

  /** A late progress or failure write must not undo a later state (done by another delivery). */
  async #update(
    jobId: string,
    expression: string,
    values: Record<string, unknown>,
    onlyIf: string | undefined,
  ) {
    const condition = onlyIf === undefined ? 'attribute_exists(pk)' : 'attribute_exists(pk) AND #s = :only';
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: exportJobKey(jobId),
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeNames: namesIn(`${expression} ${condition}`),
          ExpressionAttributeValues: { ...values, ...(onlyIf === undefined ? {} : { ':only': onlyIf }) },
        }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return;
      throw new StoreUnavailableError('Could not update the export job.', error);
    }
  }

  async #call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new StoreUnavailableError('The store did not answer.', error);
    }
  }
}

// Several of the job's attribute names (status, error, processed, total …) are DynamoDB reserved words.
const NAMES = {
  '#s': 'status',
  '#p': 'processed',
  '#t': 'total',
  '#u': 'updatedAt',
  '#e': 'error',
  '#a': 'attempt',
} as const;

/** The placeholders an expression uses: DynamoDB refuses unused ones. */
function namesIn(expression: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(NAMES).filter(([placeholder]) => expression.includes(placeholder)),
  );
}

function jobFrom(item: Record<string, unknown>): ExportJob {
  const { pk: _a, sk: _b, entity: _c, ...rest } = item;
  return ExportJobRecord.parse(rest);
}
