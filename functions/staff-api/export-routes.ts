import { Hono } from 'hono';
import { newCommentId } from '../../shared/comment/comment-id.ts';
import { type Consultation, ConsultationId } from '../../shared/consultation/consultation.ts';
import { IllegalTransitionError, NotFoundError } from '../../shared/errors.ts';
import {
  downloadNameOf,
  EXPORT_CONTENT_TYPES,
  EXPORT_JOB_TTL_DAYS,
  type ExportDispatcher,
  type ExportJob,
  ExportJobRequest,
  type ExportJobStore,
  JOB_ID,
  objectKeyOf,
} from '../../shared/export/jobs.ts';
import type { Clock, ConsultationStore } from '../../shared/ports.ts';
import type { StaffSession, StaffStore } from '../../shared/staff/ports.ts';
import { coversOffice, hasRole, requireRole, type StaffPrincipal } from '../../shared/staff/principal.ts';
import { jsonBody } from '../http/json-body.ts';

/** How a finished file reaches the browser: streamed from ./var/exports, or a redirect to a presigned URL. */
export type ExportDownload =
  | { kind: 'stream'; body: ReadableStream<Uint8Array>; bytes: number }
  | { kind: 'redirect'; url: string };

export interface ExportDownloads {
  /** The published file of a done job, or undefined when it is gone (expired by the lifecycle rule). */
  open(job: ExportJob): Promise<ExportDownload | undefined>;
}

export interface ExportRoutesDeps {
  consultations: ConsultationStore;
  staff: Pick<StaffStore, 'appendAudit'>;
  jobs: ExportJobStore;
  dispatcher: ExportDispatcher;
  downloads: ExportDownloads;
  clock: Clock;
  logError: (message: string, details: { requestId: string; error: unknown }) => void;
}

type Env = { Variables: { principal: StaffPrincipal; session: StaffSession | undefined; requestId: string } };

const READERS = ['admin', 'moderator', 'drafter'] as const;
/** The internal variant may hold contact data: the same roles that may read contact details. */
const INTERNAL_READERS = ['admin', 'drafter'] as const;

/**
 * Export jobs (issue 10 §4), mounted into the staff API after its sign-in middleware, so every route here
 * has a principal. A job is visible to staff of the consultation's office only; to anyone else it does
 * not exist (404), like the consultation itself.
 */
export function exportRoutes(deps: ExportRoutesDeps) {
  const app = new Hono<Env>();
  const now = () => deps.clock.now();

  app.post(
    '/api/staff/consultations/:id/exports',
    jsonBody(ExportJobRequest, {
      maxBytes: 4096,
      maxDepth: 2,
      invalidMessage: 'The export request is not valid; see errors.',
    }),
    async (c) => {
      const principal = c.get('principal');
      requireRole(principal, READERS, 'export comments');
      const consultation = await visibleConsultation(c.req.param('id'), principal);
      const request = c.get('body');
      if (request.variant === 'internal')
        requireRole(principal, INTERNAL_READERS, 'export the internal variant (it holds contact data)');
      const at = now();
      const jobId = newCommentId(at);
      const job: ExportJob = {
        jobId,
        consultationId: consultation.id,
        officeId: consultation.officeId ?? null,
        format: request.format,
        variant: request.variant,
        status: 'queued',
        processed: 0,
        total: await deps.consultations.countComments(consultation.id),
        requestedBy: { sub: principal.sub, username: principal.username },
        requestedAt: at.toISOString(),
        updatedAt: at.toISOString(),
        objectKey: objectKeyOf(consultation.id, jobId, request.format),
        error: null,
        attempt: 0,
        expiresAt: Math.floor(at.getTime() / 1000) + EXPORT_JOB_TTL_DAYS * 86_400,
      };
      if (job.variant === 'internal') await audit(principal, 'export-internal', job, c.get('requestId'));
      await deps.jobs.create(job);
      await dispatch(job, c.get('requestId'));
      return c.json({ jobId }, 202);
    },
  );

  app.get('/api/staff/exports/:jobId', async (c) => {
    const principal = c.get('principal');
    const job = await visibleJob(c.req.param('jobId'), principal);
    const downloadable = job.variant === 'public' || hasRole(principal, ...INTERNAL_READERS);
    return c.json({
      jobId: job.jobId,
      consultationId: job.consultationId,
      format: job.format,
      variant: job.variant,
      status: job.status,
      processed: job.processed,
      total: job.total,
      requestedAt: job.requestedAt,
      ...(job.status === 'done' && downloadable
        ? { downloadUrl: `/api/staff/exports/${job.jobId}/file` }
        : {}),
      ...(job.status === 'failed' && job.error !== null ? { error: job.error } : {}),
    });
  });

  app.get('/api/staff/exports/:jobId/file', async (c) => {
    const principal = c.get('principal');
    const job = await visibleJob(c.req.param('jobId'), principal);
    if (job.variant === 'internal')
      requireRole(principal, INTERNAL_READERS, 'download the internal variant (it holds contact data)');
    if (job.status !== 'done')
      throw new IllegalTransitionError('The export has not finished yet.', { status: job.status });
    const file = await deps.downloads.open(job);
    if (file === undefined) throw new NotFoundError('The exported file has expired; start a new export.');
    // Audited before a byte leaves, so that no download of contact data goes unrecorded.
    if (job.variant === 'internal') await audit(principal, 'download-export', job, c.get('requestId'));
    if (file.kind === 'redirect') return c.redirect(file.url, 302);
    const name = downloadNameOf(job);
    return c.body(file.body, 200, {
      'Content-Type': EXPORT_CONTENT_TYPES[job.format],
      'Content-Length': String(file.bytes),
      'Content-Disposition': `attachment; filename="${job.jobId}.${name.split('.').pop()}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'X-Content-Type-Options': 'nosniff',
    });
  });

  app.post('/api/staff/exports/:jobId/retry', async (c) => {
    const principal = c.get('principal');
    const job = await visibleJob(c.req.param('jobId'), principal);
    if (job.variant === 'internal') requireRole(principal, INTERNAL_READERS, 'retry an internal export');
    if (!(await deps.jobs.requeue(job.jobId, now().toISOString())))
      throw new IllegalTransitionError('Only a failed export can be retried.', { status: job.status });
    await dispatch(job, c.get('requestId'));
    return c.json({ jobId: job.jobId }, 202);
  });

  async function visibleConsultation(id: string, principal: StaffPrincipal): Promise<Consultation> {
    const consultation = ConsultationId.safeParse(id).success
      ? await deps.consultations.getConsultation(id)
      : undefined;
    if (consultation === undefined || !coversOffice(principal, consultation.officeId))
      throw new NotFoundError(`There is no consultation "${id}".`);
    return consultation;
  }

  async function visibleJob(jobId: string, principal: StaffPrincipal): Promise<ExportJob> {
    requireRole(principal, READERS, 'see exports');
    const job = JOB_ID.test(jobId) ? await deps.jobs.get(jobId) : undefined;
    if (job === undefined || !coversOffice(principal, job.officeId ?? undefined))
      throw new NotFoundError(`There is no export ${jobId}.`);
    return job;
  }

  async function dispatch(job: ExportJob, requestId: string) {
    try {
      await deps.dispatcher.dispatch(job.jobId);
    } catch (error) {
      // The job record exists: record why it never ran, so the console offers a retry.
      deps.logError('export dispatch failed', { requestId, error });
      await deps.jobs.start(job.jobId, now().toISOString(), job.total);
      await deps.jobs.fail(
        job.jobId,
        '导出任务未能排队，请重试。 The export could not be queued; retry it.',
        now().toISOString(),
      );
    }
  }

  async function audit(
    principal: StaffPrincipal,
    action: 'export-internal' | 'download-export',
    job: ExportJob,
    requestId: string,
  ) {
    const at = now();
    await deps.staff.appendAudit({
      id: newCommentId(at),
      at: at.toISOString(),
      actor: { sub: principal.sub, username: principal.username },
      action,
      consultationId: job.consultationId,
      to: `${job.format}:${job.jobId}`,
      requestId,
    });
  }

  return app;
}
