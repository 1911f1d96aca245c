import { type DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type Comment, type CommentStatus, ContactDetails } from '../../comment/comment.ts';
import type { Consultation } from '../../consultation/consultation.ts';
import { StoreUnavailableError } from '../../errors.ts';
import type { ShardRead } from '../../moderation/shard-merge.ts';
import { AuditEntry, type StatusCounts } from '../../moderation/views.ts';
import type { Decision, DecisionOutcome, ShardQuery, StaffStore } from '../../staff/ports.ts';
import { DynamoCommentStatus, storeCall } from './comment-status.ts';
import { auditPut } from './intake.ts';
import { ENTITY, GSI1, keys, shardOf } from './keys.ts';
import { staffKeys } from './staff-keys.ts';

export interface DynamoStaffStoreOptions {
  tableName: string;
  commentShards: number;
  counterShards: number;
}

type Item = Record<string, unknown>;
// Contact updates in flight at once while recomputing retention.
const RETENTION_CONCURRENCY = 25;

/** The StaffStore on the single table (keys in keys.ts and staff-keys.ts). */
export class DynamoStaffStore implements StaffStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #o: DynamoStaffStoreOptions;
  readonly #commentStatus: DynamoCommentStatus;

  constructor(client: DynamoDBClient, options: DynamoStaffStoreOptions) {
    this.#doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.#o = options;
    this.#commentStatus = new DynamoCommentStatus(client, options);
  }

  getComment(consultationId: string, commentId: string) {
    return this.#commentStatus.getComment(consultationId, commentId);
  }

  readStatusShard(query: ShardQuery): Promise<ShardRead<Comment>> {
    return this.#commentStatus.readStatusShard(query);
  }

  async decide(decision: Decision): Promise<DecisionOutcome> {
    const { consultationId, commentId, to, at, audit } = decision;
    const shard = shardOf(commentId, this.#o.commentShards);
    const current = await this.getComment(consultationId, commentId);
    if (current === undefined) return { kind: 'not-found' };
    const index = keys.moderationIndex(consultationId, to, shard, current.submittedAt, commentId);
    const rejected = to === 'rejected';
    const set = [
      '#status = :to',
      'version = :next',
      'updatedAt = :at',
      'gsi1pk = :gpk',
      'gsi1sk = :gsk',
      ...(rejected && decision.reason !== undefined ? ['reason = :reason'] : []),
      ...(rejected && decision.reasonCode !== undefined ? ['reasonCode = :code'] : []),
    ];
    const remove = rejected ? [] : ['reason', 'reasonCode'];
    try {
      await this.#doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.#o.tableName,
                Key: keys.comment(consultationId, shard, commentId),
                UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
                ConditionExpression:
                  decision.expectedVersion === 0
                    ? 'attribute_exists(pk) AND #status = :from AND (attribute_not_exists(version) OR version = :v)'
                    : 'attribute_exists(pk) AND #status = :from AND version = :v',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':to': to,
                  ':from': decision.expectedStatus,
                  ':v': decision.expectedVersion,
                  ':next': decision.expectedVersion + 1,
                  ':at': at,
                  ':gpk': index.gsi1pk,
                  ':gsk': index.gsi1sk,
                  ...(rejected && decision.reason !== undefined ? { ':reason': decision.reason } : {}),
                  ...(rejected && decision.reasonCode !== undefined ? { ':code': decision.reasonCode } : {}),
                },
              },
            },
            { Put: this.#auditPut(audit) },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const now = await this.getComment(consultationId, commentId);
        return now === undefined ? { kind: 'not-found' } : { kind: 'conflict', current: now };
      }
      throw new StoreUnavailableError('The decision could not be stored; try again.', error);
    }
    const { reason: _r, reasonCode: _c, ...rest } = current;
    return {
      kind: 'done',
      comment: {
        ...rest,
        status: to,
        version: decision.expectedVersion + 1,
        updatedAt: at,
        ...(rejected && decision.reason !== undefined ? { reason: decision.reason } : {}),
        ...(rejected && decision.reasonCode !== undefined ? { reasonCode: decision.reasonCode } : {}),
      },
    };
  }

  countTransition(consultationId: string, commentId: string, from: CommentStatus, to: CommentStatus) {
    return this.#commentStatus.countTransition(consultationId, commentId, from, to);
  }

  async statusDeltas(consultationId: string): Promise<StatusCounts> {
    const items = await this.#call(() =>
      Promise.all(
        Array.from({ length: this.#o.counterShards }, (_, shard) =>
          this.#doc.send(
            new GetCommand({
              TableName: this.#o.tableName,
              Key: staffKeys.statusCounter(consultationId, shard),
            }),
          ),
        ),
      ),
    );
    const counts: StatusCounts = { pending: 0, published: 0, rejected: 0, spam: 0 };
    for (const { Item } of items) {
      if (Item === undefined) continue;
      for (const status of ['pending', 'published', 'rejected', 'spam'] as const) {
        const n = Item[status];
        if (typeof n === 'number') counts[status] += n;
      }
    }
    return counts;
  }

  async getContact(consultationId: string, commentId: string) {
    const { Item } = await this.#call(() =>
      this.#doc.send(
        new GetCommand({ TableName: this.#o.tableName, Key: keys.contact(commentId), ConsistentRead: true }),
      ),
    );
    if (Item === undefined || Item.consultationId !== consultationId) return undefined;
    return ContactDetails.parse({
      ...(typeof Item.email === 'string' ? { email: Item.email } : {}),
      ...(typeof Item.phone === 'string' ? { phone: Item.phone } : {}),
    });
  }

  async appendAudit(entry: AuditEntry) {
    await this.#call(() => this.#doc.send(new PutCommand(this.#auditPut(entry))));
  }

  async commentAudit(consultationId: string, commentId: string) {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#call(() =>
        this.#doc.send(
          new QueryCommand({
            TableName: this.#o.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': staffKeys.audit(consultationId, commentId, '', '').pk },
            ExclusiveStartKey: start,
          }),
        ),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return items.map(auditFrom);
  }

  async readAuditShard(consultationId: string, shard: number, after: string | undefined, limit: number) {
    const partition = staffKeys.auditLogPartition(consultationId, shard);
    let start: Record<string, unknown> | undefined;
    if (after !== undefined) {
      const [at = '', id = '', subject = ''] = after.split('#');
      start = { gsi1pk: partition, gsi1sk: after, ...staffKeys.audit(consultationId, subject, at, id) };
    }
    const page = await this.#call(() =>
      this.#doc.send(
        new QueryCommand({
          TableName: this.#o.tableName,
          IndexName: GSI1,
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': partition },
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: start,
        }),
      ),
    );
    const last = page.LastEvaluatedKey?.gsi1sk;
    return { items: (page.Items ?? []).map(auditFrom), last: typeof last === 'string' ? last : undefined };
  }

  async replaceConsultation(expected: Consultation, next: Consultation) {
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#o.tableName,
          Item: {
            ...keys.consultation(next.id),
            ...keys.consultationListing(next.opensAt, next.id),
            entity: ENTITY.consultation,
            ...next,
          },
          ConditionExpression:
            'opensAt = :o AND closesAt = :c AND draftVersion = :dv AND ' +
            (expected.concludedAt === undefined ? 'attribute_not_exists(concludedAt)' : 'concludedAt = :cc'),
          ExpressionAttributeValues: {
            ':o': expected.opensAt,
            ':c': expected.closesAt,
            ':dv': expected.draftVersion,
            ...(expected.concludedAt === undefined ? {} : { ':cc': expected.concludedAt }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw new StoreUnavailableError('Could not change the consultation.', error);
    }
  }

  async setContactRetention(consultationId: string, expiresAt: number) {
    let updated = 0;
    for (let shard = 0; shard < this.#o.commentShards; shard++) {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await this.#call(() =>
          this.#doc.send(
            new QueryCommand({
              TableName: this.#o.tableName,
              IndexName: GSI1,
              KeyConditionExpression: 'gsi1pk = :p',
              ExpressionAttributeValues: { ':p': staffKeys.contactsPartition(consultationId, shard) },
              ProjectionExpression: 'pk, sk',
              ExclusiveStartKey: start,
            }),
          ),
        );
        const found = page.Items ?? [];
        for (let i = 0; i < found.length; i += RETENTION_CONCURRENCY) {
          const results = await Promise.all(
            found.slice(i, i + RETENTION_CONCURRENCY).map((item) => this.#setExpiry(item, expiresAt)),
          );
          updated += results.filter(Boolean).length;
        }
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
    }
    return updated;
  }

  async #setExpiry(item: Item, expiresAt: number): Promise<boolean> {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#o.tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'SET expiresAt = :e',
          // Already deleted by TTL: nothing to keep.
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':e': expiresAt },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw new StoreUnavailableError('Could not update contact retention.', error);
    }
  }

  #auditPut(entry: AuditEntry) {
    return auditPut(this.#o.tableName, entry, this.#o.commentShards);
  }

  #call<T>(operation: () => Promise<T>): Promise<T> {
    return storeCall(operation);
  }
}

function auditFrom(item: Item): AuditEntry {
  const { pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, entity: _e, ...rest } = item;
  return AuditEntry.parse(rest);
}
