import type { CommentStatus } from '../comment/comment.ts';
import { type CounterSnapshot, cellKey, dayOf, type StatsStore, type StatsSubject } from './stats.ts';

/** The StatsStore in memory, for unit tests and the benchmark; the same counting rules as the DynamoDB one. */
export class MemoryStatsStore implements StatsStore {
  readonly counters = new Map<string, CounterSnapshot>();
  /** Members per cell of each cluster, by `<consultation>#<cluster>`. */
  readonly clusters = new Map<string, Map<string, number>>();

  async countReceived(comment: StatsSubject) {
    const snapshot = this.#snapshot(comment.consultationId);
    const cell = cellOf(comment, comment.status);
    bump(snapshot.raw, cell, 1);
    bump(snapshot.days, dayOf(comment.submittedAt), 1);
    if (comment.clusterId !== undefined && this.#member(comment, cell, 1) > 1) bump(snapshot.dup, cell, 1);
  }

  async countMoved(comment: StatsSubject, from: CommentStatus, to: CommentStatus) {
    const snapshot = this.#snapshot(comment.consultationId);
    const was = cellOf(comment, from);
    const now = cellOf(comment, to);
    bump(snapshot.raw, was, -1);
    bump(snapshot.raw, now, 1);
    if (comment.clusterId === undefined) return;
    if (this.#member(comment, was, -1) >= 1) bump(snapshot.dup, was, -1);
    if (this.#member(comment, now, 1) > 1) bump(snapshot.dup, now, 1);
  }

  async countReclustered(comment: StatsSubject, to: string) {
    if (comment.clusterId === to) return;
    const snapshot = this.#snapshot(comment.consultationId);
    const cell = cellOf(comment, comment.status);
    if (comment.clusterId !== undefined && this.#member(comment, cell, -1) >= 1) bump(snapshot.dup, cell, -1);
    if (this.#member({ ...comment, clusterId: to }, cell, 1) > 1) bump(snapshot.dup, cell, 1);
  }

  async readCounters(consultationId: string): Promise<CounterSnapshot> {
    return structuredClone(this.#snapshot(consultationId));
  }

  #snapshot(consultationId: string): CounterSnapshot {
    let snapshot = this.counters.get(consultationId);
    if (snapshot === undefined) {
      snapshot = { raw: {}, dup: {}, days: {} };
      this.counters.set(consultationId, snapshot);
    }
    return snapshot;
  }

  #member(comment: StatsSubject, cell: string, by: number): number {
    const key = `${comment.consultationId}#${comment.clusterId}`;
    const cells = this.clusters.get(key) ?? new Map<string, number>();
    const n = (cells.get(cell) ?? 0) + by;
    cells.set(cell, n);
    this.clusters.set(key, cells);
    return n;
  }
}

function cellOf(comment: StatsSubject, status: CommentStatus): string {
  return cellKey(comment.draftVersion, comment.articleId, comment.stance, status);
}

function bump(record: Record<string, number>, key: string, by: number): void {
  record[key] = (record[key] ?? 0) + by;
}
