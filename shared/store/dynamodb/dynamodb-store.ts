import { type DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { Comment } from '../../comment/comment.ts';
import { Consultation } from '../../consultation/consultation.ts';
import { StoreUnavailableError } from '../../errors.ts';
import type {
  CommentIntake,
  ConsultationStore,
  DraftRevision,
  IdempotencyRecord,
  IntakeOutcome,
} from '../../ports.ts';
import { ALL_COMMENTS, ENTITY, GSI1, keys, shardOf } from './keys.ts';
import { staffKeys } from './staff-keys.ts';

export interface DynamoDbStoreOptions {
  tableName: string;
  /** Partitions comments are spread over; fixed for the life of a table (changing it hides old comments from shard queries). */
  commentShards: number;
  counterShards: number;
}

type Item = Record<string, unknown>;

/** The ConsultationStore on one DynamoDB table (see keys.ts for the layout). */
export class DynamoDbStore implements ConsultationStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #options: DynamoDbStoreOptions;

  constructor(client: DynamoDBClient, options: DynamoDbStoreOptions) {
    this.#doc = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    this.#options = options;
  }

  async getConsultation(id: string) {
    const { Item } = await this.#call(() =>
      this.#doc.send(new GetCommand({ TableName: this.#table, Key: keys.consultation(id) })),
    );
    return Item === undefined ? undefined : consultationFrom(Item);
  }

  async listConsultations() {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#call(() =>
        this.#doc.send(
          new QueryCommand({
            TableName: this.#table,
            IndexName: GSI1,
            KeyConditionExpression: 'gsi1pk = :pk',
            ExpressionAttributeValues: { ':pk': 'CONSULTATIONS' },
            ExclusiveStartKey: start,
          }),
        ),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return items.map(consultationFrom);
  }

  async createConsultation(consultation: Consultation) {
    return this.#writeIf('store the consultation', () =>
      this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...keys.consultation(consultation.id),
            ...keys.consultationListing(consultation.opensAt, consultation.id),
            entity: ENTITY.consultation,
            ...consultation,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async reviseDraft(id: string, revision: DraftRevision) {
    return this.#writeIf('revise the consultation', () =>
      this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: keys.consultation(id),
          UpdateExpression: 'SET draftVersion = :v, draftHash = :h, articleIds = :a, title = :t',
          ConditionExpression: 'attribute_exists(pk) AND draftVersion < :v',
          ExpressionAttributeValues: {
            ':v': revision.draftVersion,
            ':h': revision.draftHash,
            ':a': revision.articleIds,
            ':t': revision.title,
          },
        }),
      ),
    );
  }

  async storeComment(intake: CommentIntake, now: Date): Promise<IntakeOutcome> {
    const { comment, contact, idempotency } = intake;
    const shard = shardOf(comment.id, this.#options.commentShards);
    const commentKey = keys.comment(comment.consultationId, shard, comment.id);
    const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [
      {
        // The window is checked inside the transaction so that a comment racing the closing time is
        // either stored while open or refused, never stored after the close.
        ConditionCheck: {
          TableName: this.#table,
          Key: keys.consultation(comment.consultationId),
          ConditionExpression:
            'attribute_exists(pk) AND opensAt <= :now AND closesAt > :now AND attribute_not_exists(concludedAt)',
          ExpressionAttributeValues: { ':now': now.toISOString() },
        },
      },
      {
        Put: {
          TableName: this.#table,
          Item: {
            ...commentKey,
            ...keys.moderationIndex(
              comment.consultationId,
              comment.status,
              shard,
              comment.submittedAt,
              comment.id,
            ),
            entity: ENTITY.comment,
            ...comment,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: this.#table,
          Item: {
            ...keys.receipt(comment.receipt),
            entity: ENTITY.receipt,
            commentPk: commentKey.pk,
            commentSk: commentKey.sk,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    const idempotencyIndex = idempotency === null ? -1 : items.length;
    if (idempotency !== null) {
      items.push({
        Put: {
          TableName: this.#table,
          Item: {
            ...keys.idempotency(comment.consultationId, idempotency.key),
            entity: ENTITY.idempotency,
            requestHash: idempotency.requestHash,
            receipt: comment.receipt,
            expiresAt: idempotency.expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    if (contact !== null) {
      items.push({
        Put: {
          TableName: this.#table,
          Item: {
            ...keys.contact(comment.id),
            // Indexed per consultation so that a window change can recompute retention (staff-keys.ts S6).
            ...staffKeys.contactIndex(comment.consultationId, shard, comment.id),
            entity: ENTITY.contact,
            consultationId: comment.consultationId,
            ...contact,
            expiresAt: intake.contactExpiresAt,
          },
        },
      });
    }
    try {
      await this.#doc.send(new TransactWriteCommand({ TransactItems: items }));
      return { kind: 'stored' };
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const failed = (error.CancellationReasons ?? []).map(
          (reason) => reason.Code === 'ConditionalCheckFailed',
        );
        if (failed[0]) return { kind: 'window-not-open' };
        if (idempotencyIndex >= 0 && failed[idempotencyIndex]) return { kind: 'idempotency-key-taken' };
        if (failed[2]) return { kind: 'receipt-taken' };
      }
      throw new StoreUnavailableError(
        'The comment could not be stored; retry with the same Idempotency-Key.',
        error,
      );
    }
  }

  async countComment(consultationId: string, articleId: string | null, commentId: string) {
    const shard = shardOf(commentId, this.#options.counterShards);
    await this.#call(() =>
      Promise.all(
        [ALL_COMMENTS, articleId ?? 'DRAFT'].map((scope) =>
          this.#doc.send(
            new UpdateCommand({
              TableName: this.#table,
              Key: keys.counter(consultationId, scope, shard),
              UpdateExpression: 'ADD #n :one SET entity = :entity',
              ExpressionAttributeNames: { '#n': 'n' },
              ExpressionAttributeValues: { ':one': 1, ':entity': ENTITY.counter },
            }),
          ),
        ),
      ),
    );
  }

  async countComments(consultationId: string) {
    const { Items } = await this.#call(() =>
      this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': keys.consultation(consultationId).pk,
            ':prefix': keys.counterPrefix(ALL_COMMENTS),
          },
        }),
      ),
    );
    return (Items ?? []).reduce((sum, item) => sum + (typeof item.n === 'number' ? item.n : 0), 0);
  }

  async getIdempotencyRecord(consultationId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const { Item } = await this.#call(() =>
      this.#doc.send(
        new GetCommand({
          TableName: this.#table,
          Key: keys.idempotency(consultationId, key),
          ConsistentRead: true,
        }),
      ),
    );
    if (Item === undefined || typeof Item.requestHash !== 'string' || typeof Item.receipt !== 'string')
      return undefined;
    return { requestHash: Item.requestHash, receipt: Item.receipt };
  }

  async findCommentByReceipt(receipt: string) {
    const { Item: pointer } = await this.#call(() =>
      this.#doc.send(
        new GetCommand({ TableName: this.#table, Key: keys.receipt(receipt), ConsistentRead: true }),
      ),
    );
    if (
      pointer === undefined ||
      typeof pointer.commentPk !== 'string' ||
      typeof pointer.commentSk !== 'string'
    ) {
      return undefined;
    }
    const { Item } = await this.#call(() =>
      this.#doc.send(
        new GetCommand({
          TableName: this.#table,
          Key: { pk: pointer.commentPk, sk: pointer.commentSk },
          ConsistentRead: true,
        }),
      ),
    );
    return Item === undefined ? undefined : commentFrom(Item);
  }

  get #table() {
    return this.#options.tableName;
  }

  /** Runs a conditional write: false when its condition did not hold, a StoreUnavailableError on any other failure. */
  async #writeIf(what: string, write: () => Promise<unknown>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw new StoreUnavailableError(`Could not ${what}.`, error);
    }
  }

  async #call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new StoreUnavailableError('The comment store did not answer.', error);
    }
  }
}

function consultationFrom(item: Item): Consultation {
  const { pk: _pk, sk: _sk, gsi1pk: _gpk, gsi1sk: _gsk, entity: _entity, ...rest } = item;
  return Consultation.parse(rest);
}

function commentFrom(item: Item): Comment {
  // Strips the key attributes; a stored item that no longer fits the schema is a bug worth failing on.
  return Comment.parse({ proposedWording: null, displayName: null, ...item });
}
