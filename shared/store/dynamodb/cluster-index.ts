import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ClusterIndex } from '../../clustering/cluster-index.ts';
import { type Signature, signatureBytes, signatureFromBytes } from '../../clustering/minhash.ts';
import { CLUSTERING } from '../../clustering/params.ts';
import { StoreUnavailableError } from '../../errors.ts';
import { CLUSTER_ENTITY, clusterKeys } from './cluster-keys.ts';
import { classify } from './failures.ts';

// BatchGetItem takes at most 100 keys; unprocessed keys are asked again this many times.
const BATCH = 100;
const BATCH_ATTEMPTS = 8;

/**
 * The incremental clustering index of one consultation and generation on the single table (keys K2–K4 in
 * cluster-keys.ts). Writes are conditional so that concurrent writers keep the caps: a bucket takes a
 * cluster id only while it holds fewer than `bucketCapacity`, a cluster a signature only while it has fewer
 * than `representatives`, a content pointer only if none exists.
 */
export class DynamoClusterIndex implements ClusterIndex {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #consultationId: string;
  readonly #generation: number;

  constructor(doc: DynamoDBDocumentClient, table: string, consultationId: string, generation: number) {
    this.#doc = doc;
    this.#table = table;
    this.#consultationId = consultationId;
    this.#generation = generation;
  }

  async clusterOfContent(contentHash: string): Promise<string | undefined> {
    const { Item } = await call(() =>
      this.#doc.send(
        new GetCommand({
          TableName: this.#table,
          Key: clusterKeys.content(this.#consultationId, this.#generation, contentHash),
        }),
      ),
    );
    return typeof Item?.clusterId === 'string' ? Item.clusterId : undefined;
  }

  async bucketMembers(bandKeys: Uint32Array): Promise<readonly (readonly string[])[]> {
    const wanted = [...bandKeys].map((bucket, band) =>
      clusterKeys.bucket(this.#consultationId, this.#generation, band, bucket),
    );
    const found = await this.#batchGet(wanted);
    return wanted.map((key) => {
      const ids = found.get(key.pk)?.clusterIds;
      return ids instanceof Set ? [...ids].filter((id): id is string => typeof id === 'string').sort() : [];
    });
  }

  async signatures(clusterIds: readonly string[]): Promise<ReadonlyMap<string, readonly Signature[]>> {
    const wanted = clusterIds.map((id) => ({
      id,
      key: clusterKeys.representatives(this.#consultationId, this.#generation, id),
    }));
    const found = await this.#batchGet(wanted.map((w) => w.key));
    const result = new Map<string, readonly Signature[]>();
    for (const { id, key } of wanted) {
      const item = found.get(key.pk);
      // Signatures made under other parameters cannot be compared (params.ts): such a cluster is unseen.
      if (item === undefined || item.version !== CLUSTERING.version || !Array.isArray(item.signatures))
        continue;
      const signatures = item.signatures
        .filter((b): b is Uint8Array => b instanceof Uint8Array)
        .map((b) => signatureFromBytes(b));
      if (signatures.length > 0) result.set(id, signatures);
    }
    return result;
  }

  async addRepresentative(cluster: { id: string; signature: Signature; bandKeys: Uint32Array }) {
    const added = await conditional(() =>
      this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: clusterKeys.representatives(this.#consultationId, this.#generation, cluster.id),
          UpdateExpression:
            'SET signatures = list_append(if_not_exists(signatures, :none), :one), version = :v, entity = :e',
          ConditionExpression: 'attribute_not_exists(signatures) OR size(signatures) < :max',
          ExpressionAttributeValues: {
            ':none': [],
            ':one': [signatureBytes(cluster.signature)],
            ':v': CLUSTERING.version,
            ':e': CLUSTER_ENTITY.representatives,
            ':max': CLUSTERING.representatives,
          },
        }),
      ),
    );
    if (!added) return;
    await Promise.all(
      [...cluster.bandKeys].map((bucket, band) =>
        conditional(() =>
          this.#doc.send(
            new UpdateCommand({
              TableName: this.#table,
              Key: clusterKeys.bucket(this.#consultationId, this.#generation, band, bucket),
              UpdateExpression: 'ADD clusterIds :id SET entity = :e',
              ConditionExpression:
                'attribute_not_exists(clusterIds) OR size(clusterIds) < :cap OR contains(clusterIds, :one)',
              ExpressionAttributeValues: {
                ':id': new Set([cluster.id]),
                ':one': cluster.id,
                ':cap': CLUSTERING.bucketCapacity,
                ':e': CLUSTER_ENTITY.bucket,
              },
            }),
          ),
        ),
      ),
    );
  }

  async addContent(contentHash: string, clusterId: string) {
    await conditional(() =>
      this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...clusterKeys.content(this.#consultationId, this.#generation, contentHash),
            entity: CLUSTER_ENTITY.content,
            clusterId,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async #batchGet(wanted: readonly { pk: string; sk: string }[]) {
    const found = new Map<string, Record<string, unknown>>();
    const unique = [...new Map(wanted.map((k) => [k.pk, k])).values()];
    for (let i = 0; i < unique.length; i += BATCH) {
      let keys: Record<string, unknown>[] = unique.slice(i, i + BATCH);
      for (let attempt = 0; keys.length > 0; attempt++) {
        if (attempt >= BATCH_ATTEMPTS)
          throw new StoreUnavailableError('The clustering index did not answer in full.');
        const requested = keys;
        const page = await call(() =>
          this.#doc.send(new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: requested } } })),
        );
        for (const item of page.Responses?.[this.#table] ?? [])
          if (typeof item.pk === 'string') found.set(item.pk, item);
        keys = page.UnprocessedKeys?.[this.#table]?.Keys ?? [];
        if (keys.length > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
      }
    }
    return found;
  }
}

async function call<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw new StoreUnavailableError('The clustering index did not answer.', error);
  }
}

/** A write whose condition may legitimately fail (a full bucket, an existing pointer): false then. */
async function conditional(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (classify(error) === 'condition-failed') return false;
    throw new StoreUnavailableError('The clustering index did not take the write.', error);
  }
}
