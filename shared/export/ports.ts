import type { Writable } from 'node:stream';
import type { ExportRecord } from './model.ts';

/**
 * One consultation's comments as the export reads them. `pages` must yield every comment exactly once in
 * ascending comment id (ids are time-ordered, so the shards merge by id); runExport checks the order, so
 * a retried worker that reads again produces the same rows in the same order.
 */
export interface ExportSource {
  /** How many comments there are now, for the job's `total` (a hint: comments may still arrive). */
  count(): Promise<number>;
  /**
   * The comments with their cluster and response. Contact items are read (and the read audited) only when
   * `includeContact` is true, i.e. for the internal variant.
   */
  pages(options: { includeContact: boolean }): AsyncIterable<readonly ExportRecord[]>;
}

/** Where a finished export becomes visible: local disk under ./var/exports, or an S3 object. */
export interface ExportTarget {
  /** A fresh, private part for one attempt; nothing is visible under the export's name until commit. */
  open(): Promise<ExportPart>;
}

export interface ExportPart {
  readonly stream: Writable;
  /** Publishes the complete file under its final name in one step (rename, or completing the upload). */
  commit(): Promise<{ location: string; bytes: number }>;
  /** Throws the part away after a failure; safe to call twice, or after the part is already gone. */
  abort(): Promise<void>;
}
