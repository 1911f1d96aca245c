import type { Clock } from '../ports.ts';
import type { IndexChange } from './change-log.ts';
import { PersistentSearchIndex } from './persistent-index.ts';
import type { SearchPage, SearchRequest } from './query.ts';
import type { Segmenter } from './segmenter.ts';
import type { SearchIndexStorage } from './storage.ts';

export interface CommentSearchOptions {
  storage: SearchIndexStorage;
  segmenter: Segmenter;
  clock: Clock;
  /** How stale a warm process's view may get before a search first reads new log segments (one list call). */
  refreshAfterMs?: number;
  /** Log segments after which a writer folds the log into a new snapshot, bounding cold-start replay. */
  compactAfterSegments?: number;
}

/**
 * The search side of the staff API and the writer side of the indexer, one index per consultation, each
 * opened once per process (a Lambda's cold start) and kept warm between requests.
 */
export class CommentSearch {
  private readonly open = new Map<string, Promise<{ index: PersistentSearchIndex; refreshedAt: number }>>();
  private readonly options: Required<CommentSearchOptions>;

  constructor(options: CommentSearchOptions) {
    this.options = { refreshAfterMs: 5_000, compactAfterSegments: 200, ...options };
  }

  /** One page of a consultation's comments matching the request; ids only, the store supplies the rest. */
  async search(consultationId: string, request: SearchRequest): Promise<SearchPage> {
    const entry = await this.entry(consultationId);
    const now = this.options.clock.now().getTime();
    if (now - entry.refreshedAt >= this.options.refreshAfterMs) {
      await entry.index.refresh();
      entry.refreshedAt = now;
    }
    return entry.index.index.search(request);
  }

  /** Makes changes durable in the consultation's log and visible to this process; compacts when due. */
  async record(consultationId: string, changes: readonly IndexChange[]): Promise<void> {
    const entry = await this.entry(consultationId);
    await entry.index.record(changes);
    entry.refreshedAt = this.options.clock.now().getTime();
    if (entry.index.segmentsSinceSnapshot >= this.options.compactAfterSegments) await entry.index.compact();
  }

  /** How many comments the consultation's index holds (after loading it); 0 for an index never written. */
  async size(consultationId: string): Promise<number> {
    return (await this.entry(consultationId)).index.index.size;
  }

  private entry(consultationId: string): Promise<{ index: PersistentSearchIndex; refreshedAt: number }> {
    let entry = this.open.get(consultationId);
    if (entry === undefined) {
      entry = PersistentSearchIndex.open(this.options.storage, consultationId, this.options.segmenter).then(
        (index) => ({ index, refreshedAt: this.options.clock.now().getTime() }),
      );
      // A failed open is not cached: the next request tries again.
      entry.catch(() => this.open.delete(consultationId));
      this.open.set(consultationId, entry);
    }
    return entry;
  }
}
