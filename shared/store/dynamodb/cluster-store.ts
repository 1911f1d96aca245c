import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ClusterIndex } from '../../clustering/cluster-index.ts';
import { Comment } from '../../comment/comment.ts';
import { StoreUnavailableError } from '../../errors.ts';
import type { ClusterStore } from '../../moderation/cluster-ports.ts';
import { DynamoClusterIndex } from './cluster-index.ts';
import { CLUSTER_ENTITY, clusterKeys } from './cluster-keys.ts';
import { classify } from './failures.ts';
import { ENTITY, keys, shardOf } from './keys.ts';

export interface DynamoClusterStoreOptions {
  tableName: string;
  commentShards: number;
  counterShards: number;
}

// A warm process re-reads the generation this often: a re-cluster takes effect within seconds everywhere.
const GENERATION_TTL_MS = 5_000;

/** The ClusterStore on the single table (cluster-keys.ts). */
export class DynamoClusterStore implements ClusterStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #o: DynamoClusterStoreOptions;
  readonly #generations = new Map<string, { generation: number; readAt: number }>();

  constructor(client: DynamoDBClient, options: DynamoClusterStoreOptions) {
    this.#doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.#o = options;
  }

  async currentIndex(consultationId: string): Promise<ClusterIndex> {
    return this.#index(consultationId, await this.#generation(consultationId));
  }

  async nextIndex(consultationId: string) {
    // Consistent: two re-clusters must not build the same generation from a stale read.
    const generation = (await this.#readGeneration(consultationId, true)) + 1;
    return { index: this.#index(consultationId, generation), generation };
  }

  async activate(consultationId: string, generation: number) {
    await call(() =>
      this.#doc.send(
        new PutCommand({
          TableName: this.#o.tableName,
          Item: { ...clusterKeys.generation(consultationId), entity: CLUSTER_ENTITY.generation, generation },
        }),
      ),
    );
    this.#generations.set(consultationId, { generation, readAt: Date.now() });
  }

  async setCluster(consultationId: string, commentId: string, clusterId: string) {
    try {
      const { Attributes } = await this.#doc.send(
        new UpdateCommand({
          TableName: this.#o.tableName,
          Key: keys.comment(consultationId, shardOf(commentId, this.#o.commentShards), commentId),
          // Only the cluster id: a concurrent moderation decision (status, version) is never overwritten.
          UpdateExpression: 'SET clusterId = :c',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':c': clusterId },
          ReturnValues: 'UPDATED_OLD',
        }),
      );
      const previous = Attributes?.clusterId;
      return { previous: typeof previous === 'string' ? previous : null };
    } catch (error) {
      if (classify(error) === 'condition-failed') return undefined;
      throw new StoreUnavailableError('Could not record the cluster of a comment.', error);
    }
  }

  async countMember(consultationId: string, clusterId: string, commentId: string, delta: 1 | -1) {
    await call(() =>
      this.#doc.send(
        new UpdateCommand({
          TableName: this.#o.tableName,
          Key: clusterKeys.size(consultationId, clusterId, shardOf(commentId, this.#o.counterShards)),
          UpdateExpression: 'ADD #n :d SET entity = :e',
          ExpressionAttributeNames: { '#n': 'n' },
          ExpressionAttributeValues: { ':d': delta, ':e': ENTITY.counter },
        }),
      ),
    );
  }

  async clusterSizes(consultationId: string, clusterIds: readonly string[]) {
    const sizes = new Map<string, number>(clusterIds.map((id) => [id, 0]));
    const wanted = [...new Set(clusterIds)].flatMap((id) =>
      Array.from({ length: this.#o.counterShards }, (_, shard) => ({
        id,
        key: clusterKeys.size(consultationId, id, shard),
      })),
    );
    const byKey = new Map(wanted.map((w) => [`${w.key.pk}\u0000${w.key.sk}`, w.id]));
    for (let i = 0; i < wanted.length; i += 100) {
      let pending: Record<string, unknown>[] = wanted.slice(i, i + 100).map((w) => w.key);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= 8) throw new StoreUnavailableError('Cluster sizes could not be read in full.');
        const asked = pending;
        const page = await call(() =>
          this.#doc.send(new BatchGetCommand({ RequestItems: { [this.#o.tableName]: { Keys: asked } } })),
        );
        for (const item of page.Responses?.[this.#o.tableName] ?? []) {
          const id = byKey.get(`${String(item.pk)}\u0000${String(item.sk)}`);
          if (id !== undefined && typeof item.n === 'number') sizes.set(id, (sizes.get(id) ?? 0) + item.n);
        }
        pending = page.UnprocessedKeys?.[this.#o.tableName]?.Keys ?? [];
        if (pending.length > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
      }
    }
    return sizes;
  }

  async *comments(consultationId: string): AsyncIterable<Comment> {
    for (let shard = 0; shard < this.#o.commentShards; shard++) {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await call(() =>
          this.#doc.send(
            new QueryCommand({
              TableName: this.#o.tableName,
              KeyConditionExpression: 'pk = :p AND begins_with(sk, :c)',
              ExpressionAttributeValues: { ':p': keys.commentPartition(consultationId, shard), ':c': 'CMT#' },
              ExclusiveStartKey: start,
            }),
          ),
        );
        for (const item of page.Items ?? [])
          yield Comment.parse({ proposedWording: null, displayName: null, ...item });
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
    }
  }

  #index(consultationId: string, generation: number): ClusterIndex {
    return new DynamoClusterIndex(this.#doc, this.#o.tableName, consultationId, generation);
  }

  async #generation(consultationId: string): Promise<number> {
    const cached = this.#generations.get(consultationId);
    if (cached !== undefined && Date.now() - cached.readAt < GENERATION_TTL_MS) return cached.generation;
    const generation = await this.#readGeneration(consultationId, false);
    this.#generations.set(consultationId, { generation, readAt: Date.now() });
    return generation;
  }

  async #readGeneration(consultationId: string, consistent: boolean): Promise<number> {
    const { Item } = await call(() =>
      this.#doc.send(
        new GetCommand({
          TableName: this.#o.tableName,
          Key: clusterKeys.generation(consultationId),
          ConsistentRead: consistent,
        }),
      ),
    );
    return typeof Item?.generation === 'number' ? Item.generation : 0;
  }
}

async function call<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw new StoreUnavailableError('The cluster store did not answer.', error);
  }
}
