import type { IndexChange } from '../../shared/search/change-log.ts';
import type { CommentSearch } from '../../shared/search/comment-search.ts';
import type { IndexSeeder } from '../../shared/search/seed.ts';
import { changeOfRecord, StreamRecord } from './stream-records.ts';

export interface IndexerDeps {
  search: Pick<CommentSearch, 'record'>;
  seeder: Pick<IndexSeeder, 'ensureSeeded'>;
  /** Says what failed without the error's text (which could quote a comment). */
  reportFailure: (
    what: string,
    details: { sequenceNumber: string; consultationId?: string; error: unknown },
  ) => void;
}

export interface BatchOutcome {
  /** Lambda's partial batch response: it retries from the lowest sequence number listed. */
  batchItemFailures: { itemIdentifier: string }[];
  /** Segments written (one per consultation with changes), changes in them, records left alone. */
  recorded: { consultations: number; changes: number; removed: number; ignored: number };
}

/**
 * One batch of the table's stream into the search index: the comment changes of each consultation become
 * one log segment (in stream order), written after that consultation's index has been seeded from the
 * table if it had none. A record that cannot be read, or a consultation whose segment cannot be written,
 * is reported by sequence number; Lambda then retries from the lowest one, and since adds and updates are
 * idempotent the records after it that were written already do no harm when they come again.
 */
export async function indexBatch(deps: IndexerDeps, records: readonly unknown[]): Promise<BatchOutcome> {
  const failed: string[] = [];
  const byConsultation = new Map<string, { first: string; changes: IndexChange[] }>();
  const recorded = { consultations: 0, changes: 0, removed: 0, ignored: 0 };
  for (const raw of records) {
    const sequenceNumber = sequenceOf(raw);
    if (sequenceNumber === undefined) {
      // Without a sequence number the record cannot be reported on its own: fail the whole batch.
      throw new Error('a stream record has no sequence number');
    }
    try {
      const outcome = changeOfRecord(raw);
      if (outcome.kind === 'ignored') recorded.ignored++;
      else if (outcome.kind === 'removed') recorded.removed++;
      else {
        let group = byConsultation.get(outcome.consultationId);
        if (group === undefined) {
          group = { first: sequenceNumber, changes: [] };
          byConsultation.set(outcome.consultationId, group);
        }
        if (outcome.kind === 'change') group.changes.push(outcome.change);
      }
    } catch (error) {
      deps.reportFailure('unreadable stream record', { sequenceNumber, error });
      failed.push(sequenceNumber);
    }
  }
  // Consultations one after the other: their segments are independent, and a batch rarely spans many.
  for (const [consultationId, group] of byConsultation) {
    try {
      await deps.seeder.ensureSeeded(consultationId);
      if (group.changes.length > 0) {
        await deps.search.record(consultationId, group.changes);
        recorded.consultations++;
        recorded.changes += group.changes.length;
      }
    } catch (error) {
      deps.reportFailure('search index write', { sequenceNumber: group.first, consultationId, error });
      failed.push(group.first);
    }
  }
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })), recorded };
}

function sequenceOf(raw: unknown): string | undefined {
  const parsed = StreamRecord.shape.dynamodb
    .pick({ SequenceNumber: true })
    .safeParse(typeof raw === 'object' && raw !== null && 'dynamodb' in raw ? raw.dynamodb : undefined);
  return parsed.success ? parsed.data.SequenceNumber : undefined;
}
