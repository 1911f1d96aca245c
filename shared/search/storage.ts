/**
 * Where a search index lives between processes: one snapshot per index plus numbered log segments, each a
 * batch of changes written after the snapshot. It maps onto S3 (objects `<index>/snapshot.bin` and
 * `<index>/log/<seq>.jsonl`, segments created with `If-None-Match: *`) and onto files under ./var/search.
 */
export interface SearchIndexStorage {
  /** The latest snapshot, or undefined when none was written yet. */
  readSnapshot(indexId: string): Promise<Uint8Array | undefined>;
  /** Replaces the snapshot atomically: a reader sees the old one or the new one, never a mix. */
  writeSnapshot(indexId: string, bytes: Uint8Array): Promise<void>;
  /**
   * Creates log segment `seq` unless it exists. Returns false when another writer created it first; that
   * writer's changes must then be read and applied before trying `seq + 1`.
   */
  appendSegment(indexId: string, seq: number, bytes: Uint8Array): Promise<boolean>;
  /** The segments numbered above `afterSeq`, ascending. */
  readSegments(indexId: string, afterSeq: number): Promise<LogSegment[]>;
  /** Removes segments up to and including `throughSeq`, once a snapshot includes them. */
  deleteSegments(indexId: string, throughSeq: number): Promise<void>;
}

export interface LogSegment {
  seq: number;
  bytes: Uint8Array;
}
