import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ReportIntake, ReportIntakeOutcome, ReportIntakeStore } from '../../attribution/ports.ts';
import { AttributionReport } from '../../attribution/report.ts';
import { StoreUnavailableError } from '../../errors.ts';
import type { IdempotencyRecord } from '../../ports.ts';
import { cancellationCodes, DEFAULT_RETRY, type RetryPolicy, withRetries } from './failures.ts';
import { epochSeconds, type TransactItem } from './intake.ts';
import {
  ATTRIBUTION_ENTITY,
  attributionKeys,
  attributionReceiptItem,
  attributionReportItem,
  reporterContactItem,
} from './keys.ts';

export interface DynamoReportIntakeOptions {
  tableName: string;
  retry?: RetryPolicy;
}

/**
 * The public side of reports of false attribution on the single table (keys.ts A1, A2, A4, A5). It writes a
 * reporter's contact item and never reads one: the public function's role may not.
 */
export class DynamoReportIntakeStore implements ReportIntakeStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #retry: RetryPolicy;

  constructor(client: DynamoDBClient, options: DynamoReportIntakeOptions) {
    this.#doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.#table = options.tableName;
    this.#retry = options.retry ?? DEFAULT_RETRY;
  }

  async storeReport(intake: ReportIntake): Promise<ReportIntakeOutcome> {
    const { report, contact, idempotency } = intake;
    const TableName = this.#table;
    const unique = 'attribute_not_exists(pk)';
    const items: TransactItem[] = [
      { Put: { TableName, Item: attributionReportItem(report), ConditionExpression: unique } },
      { Put: { TableName, Item: attributionReceiptItem(report), ConditionExpression: unique } },
    ];
    const idempotencyAt = idempotency === null ? undefined : items.length;
    if (idempotency !== null) {
      items.push({
        Put: {
          TableName,
          Item: {
            ...attributionKeys.idempotency(report.consultationId, idempotency.key),
            entity: ATTRIBUTION_ENTITY.idempotency,
            requestHash: idempotency.requestHash,
            receipt: report.receipt,
            expiresAt: idempotency.expiresAt,
          },
          // TTL deletion can lag by days: a record past its expiry no longer holds the key.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': epochSeconds(report.submittedAt) },
        },
      });
    }
    if (contact !== null)
      items.push({ Put: { TableName, Item: reporterContactItem(report, contact, intake.contactExpiresAt) } });
    try {
      await withRetries(this.#retry, 'store the report', () =>
        this.#doc.send(new TransactWriteCommand({ TransactItems: items })),
      );
      return { kind: 'stored' };
    } catch (error) {
      const failed = (cancellationCodes(error) ?? []).map((code) => code === 'ConditionalCheckFailed');
      if (idempotencyAt !== undefined && failed[idempotencyAt]) return { kind: 'idempotency-key-taken' };
      if (failed[1]) return { kind: 'receipt-taken' };
      // The report id exists already: a write that succeeded but whose answer was lost, or an id drawn
      // twice. Either way the client's retry (same Idempotency-Key) is answered correctly.
      if (failed[0])
        throw new StoreUnavailableError(
          'The report could not be stored; retry with the same Idempotency-Key.',
          error,
        );
      throw error;
    }
  }

  async findReportByReceipt(receipt: string) {
    const { Item: pointer } = await this.#get(attributionKeys.receipt(receipt));
    if (pointer === undefined || typeof pointer.reportId !== 'string') return undefined;
    const { Item } = await this.#get(attributionKeys.report(pointer.reportId));
    return Item === undefined ? undefined : AttributionReport.parse(Item);
  }

  async getReportIdempotencyRecord(
    consultationId: string,
    key: string,
    now: Date,
  ): Promise<IdempotencyRecord | undefined> {
    const { Item } = await this.#get(attributionKeys.idempotency(consultationId, key));
    if (Item === undefined || typeof Item.requestHash !== 'string' || typeof Item.receipt !== 'string')
      return undefined;
    if (typeof Item.expiresAt === 'number' && Item.expiresAt < epochSeconds(now)) return undefined;
    return { requestHash: Item.requestHash, receipt: Item.receipt };
  }

  #get(Key: { pk: string; sk: string }) {
    return withRetries(this.#retry, 'read the report', () =>
      this.#doc.send(new GetCommand({ TableName: this.#table, Key, ConsistentRead: true })),
    );
  }
}
