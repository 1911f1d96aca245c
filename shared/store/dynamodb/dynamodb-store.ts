import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AbuseStore, RateCounterKey } from '../../abuse/ports.ts';
import { Comment } from '../../comment/comment.ts';
import { Consultation, statusAt } from '../../consultation/consultation.ts';
import { StoreUnavailableError } from '../../errors.ts';
import type {
  CommentIntake,
  ConsultationStore,
  DraftRevision,
  IdempotencyRecord,
  IntakeOutcome,
} from '../../ports.ts';
import { cancellationCodes, classify, DEFAULT_RETRY, type RetryPolicy, withRetries } from './failures.ts';
import { epochSeconds, intakeTransaction } from './intake.ts';
import { ALL_COMMENTS, ENTITY, GSI1, keys, shardOf } from './keys.ts';

export interface DynamoDbStoreOptions {
  tableName: string;
  /** Partitions comments are spread over; fixed for the life of a table (changing it hides old comments from shard queries). */
  commentShards: number;
  counterShards: number;
  /** How the adapter retries conflicts, throttling and transient failures before answering 503. */
  retry?: RetryPolicy;
}

type Item = Record<string, unknown>;

/** Retries of the counter bump: conflicts on shared counter items are expected under load. */
const COUNTER_RETRY: RetryPolicy = { attempts: 12, baseDelayMs: 20, maxDelayMs: 1000 } as const;

/** The ConsultationStore on one DynamoDB table (see keys.ts for the layout). */
export class DynamoDbStore implements ConsultationStore, AbuseStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #options: DynamoDbStoreOptions;
  readonly #retry: RetryPolicy;

  constructor(client: DynamoDBClient, options: DynamoDbStoreOptions) {
    this.#doc = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    this.#options = options;
    this.#retry = options.retry ?? DEFAULT_RETRY;
  }

  async getConsultation(id: string) {
    return this.#readConsultation(id, false);
  }

  async listConsultations() {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#send('list the consultations', () =>
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

  async createConsultation(given: Consultation) {
    // Parsed again so that every instant is stored in the one format (see consultation/instant.ts).
    const consultation = Consultation.parse(given);
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
          // The same version with other content (a translation added, a corrected re-import) is a revision too.
          ConditionExpression:
            'attribute_exists(pk) AND (draftVersion < :v OR (draftVersion = :v AND draftHash <> :h))',
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

  async storeComment(intake: CommentIntake): Promise<IntakeOutcome> {
    const { comment } = intake;
    // The window is enforced outside the transaction: a consistent read taken after the server stamped
    // submittedAt, and the rule that submittedAt lies inside the window it shows. A ConditionCheck on
    // the consultation would put one item into every comment's transaction, and real DynamoDB cancels
    // one of any two in-flight transactions that share an item.
    const consultation = await this.#readConsultation(comment.consultationId, true);
    if (consultation === undefined) return { kind: 'no-consultation' };
    const status = statusAt(consultation, new Date(comment.submittedAt));
    if (status !== 'open') return { kind: 'window-not-open', status };

    const { items, at } = intakeTransaction(this.#table, intake, this.#options.commentShards);
    try {
      await this.#send('store the comment', () =>
        this.#doc.send(new TransactWriteCommand({ TransactItems: items })),
      );
      return { kind: 'stored' };
    } catch (error) {
      const failed = (cancellationCodes(error) ?? []).map((code) => code === 'ConditionalCheckFailed');
      if (at.idempotency !== null && failed[at.idempotency]) return { kind: 'idempotency-key-taken' };
      if (failed[at.receipt]) return { kind: 'receipt-taken' };
      if (failed[at.comment]) {
        // Two comments drew the same id: the client's retry draws a new one.
        throw new StoreUnavailableError(
          'The comment could not be stored; retry with the same Idempotency-Key.',
          error,
        );
      }
      throw error;
    }
  }

  /**
   * One transaction: a marker only this comment has (written on condition that it is absent) and the
   * ADDs on its counter shards. A retry after a lost answer, or a second bump from a replayed request,
   * finds the marker and counts nothing; so a comment is counted at most once, and a bump that failed can
   * be tried again later (the replay of an Idempotency-Key does) without risk.
   */
  async countComment(consultationId: string, articleId: string | null, commentId: string) {
    const shard = shardOf(commentId, this.#options.counterShards);
    const bumps = [ALL_COMMENTS, articleId ?? 'DRAFT'].map((scope) => ({
      Update: {
        TableName: this.#table,
        Key: keys.counter(consultationId, scope, shard),
        UpdateExpression: 'ADD #n :one SET entity = :entity',
        ExpressionAttributeNames: { '#n': 'n' },
        ExpressionAttributeValues: { ':one': 1, ':entity': ENTITY.counter },
      },
    }));
    // Off the receipt's critical path and contended (every comment of a shard touches its counter items):
    // a longer retry budget than intake's, since a conflict clears as soon as the other bump lands.
    await this.#writeIf(
      'count the comment',
      () =>
        this.#doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.#table,
                  Item: { ...keys.counted(commentId), entity: ENTITY.counted, consultationId },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              ...bumps,
            ],
          }),
        ),
      COUNTER_RETRY,
    );
  }

  async hitRateCounter(key: RateCounterKey, expiresAt: number): Promise<number> {
    const { Attributes } = await this.#send('count the request', () =>
      this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: keys.rateCounter(key.scope, key.subject, key.window),
          UpdateExpression: 'ADD #n :one SET entity = :entity, expiresAt = if_not_exists(expiresAt, :exp)',
          ExpressionAttributeNames: { '#n': 'n' },
          ExpressionAttributeValues: { ':one': 1, ':entity': ENTITY.rateCounter, ':exp': expiresAt },
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    );
    return typeof Attributes?.n === 'number' ? Attributes.n : 1;
  }

  async claimChallenge(challengeId: string, owner: string, expiresAt: number): Promise<boolean> {
    return this.#writeIf('record the proof of work', () =>
      this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...keys.usedChallenge(challengeId), entity: ENTITY.usedChallenge, owner, expiresAt },
          // The same owner again is a retry of the same request (same Idempotency-Key).
          ConditionExpression: 'attribute_not_exists(pk) OR #owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      ),
    );
  }

  async countComments(consultationId: string) {
    const shards = Array.from({ length: this.#options.counterShards }, (_, shard) => shard);
    const counts = await Promise.all(
      shards.map(async (shard) => {
        const { Item } = await this.#send('read the comment count', () =>
          this.#doc.send(
            new GetCommand({
              TableName: this.#table,
              Key: keys.counter(consultationId, ALL_COMMENTS, shard),
            }),
          ),
        );
        return typeof Item?.n === 'number' ? Item.n : 0;
      }),
    );
    return counts.reduce((sum, n) => sum + n, 0);
  }

  async getIdempotencyRecord(
    consultationId: string,
    key: string,
    now: Date,
  ): Promise<IdempotencyRecord | undefined> {
    const { Item } = await this.#send('read the idempotency record', () =>
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
    // TTL deletion can lag by days; an expired record must not block or answer for its key.
    if (typeof Item.expiresAt === 'number' && Item.expiresAt < epochSeconds(now)) return undefined;
    return { requestHash: Item.requestHash, receipt: Item.receipt };
  }

  async findCommentByReceipt(receipt: string) {
    const { Item: pointer } = await this.#send('read the receipt', () =>
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
    const { Item } = await this.#send('read the comment', () =>
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

  async #readConsultation(id: string, consistent: boolean) {
    const { Item } = await this.#send('read the consultation', () =>
      this.#doc.send(
        new GetCommand({ TableName: this.#table, Key: keys.consultation(id), ConsistentRead: consistent }),
      ),
    );
    return Item === undefined ? undefined : consultationFrom(Item);
  }

  /** Runs a conditional write: false when its condition did not hold. */
  async #writeIf(what: string, write: () => Promise<unknown>, policy = this.#retry): Promise<boolean> {
    try {
      await this.#send(what, write, policy);
      return true;
    } catch (error) {
      if (classify(error) === 'condition-failed') return false;
      throw error;
    }
  }

  /** Sends one request with the shared retry rules; an intake client retries with its Idempotency-Key. */
  #send<T>(what: string, operation: () => Promise<T>, policy = this.#retry): Promise<T> {
    return withRetries(policy, what, operation, 'retry with the same Idempotency-Key');
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
