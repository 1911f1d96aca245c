import { StoreUnavailableError } from '../errors.ts';
import { applyChanges, decodeChanges, encodeChanges, type IndexChange } from './change-log.ts';
import { SearchIndex } from './search-index.ts';
import type { Segmenter } from './segmenter.ts';
import { decodeSnapshot, encodeSnapshot } from './snapshot.ts';
import type { SearchIndexStorage } from './storage.ts';

const MAX_APPEND_ATTEMPTS = 8;
/**
 * Segments a compaction leaves behind. A writer that listed the log just before a compaction could
 * otherwise re-create a deleted segment number that readers skip as included in the snapshot.
 */
const RETAINED_SEGMENTS = 64;

/**
 * A search index kept in storage as a snapshot plus a log of change batches: `open` loads both (a Lambda's
 * cold start), `record` appends a batch and applies it, `refresh` applies batches other writers appended,
 * `compact` folds the log into a new snapshot.
 */
export class PersistentSearchIndex {
  private queue: Promise<unknown> = Promise.resolve();

  readonly indexId: string;
  private readonly storage: SearchIndexStorage;
  private readonly segmenter: Segmenter;
  private current: SearchIndex;
  private seq = 0;
  private snapshotSeq = 0;

  private constructor(indexId: string, storage: SearchIndexStorage, segmenter: Segmenter) {
    this.indexId = indexId;
    this.storage = storage;
    this.segmenter = segmenter;
    this.current = new SearchIndex(segmenter);
  }

  static async open(
    storage: SearchIndexStorage,
    indexId: string,
    segmenter: Segmenter,
  ): Promise<PersistentSearchIndex> {
    const persisted = new PersistentSearchIndex(indexId, storage, segmenter);
    await persisted.loadSnapshot();
    await persisted.catchUp();
    // The replayed log left postings outside the compact block; every search would copy them together.
    persisted.current.seal();
    return persisted;
  }

  /** The live index; replaced when a refresh finds the log compacted past what this process had read. */
  get index(): SearchIndex {
    return this.current;
  }

  /** The last log segment applied. */
  get lastSeq(): number {
    return this.seq;
  }

  /** Segments applied since the snapshot: what a cold start must replay, and the measure for compacting. */
  get segmentsSinceSnapshot(): number {
    return this.seq - this.snapshotSeq;
  }

  /** Appends the changes as one log segment, then applies them. Resolves once they are durable. */
  record(changes: readonly IndexChange[]): Promise<void> {
    return this.exclusive(async () => {
      if (changes.length === 0) return;
      const bytes = encodeChanges(changes);
      for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
        await this.catchUp();
        if (await this.storage.appendSegment(this.indexId, this.seq + 1, bytes)) {
          applyChanges(this.current, changes);
          this.seq += 1;
          return;
        }
        // Another writer took that number: read its changes, then try the next one.
      }
      throw new StoreUnavailableError(`search log of ${this.indexId}: too many concurrent writers`);
    });
  }

  /** Applies segments other writers appended; returns how many. */
  refresh(): Promise<number> {
    return this.exclusive(() => this.catchUp());
  }

  /** Writes a snapshot that includes every segment applied so far and removes the older segments. */
  compact(): Promise<{ bytes: number; logSeq: number }> {
    return this.exclusive(async () => {
      await this.catchUp();
      this.current.seal();
      const bytes = encodeSnapshot(this.current, this.seq);
      await this.storage.writeSnapshot(this.indexId, bytes);
      this.snapshotSeq = this.seq;
      await this.storage.deleteSegments(this.indexId, this.seq - RETAINED_SEGMENTS);
      return { bytes: bytes.length, logSeq: this.seq };
    });
  }

  private async loadSnapshot(): Promise<void> {
    const bytes = await this.storage.readSnapshot(this.indexId);
    if (bytes === undefined) {
      this.current = new SearchIndex(this.segmenter);
      this.seq = 0;
    } else {
      const { index, logSeq } = decodeSnapshot(bytes, this.segmenter);
      this.current = index;
      this.seq = logSeq;
    }
    this.snapshotSeq = this.seq;
  }

  private async catchUp(): Promise<number> {
    let applied = 0;
    for (let pass = 0; pass < 2; pass++) {
      const segments = await this.storage.readSegments(this.indexId, this.seq);
      const from = this.seq + 1;
      if (segments.every((s, i) => s.seq === from + i)) {
        for (const segment of segments) {
          applyChanges(this.current, decodeChanges(segment.bytes, segment.seq));
          this.seq = segment.seq;
          applied++;
        }
        return applied;
      }
      // Segments this process had not read were compacted away: the newer snapshot holds them.
      await this.loadSnapshot();
    }
    throw new StoreUnavailableError(`search log of ${this.indexId} has a gap the snapshot does not cover`);
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
