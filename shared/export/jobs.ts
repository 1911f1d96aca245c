import { z } from 'zod';
import { EXPORT_FORMATS, EXPORT_VARIANTS } from './model.ts';

/** What staff ask for: `POST /api/staff/consultations/{id}/exports`. */
export const ExportJobRequest = z
  .object({ format: z.enum(EXPORT_FORMATS), variant: z.enum(EXPORT_VARIANTS) })
  .strict();
export type ExportJobRequest = z.infer<typeof ExportJobRequest>;

export const EXPORT_JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ExportJobStatus = (typeof EXPORT_JOB_STATUSES)[number];

/** Jobs (and their files' records) are kept a week; the files' own lifecycle is the bucket's / ./var's. */
export const EXPORT_JOB_TTL_DAYS = 7;

export const EXPORT_EXTENSIONS = { csv: 'csv', json: 'ndjson', xlsx: 'xlsx', docx: 'docx' } as const;
export const EXPORT_CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/x-ndjson; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

/** A job record as stored; read back through this schema, never by a cast. */
export const ExportJobRecord = z.object({
  jobId: z.string(),
  consultationId: z.string(),
  officeId: z.string().nullable(),
  format: z.enum(EXPORT_FORMATS),
  variant: z.enum(EXPORT_VARIANTS),
  status: z.enum(EXPORT_JOB_STATUSES),
  processed: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  requestedBy: z.object({ sub: z.string(), username: z.string() }),
  requestedAt: z.string(),
  updatedAt: z.string(),
  objectKey: z.string(),
  error: z.string().nullable(),
  attempt: z.number().int().nonnegative(),
  expiresAt: z.number().int(),
});

export interface ExportJob {
  jobId: string;
  consultationId: string;
  /** The consultation's office when the job was made: who may see the job (null = unscoped consultation). */
  officeId: string | null;
  format: ExportJobRequest['format'];
  variant: ExportJobRequest['variant'];
  status: ExportJobStatus;
  processed: number;
  total: number;
  requestedBy: { sub: string; username: string };
  requestedAt: string;
  updatedAt: string;
  /** Where the published file lives (path under ./var/exports, or the S3 key); fixed per job. */
  objectKey: string;
  /** A message for staff when failed; never a stack trace or a comment's content. */
  error: string | null;
  /** Attempts started, counting retries and redeliveries. */
  attempt: number;
  /** Epoch seconds (TTL). */
  expiresAt: number;
}

/** The job records of the table (staff-keys style: pk=EXPORT#<jobId>). */
export interface ExportJobStore {
  create(job: ExportJob): Promise<void>;
  get(jobId: string): Promise<ExportJob | undefined>;
  /** Moves a queued or failed job to running and counts the attempt; false when it is done (nothing to do). */
  start(jobId: string, at: string, total: number): Promise<ExportJob | undefined>;
  progress(jobId: string, processed: number, at: string): Promise<void>;
  finish(jobId: string, processed: number, at: string): Promise<void>;
  fail(jobId: string, error: string, at: string): Promise<void>;
  /** Failed → queued for a retry; false when the job was not failed. */
  requeue(jobId: string, at: string): Promise<boolean>;
}

/** Hands a job to the worker: an SQS message in AWS, an in-process run locally. */
export interface ExportDispatcher {
  dispatch(jobId: string): Promise<void>;
}

export function objectKeyOf(consultationId: string, jobId: string, format: ExportJob['format']): string {
  return `${consultationId}/${jobId}.${EXPORT_EXTENSIONS[format]}`;
}

/** The file name offered to the browser: the consultation, the variant and the date. */
export function downloadNameOf(job: ExportJob): string {
  const day = job.requestedAt.slice(0, 10);
  const kind = job.variant === 'internal' ? '意见汇总表-内部' : '意见汇总表-公开';
  return `${job.consultationId}-${kind}-${day}.${EXPORT_EXTENSIONS[job.format]}`;
}

export const JOB_ID = /^[0-9A-Z]{26}$/;
