import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { StoreUnavailableError } from '../../shared/errors.ts';
import type { LogSegment, SearchIndexStorage } from '../../shared/search/storage.ts';

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const SEGMENT_DIGITS = 10;
/** S3 answers at most 1,000 keys per list call and DeleteObjects takes at most 1,000 keys. */
const S3_PAGE = 1000;
/** Segments fetched at once on a cold start: one GET each, so a 200-segment log loads in a few round trips. */
const PARALLEL_GETS = 16;
/** A 409 means another conditional write on the key was in flight; S3 asks for a retry. */
const CONFLICT_RETRIES = 4;

export interface S3SearchStorageOptions {
  /** Keys per ListObjectsV2 page (at most 1,000); smaller only in tests of the paging. */
  listPageSize?: number;
}

/**
 * The search index storage in AWS (decision 18): one prefix per index in the search bucket,
 * `<index>/snapshot.bin` and `<index>/log/<seq>.jsonl` with the sequence number zero-padded so that S3's
 * lexicographic listing is numeric order. A segment is created with `If-None-Match: *`: S3 refuses the
 * second writer of a key with 412, which is how a writer learns it lost the race for that number.
 */
export class S3SearchIndexStorage implements SearchIndexStorage {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #pageSize: number;

  constructor(client: S3Client, bucket: string, options: S3SearchStorageOptions = {}) {
    this.#client = client;
    this.#bucket = bucket;
    this.#pageSize = Math.min(options.listPageSize ?? S3_PAGE, S3_PAGE);
  }

  async readSnapshot(indexId: string): Promise<Uint8Array | undefined> {
    return this.#get(snapshotKey(indexId), 'read the search snapshot');
  }

  async writeSnapshot(indexId: string, bytes: Uint8Array): Promise<void> {
    // A PUT replaces the object whole: readers get the old snapshot or the new one, never a mix.
    await this.#call('write the search snapshot', () =>
      this.#client.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: snapshotKey(indexId),
          Body: bytes,
          ContentType: 'application/octet-stream',
        }),
      ),
    );
  }

  async appendSegment(indexId: string, seq: number, bytes: Uint8Array): Promise<boolean> {
    const Key = segmentKey(indexId, seq);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#client.send(
          new PutObjectCommand({
            Bucket: this.#bucket,
            Key,
            Body: bytes,
            ContentType: 'application/x-ndjson',
            IfNoneMatch: '*',
          }),
        );
        return true;
      } catch (error) {
        if (statusOf(error) === 412) return false;
        if (statusOf(error) === 409 && attempt < CONFLICT_RETRIES) {
          await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
          continue;
        }
        throw new StoreUnavailableError('Could not append to the search log.', error);
      }
    }
  }

  async readSegments(indexId: string, afterSeq: number): Promise<LogSegment[]> {
    // StartAfter skips the segments this process has read: a warm reader's refresh lists only new keys.
    const keys = await this.#list(logPrefix(indexId), segmentKey(indexId, afterSeq));
    const seqs = keys.map((key) => seqOf(indexId, key)).filter((seq) => seq !== undefined && seq > afterSeq);
    const segments: (LogSegment | undefined)[] = new Array(seqs.length);
    let next = 0;
    const worker = async () => {
      while (next < seqs.length) {
        const i = next++;
        const seq = seqs[i];
        if (seq === undefined) continue;
        const bytes = await this.#get(segmentKey(indexId, seq), 'read the search log');
        // Deleted by a compaction between the listing and the read: the new snapshot holds it.
        segments[i] = bytes === undefined ? undefined : { seq, bytes };
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_GETS, seqs.length) }, worker));
    return segments.filter((s): s is LogSegment => s !== undefined).sort((a, b) => a.seq - b.seq);
  }

  async deleteSegments(indexId: string, throughSeq: number): Promise<void> {
    if (throughSeq < 1) return;
    const last = segmentKey(indexId, throughSeq);
    // Listed in key order, so the listing stops at the first segment to keep.
    const keys = await this.#list(logPrefix(indexId), undefined, last);
    for (let i = 0; i < keys.length; i += S3_PAGE) {
      const batch = keys.slice(i, i + S3_PAGE);
      const answer = await this.#call('compact the search log', () =>
        this.#client.send(
          new DeleteObjectsCommand({
            Bucket: this.#bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
        ),
      );
      const failed = answer.Errors ?? [];
      if (failed.length > 0)
        throw new StoreUnavailableError(
          `Could not delete ${failed.length} compacted search log segments (${failed[0]?.Code ?? 'unknown'}).`,
        );
    }
  }

  /** Keys under the prefix after `startAfter`, up to and including `through`, in S3's (lexicographic) order. */
  async #list(prefix: string, startAfter?: string, through?: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.#call('list the search log', () =>
        this.#client.send(
          new ListObjectsV2Command({
            Bucket: this.#bucket,
            Prefix: prefix,
            MaxKeys: this.#pageSize,
            ...(token === undefined ? (startAfter === undefined ? {} : { StartAfter: startAfter }) : {}),
            ...(token === undefined ? {} : { ContinuationToken: token }),
          }),
        ),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined) continue;
        if (through !== undefined && object.Key > through) return keys;
        keys.push(object.Key);
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return keys;
  }

  async #get(Key: string, what: string): Promise<Uint8Array | undefined> {
    try {
      const answer = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key }));
      if (answer.Body === undefined) throw new Error('S3 returned no body');
      return await answer.Body.transformToByteArray();
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new StoreUnavailableError(`Could not ${what}.`, error);
    }
  }

  async #call<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new StoreUnavailableError(`Could not ${what}.`, error);
    }
  }
}

function checkedId(indexId: string): string {
  // The id becomes a key prefix: one index must never read or delete under another's.
  if (!SAFE_ID.test(indexId) || indexId.includes('..')) throw new RangeError(`unsafe index id ${indexId}`);
  return indexId;
}

function snapshotKey(indexId: string): string {
  return `${checkedId(indexId)}/snapshot.bin`;
}

function logPrefix(indexId: string): string {
  return `${checkedId(indexId)}/log/`;
}

export function segmentKey(indexId: string, seq: number): string {
  return `${logPrefix(indexId)}${String(seq).padStart(SEGMENT_DIGITS, '0')}.jsonl`;
}

function seqOf(indexId: string, key: string): number | undefined {
  const name = key.slice(logPrefix(indexId).length);
  const match = /^(\d{10})\.jsonl$/.exec(name);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('$metadata' in error)) return undefined;
  const metadata = error.$metadata;
  if (typeof metadata !== 'object' || metadata === null || !('httpStatusCode' in metadata)) return undefined;
  return typeof metadata.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
}

function isMissing(error: unknown): boolean {
  return (
    statusOf(error) === 404 ||
    (error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound'))
  );
}
