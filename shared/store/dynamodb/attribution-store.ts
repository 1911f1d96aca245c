import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  ReportCounts,
  ReportDecision,
  ReportDecisionOutcome,
  ReportQuery,
  ReportStaffStore,
} from '../../attribution/ports.ts';
import { AttributionReport, ReporterContact } from '../../attribution/report.ts';
import { REPORT_STATUSES } from '../../attribution/rules.ts';
import { Comment } from '../../comment/comment.ts';
import { cancellationCodes, DEFAULT_RETRY, type RetryPolicy, withRetries } from './failures.ts';
import { auditPut, type TransactItem } from './intake.ts';
import { attributionKeys, GSI1, keys, shardOf } from './keys.ts';

export interface DynamoReportStaffOptions {
  tableName: string;
  /** Needed to find the reported comment's item and the audit log's shard. */
  commentShards: number;
  retry?: RetryPolicy;
}

type Key = Record<string, unknown>;

/** The staff side of reports of false attribution on the single table (keys.ts A1, A3, A4). */
export class DynamoReportStaffStore implements ReportStaffStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #o: DynamoReportStaffOptions;
  readonly #retry: RetryPolicy;

  constructor(client: DynamoDBClient, options: DynamoReportStaffOptions) {
    this.#doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.#o = options;
    this.#retry = options.retry ?? DEFAULT_RETRY;
  }

  async getReport(reportId: string) {
    const { Item } = await this.#get(attributionKeys.report(reportId));
    return Item === undefined ? undefined : AttributionReport.parse(Item);
  }

  async listReports(query: ReportQuery) {
    const partition = attributionKeys.reportsPartition(query.consultationId, query.status);
    let start: Key | undefined;
    if (query.after !== undefined) {
      const reportId = query.after.slice(query.after.lastIndexOf('#') + 1);
      start = { gsi1pk: partition, gsi1sk: query.after, ...attributionKeys.report(reportId) };
    }
    const page = await withRetries(this.#retry, 'list the reports', () =>
      this.#doc.send(
        new QueryCommand({
          TableName: this.#o.tableName,
          IndexName: GSI1,
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': partition },
          ScanIndexForward: false,
          Limit: query.limit,
          ExclusiveStartKey: start,
        }),
      ),
    );
    const last = page.LastEvaluatedKey?.gsi1sk;
    return {
      items: (page.Items ?? []).map((item) => AttributionReport.parse(item)),
      last: typeof last === 'string' ? last : undefined,
    };
  }

  async countReports(consultationId: string): Promise<ReportCounts> {
    const counts = await Promise.all(
      REPORT_STATUSES.map(async (status) => {
        let n = 0;
        let start: Key | undefined;
        do {
          const page = await withRetries(this.#retry, 'count the reports', () =>
            this.#doc.send(
              new QueryCommand({
                TableName: this.#o.tableName,
                IndexName: GSI1,
                KeyConditionExpression: 'gsi1pk = :p',
                ExpressionAttributeValues: { ':p': attributionKeys.reportsPartition(consultationId, status) },
                Select: 'COUNT',
                ExclusiveStartKey: start,
              }),
            ),
          );
          n += page.Count ?? 0;
          start = page.LastEvaluatedKey;
        } while (start !== undefined);
        return [status, n] as const;
      }),
    );
    return { received: 0, name_hidden: 0, dismissed: 0, ...Object.fromEntries(counts) };
  }

  async decideReport(decision: ReportDecision): Promise<ReportDecisionOutcome> {
    const { reportId, consultationId, to, at } = decision;
    const TableName = this.#o.tableName;
    const current = await this.getReport(reportId);
    if (current === undefined || current.consultationId !== consultationId) return { kind: 'not-found' };
    const index = attributionKeys.reportIndex(consultationId, to, current.submittedAt, reportId);
    const items: TransactItem[] = [
      {
        Update: {
          TableName,
          Key: attributionKeys.report(reportId),
          UpdateExpression:
            'SET #status = :to, version = :next, updatedAt = :at, decidedAt = :at, decidedBy = :by, ' +
            `gsi1pk = :gpk${decision.note === undefined ? '' : ', note = :note'}`,
          ConditionExpression: 'attribute_exists(pk) AND #status = :from AND version = :v',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':to': to,
            ':from': decision.expectedStatus,
            ':v': decision.expectedVersion,
            ':next': decision.expectedVersion + 1,
            ':at': at,
            ':by': decision.decidedBy,
            ':gpk': index.gsi1pk,
            ...(decision.note === undefined ? {} : { ':note': decision.note }),
          },
        },
      },
    ];
    const commentKey =
      decision.hideNameOf === undefined
        ? undefined
        : this.#commentKey(consultationId, decision.hideNameOf.commentId);
    if (commentKey !== undefined) {
      // Consent to publish the name no longer holds; the name itself is kept (moderation never erases).
      // The comment's version moves, so a moderator acting on an older view of it gets a conflict.
      items.push({
        Update: {
          TableName,
          Key: commentKey,
          UpdateExpression:
            'SET publishName = :no, falseAttribution = :mark, updatedAt = :at ADD version :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: {
            ':no': false,
            ':mark': { reportId, markedAt: at },
            ':at': at,
            ':one': 1,
          },
        },
      });
    }
    items.push({ Put: auditPut(TableName, decision.audit, this.#o.commentShards) });
    try {
      await withRetries(this.#retry, 'decide the report', () =>
        this.#doc.send(new TransactWriteCommand({ TransactItems: items })),
      );
    } catch (error) {
      const failed = (cancellationCodes(error) ?? []).map((code) => code === 'ConditionalCheckFailed');
      if (failed[0]) {
        const now = await this.getReport(reportId);
        return now === undefined ? { kind: 'not-found' } : { kind: 'conflict', current: now };
      }
      if (commentKey !== undefined && failed[1]) return { kind: 'not-found' };
      throw error;
    }
    const { note: _note, ...rest } = current;
    const report: AttributionReport = {
      ...rest,
      status: to,
      version: decision.expectedVersion + 1,
      updatedAt: at,
      decidedAt: at,
      decidedBy: decision.decidedBy,
      ...(decision.note === undefined ? {} : { note: decision.note }),
    };
    if (commentKey === undefined) return { kind: 'done', report };
    const { Item } = await this.#get(commentKey);
    return Item === undefined
      ? { kind: 'done', report }
      : {
          kind: 'done',
          report,
          comment: Comment.parse({ proposedWording: null, displayName: null, ...Item }),
        };
  }

  async getReporterContact(consultationId: string, reportId: string) {
    const { Item } = await this.#get(attributionKeys.contact(reportId));
    if (Item === undefined || Item.consultationId !== consultationId) return undefined;
    return ReporterContact.parse({
      ...(typeof Item.name === 'string' ? { name: Item.name } : {}),
      ...(typeof Item.email === 'string' ? { email: Item.email } : {}),
      ...(typeof Item.phone === 'string' ? { phone: Item.phone } : {}),
    });
  }

  #commentKey(consultationId: string, commentId: string) {
    return keys.comment(consultationId, shardOf(commentId, this.#o.commentShards), commentId);
  }

  #get(Key: { pk: string; sk: string }) {
    return withRetries(this.#retry, 'read the report', () =>
      this.#doc.send(new GetCommand({ TableName: this.#o.tableName, Key, ConsistentRead: true })),
    );
  }
}
