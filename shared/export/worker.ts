import type { Consultation } from '../consultation/consultation.ts';
import type { Clock } from '../ports.ts';
import type { ExportJob, ExportJobStore } from './jobs.ts';
import type { ArticleIndex } from './model.ts';
import type { ExportSource, ExportTarget } from './ports.ts';
import type { TextMask } from './rows.ts';
import { runExport } from './run-export.ts';

export interface ExportWorkerDeps {
  jobs: ExportJobStore;
  getConsultation: (id: string) => Promise<Consultation | undefined>;
  sourceFor: (consultationId: string) => ExportSource;
  /** The target that publishes under the job's object key. */
  targetFor: (job: ExportJob) => ExportTarget;
  articlesFor: (consultation: Consultation) => Promise<ArticleIndex>;
  mask: TextMask;
  clock: Clock;
  /** Comments between two progress writes to the job record. */
  progressEvery?: number;
  logError: (message: string, details: { jobId: string; error: unknown }) => void;
}

export type WorkerOutcome = 'done' | 'failed' | 'skipped';

/**
 * Runs one delivery of an export job. A job already done is left alone (a duplicate delivery); anything
 * else (queued, failed, or running because an earlier attempt died) starts again from the first comment,
 * which runExport makes safe: the attempt publishes one complete file or nothing. A failure is recorded on
 * the job and rethrown, so that the queue redelivers it and, in the end, dead-letters it.
 */
export async function processExportJob(deps: ExportWorkerDeps, jobId: string): Promise<WorkerOutcome> {
  const existing = await deps.jobs.get(jobId);
  if (existing === undefined || existing.status === 'done') return 'skipped';
  const at = () => deps.clock.now().toISOString();
  // Progress writes run one after the other, beside the export; a failed one only delays the number.
  let writes: Promise<void> = Promise.resolve();
  try {
    const consultation = await deps.getConsultation(existing.consultationId);
    if (consultation === undefined) throw new Error(`consultation ${existing.consultationId} is gone`);
    const source = deps.sourceFor(consultation.id);
    const job = await deps.jobs.start(jobId, at(), await source.count());
    if (job === undefined) return 'skipped';
    const every = deps.progressEvery ?? 500;
    let reported = 0;
    const result = await runExport(
      {
        format: job.format,
        variant: job.variant,
        heading: { draftTitle: consultation.title.zh, window: windowText(consultation) },
      },
      {
        source,
        target: deps.targetFor(job),
        articles: await deps.articlesFor(consultation),
        mask: deps.mask,
        onProgress: (read) => {
          if (read - reported < every) return;
          reported = read;
          writes = writes.then(() => deps.jobs.progress(jobId, read, at())).catch(() => {});
        },
      },
    );
    await writes;
    await deps.jobs.finish(jobId, result.read, at());
    return 'done';
  } catch (error) {
    deps.logError('export job failed', { jobId, error });
    // The failure is written last, so staff see how far the attempt got and no late progress hides it.
    await writes;
    await deps.jobs.fail(jobId, failureMessage(error), at());
    throw error;
  }
}

/** What staff read about a failure: the kind of error, not its details (which may quote stored data). */
function failureMessage(error: unknown): string {
  const name = error instanceof Error ? error.name : 'Error';
  return `导出失败（${name}），可重试。 The export failed (${name}); you can retry it.`;
}

/** `2026年11月25日至2026年12月25日` in Beijing time. */
function windowText(consultation: Pick<Consultation, 'opensAt' | 'closesAt'>): string {
  const day = (iso: string) => {
    const d = new Date(Date.parse(iso) + 8 * 3_600_000);
    return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
  };
  return `${day(consultation.opensAt)}至${day(consultation.closesAt)}`;
}
