import type { ExportJob, ExportJobStore } from '../export/jobs.ts';

/** The job store in memory, with the same transitions as the DynamoDB one (tests, unit level). */
export class MemoryExportJobStore implements ExportJobStore {
  readonly jobs = new Map<string, ExportJob>();

  async create(job: ExportJob) {
    if (this.jobs.has(job.jobId)) throw new Error(`job ${job.jobId} exists`);
    this.jobs.set(job.jobId, { ...job });
  }

  async get(jobId: string) {
    const job = this.jobs.get(jobId);
    return job === undefined ? undefined : { ...job };
  }

  async start(jobId: string, at: string, total: number) {
    const job = this.jobs.get(jobId);
    if (job === undefined || job.status === 'done') return undefined;
    Object.assign(job, { status: 'running', processed: 0, total, updatedAt: at, error: null });
    job.attempt += 1;
    return { ...job };
  }

  async progress(jobId: string, processed: number, at: string) {
    const job = this.jobs.get(jobId);
    if (job?.status === 'running') Object.assign(job, { processed, updatedAt: at });
  }

  async finish(jobId: string, processed: number, at: string) {
    const job = this.jobs.get(jobId);
    if (job !== undefined) Object.assign(job, { status: 'done', processed, updatedAt: at });
  }

  async fail(jobId: string, error: string, at: string) {
    const job = this.jobs.get(jobId);
    if (job?.status === 'running') Object.assign(job, { status: 'failed', error, updatedAt: at });
  }

  async requeue(jobId: string, at: string) {
    const job = this.jobs.get(jobId);
    if (job?.status !== 'failed') return false;
    Object.assign(job, { status: 'queued', processed: 0, updatedAt: at, error: null });
    return true;
  }
}
