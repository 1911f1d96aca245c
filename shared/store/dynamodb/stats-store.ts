import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CommentStatus } from '../../comment/comment.ts';
import { StoreUnavailableError } from '../../errors.ts';
import {
  type CounterSnapshot,
  cellKey,
  dayOf,
  type StatsStore,
  type StatsSubject,
} from '../../feedback/stats.ts';
import { counterAttribute, FEEDBACK_ENTITY, feedbackKeys } from './feedback-keys.ts';
import { shardOf } from './keys.ts';

export interface DynamoStatsStoreOptions {
  tableName: string;
  counterShards: number;
}

/** Feedback counters on the single table (feedback-keys.ts, F1–F2). */
export class DynamoStatsStore implements StatsStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #o: DynamoStatsStoreOptions;

  constructor(client: DynamoDBClient, options: DynamoStatsStoreOptions) {
    this.#doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.#o = options;
  }

  async countReceived(comment: StatsSubject) {
    const cell = cellOf(comment, comment.status);
    const dup =
      comment.clusterId === undefined ? false : ((await this.#member(comment, { [cell]: 1 }))[cell] ?? 0) > 1;
    await this.#add(comment, [
      [counterAttribute.raw(cell), 1],
      [counterAttribute.day(dayOf(comment.submittedAt)), 1],
      ...(dup ? ([[counterAttribute.dup(cell), 1]] as const) : []),
    ]);
  }

  async countMoved(comment: StatsSubject, from: CommentStatus, to: CommentStatus) {
    if (from === to) return;
    const was = cellOf(comment, from);
    const now = cellOf(comment, to);
    const changes: [string, number][] = [
      [counterAttribute.raw(was), -1],
      [counterAttribute.raw(now), 1],
    ];
    if (comment.clusterId !== undefined) {
      const members = await this.#member(comment, { [was]: -1, [now]: 1 });
      if ((members[was] ?? 0) >= 1) changes.push([counterAttribute.dup(was), -1]);
      if ((members[now] ?? 0) > 1) changes.push([counterAttribute.dup(now), 1]);
    }
    await this.#add(comment, changes);
  }

  async countReclustered(comment: StatsSubject, to: string) {
    if (comment.clusterId === to) return;
    const cell = cellOf(comment, comment.status);
    const changes: [string, number][] = [];
    if (comment.clusterId !== undefined && ((await this.#member(comment, { [cell]: -1 }))[cell] ?? 0) >= 1)
      changes.push([counterAttribute.dup(cell), -1]);
    if (((await this.#member({ ...comment, clusterId: to }, { [cell]: 1 }))[cell] ?? 0) > 1)
      changes.push([counterAttribute.dup(cell), 1]);
    if (changes.length > 0) await this.#add(comment, changes);
  }

  async readCounters(consultationId: string): Promise<CounterSnapshot> {
    const items = await this.#call(() =>
      Promise.all(
        Array.from({ length: this.#o.counterShards }, (_, shard) =>
          this.#doc.send(
            new GetCommand({
              TableName: this.#o.tableName,
              Key: feedbackKeys.counters(consultationId, shard),
            }),
          ),
        ),
      ),
    );
    const snapshot: CounterSnapshot = { raw: {}, dup: {}, days: {} };
    for (const { Item } of items) {
      for (const [name, value] of Object.entries(Item ?? {})) {
        if (typeof value !== 'number') continue;
        const target =
          name[0] === 'r'
            ? snapshot.raw
            : name[0] === 'd'
              ? snapshot.dup
              : name[0] === 't'
                ? snapshot.days
                : undefined;
        if (target === undefined) continue;
        const key = name.slice(1);
        target[key] = (target[key] ?? 0) + value;
      }
    }
    return snapshot;
  }

  async #add(comment: StatsSubject, changes: readonly (readonly [string, number])[]) {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':entity': FEEDBACK_ENTITY.counters };
    const parts = changes.map(([name, by], i) => {
      names[`#a${i}`] = name;
      values[`:v${i}`] = by;
      return `#a${i} :v${i}`;
    });
    await this.#call(() =>
      this.#doc.send(
        new UpdateCommand({
          TableName: this.#o.tableName,
          Key: feedbackKeys.counters(comment.consultationId, shardOf(comment.id, this.#o.counterShards)),
          UpdateExpression: `ADD ${parts.join(', ')} SET entity = :entity`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  /** Moves the cluster's member counts; answers the new count of each cell touched. */
  async #member(comment: StatsSubject, by: Record<string, number>): Promise<Record<string, number>> {
    const cells = Object.keys(by);
    const names = Object.fromEntries(cells.map((cell, i) => [`#c${i}`, cell]));
    const values: Record<string, unknown> = { ':entity': FEEDBACK_ENTITY.clusterCells };
    cells.forEach((cell, i) => {
      values[`:v${i}`] = by[cell];
    });
    const result = await this.#call(() =>
      this.#doc.send(
        new UpdateCommand({
          TableName: this.#o.tableName,
          Key: feedbackKeys.clusterCells(comment.consultationId, comment.clusterId ?? ''),
          UpdateExpression: `ADD ${cells.map((_, i) => `#c${i} :v${i}`).join(', ')} SET entity = :entity`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    );
    const out: Record<string, number> = {};
    for (const cell of cells) {
      const n = result.Attributes?.[cell];
      out[cell] = typeof n === 'number' ? n : 0;
    }
    return out;
  }

  async #call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new StoreUnavailableError('The store did not answer.', error);
    }
  }
}

function cellOf(comment: StatsSubject, status: CommentStatus): string {
  return cellKey(comment.draftVersion, comment.articleId, comment.stance, status);
}
