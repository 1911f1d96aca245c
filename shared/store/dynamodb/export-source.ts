import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Comment, type ContactDetails } from '../../comment/comment.ts';
import { StoreUnavailableError } from '../../errors.ts';
import type { ExportRecord, ExportResponse } from '../../export/model.ts';
import type { ExportSource } from '../../export/ports.ts';
import { keys } from './keys.ts';

type Item = Record<string, unknown>;

/**
 * Where responses come from once the responses store exists (issue 10 §3). Until then the source is built
 * without one and every record's response is null; the export columns are there already.
 */
export interface ResponseLookup {
  /** The responses that apply to these comments, by comment id; comments without one are absent. */
  responsesFor(consultationId: string, comments: readonly Comment[]): Promise<Map<string, ExportResponse>>;
}

export interface DynamoExportSourceOptions {
  tableName: string;
  commentShards: number;
  /** Comments per page handed to the writer (and per progress step). */
  pageSize?: number;
  /** Items read per shard Query. */
  shardBatch?: number;
  responses?: ResponseLookup;
  /** The consultation's comment count (the sharded counters), for the job's `total`. */
  count: () => Promise<number>;
}

const CONTACT_PREFIX = keys.contact('').pk;
// BatchGetItem takes at most 100 keys.
const BATCH_GET_MAX = 100;

/**
 * The export's view of one consultation over the single table (access pattern 3 ascending, 6 by batch).
 * Each shard partition is already ordered by comment id (sk = CMT#<id>, ids are time-ordered), so a k-way
 * merge of the 16 shards read ascending gives every comment once in ascending id with one buffered batch
 * per shard: memory follows the shard count, not the consultation's size.
 */
export class DynamoExportSource implements ExportSource {
  readonly #doc: DynamoDBDocumentClient;
  readonly #o: DynamoExportSourceOptions;
  readonly #consultationId: string;

  constructor(client: DynamoDBClient, consultationId: string, options: DynamoExportSourceOptions) {
    this.#doc = DynamoDBDocumentClient.from(client);
    this.#o = options;
    this.#consultationId = consultationId;
  }

  count(): Promise<number> {
    return this.#o.count();
  }

  async *pages(options: { includeContact: boolean }): AsyncIterable<readonly ExportRecord[]> {
    const pageSize = this.#o.pageSize ?? 500;
    let page: Item[] = [];
    for await (const item of this.#merged()) {
      page.push(item);
      if (page.length >= pageSize) {
        yield await this.#records(page, options.includeContact);
        page = [];
      }
    }
    if (page.length > 0) yield await this.#records(page, options.includeContact);
  }

  async *#merged(): AsyncGenerator<Item> {
    const shards = Array.from({ length: this.#o.commentShards }, (_, shard) => ({
      shard,
      buffer: [] as Item[],
      start: undefined as Item | undefined,
      done: false,
    }));
    for (;;) {
      await Promise.all(
        shards
          .filter((s) => s.buffer.length === 0 && !s.done)
          .map(async (s) => {
            const read = await this.#readShard(s.shard, s.start);
            s.buffer.push(...read.items);
            s.start = read.next;
            s.done = read.next === undefined;
          }),
      );
      // Every shard that may hold more has a buffered head (a short read with more to come loops above).
      if (shards.some((s) => s.buffer.length === 0 && !s.done)) continue;
      let best: (typeof shards)[number] | undefined;
      for (const s of shards) {
        const head = s.buffer[0];
        if (head === undefined) continue;
        if (best === undefined || String(head.sk) < String(best.buffer[0]?.sk)) best = s;
      }
      if (best === undefined) return;
      const item = best.buffer.shift();
      if (item !== undefined) yield item;
    }
  }

  async #readShard(
    shard: number,
    start: Item | undefined,
  ): Promise<{ items: Item[]; next: Item | undefined }> {
    const page = await this.#call(() =>
      this.#doc.send(
        new QueryCommand({
          TableName: this.#o.tableName,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :c)',
          ExpressionAttributeValues: {
            ':p': keys.commentPartition(this.#consultationId, shard),
            ':c': 'CMT#',
          },
          ScanIndexForward: true,
          Limit: this.#o.shardBatch ?? 250,
          ExclusiveStartKey: start,
        }),
      ),
    );
    return { items: page.Items ?? [], next: page.LastEvaluatedKey };
  }

  async #records(items: readonly Item[], includeContact: boolean): Promise<ExportRecord[]> {
    const comments = items.map((item) => Comment.parse(commentFields(item)));
    const contacts = includeContact ? await this.#contacts(comments) : new Map<string, ContactDetails>();
    const responses =
      this.#o.responses === undefined
        ? new Map<string, ExportResponse>()
        : await this.#o.responses.responsesFor(this.#consultationId, comments);
    return comments.map((comment, i) => ({
      comment,
      moderationReason: comment.reason ?? null,
      contact: contacts.get(comment.id) ?? null,
      cluster: clusterOf(items[i]),
      response: responses.get(comment.id) ?? null,
    }));
  }

  async #contacts(comments: readonly Comment[]): Promise<Map<string, ContactDetails>> {
    const found = new Map<string, ContactDetails>();
    for (let i = 0; i < comments.length; i += BATCH_GET_MAX) {
      let request: Record<string, { Keys: Item[] }> | undefined = {
        [this.#o.tableName]: {
          Keys: comments.slice(i, i + BATCH_GET_MAX).map((c) => keys.contact(c.id)),
        },
      };
      while (request !== undefined && Object.keys(request).length > 0) {
        const batch: Record<string, { Keys: Item[] }> = request;
        const answer = await this.#call(() => this.#doc.send(new BatchGetCommand({ RequestItems: batch })));
        for (const item of answer.Responses?.[this.#o.tableName] ?? []) {
          // The contact item names its consultation: never attach another consultation's details.
          if (item.consultationId !== this.#consultationId || typeof item.pk !== 'string') continue;
          found.set(item.pk.slice(CONTACT_PREFIX.length), {
            ...(typeof item.email === 'string' ? { email: item.email } : {}),
            ...(typeof item.phone === 'string' ? { phone: item.phone } : {}),
          });
        }
        const unprocessed = answer.UnprocessedKeys?.[this.#o.tableName]?.Keys;
        request =
          unprocessed === undefined || unprocessed.length === 0
            ? undefined
            : { [this.#o.tableName]: { Keys: unprocessed } };
      }
    }
    return found;
  }

  async #call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new StoreUnavailableError('The store did not answer while exporting.', error);
    }
  }
}

/** The comment's fields (Comment ignores the cluster attributes; they are read by clusterOf). */
function commentFields(item: Item): Item {
  const { pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, entity: _e, ...rest } = item;
  return { proposedWording: null, displayName: null, ...rest };
}

/**
 * The form-letter cluster as the clustering job (issue 9) writes it onto the comment item. Absent (not
 * clustered yet, or standing alone) is no cluster, never an error.
 */
function clusterOf(item: Item | undefined): ExportRecord['cluster'] {
  const id = item?.clusterId;
  const size = item?.clusterSize;
  if (typeof id !== 'string' || id === '') return null;
  return { id, size: typeof size === 'number' && size > 0 ? size : 1 };
}
