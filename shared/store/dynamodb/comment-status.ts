import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  type NativeAttributeValue,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { Comment, type CommentStatus } from '../../comment/comment.ts';
import { StoreUnavailableError } from '../../errors.ts';
import type { ShardRead } from '../../moderation/shard-merge.ts';
import type { ShardQuery, StaffStore } from '../../staff/ports.ts';
import { GSI1, keys, shardOf } from './keys.ts';
import { STAFF_ENTITY, staffKeys } from './staff-keys.ts';

export interface CommentStatusOptions {
  tableName: string;
  commentShards: number;
  counterShards: number;
}

/** The part of the StaffStore that the public API uses as well. */
export type CommentStatusPort = Pick<StaffStore, 'getComment' | 'readStatusShard' | 'countTransition'>;

/**
 * A comment by id, comments by status one comment shard at a time (gsi1), and the sharded status counters:
 * what the staff side and the public API (published comments, the answer under a receipt, a comment
 * published on receipt) both read and count. A module of its own so that the public function does not
 * bundle the rest of the staff store (decisions, audit, retention, consultation changes).
 */
export class DynamoCommentStatus implements CommentStatusPort {
  readonly #doc: DynamoDBDocumentClient;
  readonly #o: CommentStatusOptions;

  constructor(client: DynamoDBClient, options: CommentStatusOptions) {
    this.#doc = DynamoDBDocumentClient.from(client);
    this.#o = options;
  }

  async getComment(consultationId: string, commentId: string): Promise<Comment | undefined> {
    const { Item } = await storeCall(() =>
      this.#doc.send(
        new GetCommand({
          TableName: this.#o.tableName,
          Key: keys.comment(consultationId, shardOf(commentId, this.#o.commentShards), commentId),
          ConsistentRead: true,
        }),
      ),
    );
    return Item === undefined ? undefined : commentFrom(Item);
  }

  async readStatusShard(query: ShardQuery): Promise<ShardRead<Comment>> {
    const { consultationId, status, shard, after, limit } = query;
    const index = keys.moderationIndex(consultationId, status, shard, '', '');
    const ranged = query.from !== undefined || query.to !== undefined;
    const page = await storeCall(() =>
      this.#doc.send(
        new QueryCommand({
          TableName: this.#o.tableName,
          IndexName: GSI1,
          KeyConditionExpression: ranged ? 'gsi1pk = :p AND gsi1sk BETWEEN :lo AND :hi' : 'gsi1pk = :p',
          ExpressionAttributeValues: {
            ':p': index.gsi1pk,
            ...(ranged ? { ':lo': query.from ?? '0', ':hi': query.to ?? '9' } : {}),
          },
          ScanIndexForward: false,
          Limit: limit,
          ...(after === undefined
            ? {}
            : {
                ExclusiveStartKey: {
                  gsi1pk: index.gsi1pk,
                  gsi1sk: after,
                  ...keys.comment(consultationId, shard, after.slice(after.lastIndexOf('#') + 1)),
                },
              }),
        }),
      ),
    );
    const last = page.LastEvaluatedKey?.gsi1sk;
    return { items: (page.Items ?? []).map(commentFrom), last: typeof last === 'string' ? last : undefined };
  }

  async countTransition(consultationId: string, commentId: string, from: CommentStatus, to: CommentStatus) {
    await storeCall(() =>
      this.#doc.send(
        new UpdateCommand({
          TableName: this.#o.tableName,
          Key: staffKeys.statusCounter(consultationId, shardOf(commentId, this.#o.counterShards)),
          UpdateExpression: 'ADD #from :minus, #to :one SET entity = :entity',
          ExpressionAttributeNames: { '#from': from, '#to': to },
          ExpressionAttributeValues: { ':minus': -1, ':one': 1, ':entity': STAFF_ENTITY.statusCounter },
        }),
      ),
    );
  }
}

/** A comment item read back: its attributes, through the Comment schema. */
export function commentFrom(item: Record<string, NativeAttributeValue>): Comment {
  return Comment.parse({ proposedWording: null, displayName: null, ...item });
}

/** Runs one store call; any failure is the store not answering (a 503 for the caller). */
export async function storeCall<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw new StoreUnavailableError('The store did not answer.', error);
  }
}
