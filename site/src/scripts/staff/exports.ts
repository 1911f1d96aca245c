/**
 * The export page: starts jobs, follows them (one status request a second while one runs), offers the
 * download when done and the retry when failed. The job ids started here are kept in sessionStorage per
 * consultation, so a reload keeps following them; the API decides who may see and download each.
 */

import { localePath, pageLang } from '../../i18n.ts';
import { EXPORT_FORMATS_UI, EXPORT_VARIANTS_UI, exportUi } from '../../i18n-staff-exports.ts';
import { isRecord, items, StaffApiError, staffRequest, toConsultation } from './api.ts';
import { el, startSession } from './session.ts';

const lang = pageLang();
const x = exportUi[lang];
const POLL_MS = 1000;
const STATUSES = ['queued', 'running', 'done', 'failed'] as const;
type Status = (typeof STATUSES)[number];

interface JobView {
  jobId: string;
  format: string;
  variant: string;
  status: Status;
  processed: number;
  total: number;
  downloadUrl: string | undefined;
  error: string | undefined;
}

function toJob(v: unknown): JobView | undefined {
  if (!isRecord(v)) return undefined;
  const status = STATUSES.find((s) => s === v.status);
  if (typeof v.jobId !== 'string' || status === undefined) return undefined;
  const num = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) ? n : 0);
  const text = (s: unknown) => (typeof s === 'string' ? s : undefined);
  const url = text(v.downloadUrl);
  return {
    jobId: v.jobId,
    format: text(v.format) ?? '',
    variant: text(v.variant) ?? '',
    status,
    processed: num(v.processed),
    total: num(v.total),
    // Only our own API's file route is followed.
    downloadUrl: url?.startsWith('/api/staff/exports/') ? url : undefined,
    error: text(v.error),
  };
}

function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`#${id} missing`);
  return node;
}

const consultationId = new URLSearchParams(location.search).get('c') ?? '';
const storageKey = `yijian-exports:${consultationId}`;
const rendered = new Map<string, HTMLLIElement>();

function remembered(): string[] {
  try {
    const raw: unknown = JSON.parse(sessionStorage.getItem(storageKey) ?? '[]');
    return Array.isArray(raw) ? raw.filter((id): id is string => typeof id === 'string').slice(0, 20) : [];
  } catch {
    return [];
  }
}

function remember(jobId: string): void {
  sessionStorage.setItem(storageKey, JSON.stringify([jobId, ...remembered().filter((id) => id !== jobId)]));
}

function problem(message: string): void {
  const box = byId('exp-problem', HTMLDivElement);
  box.textContent = message;
  box.hidden = message === '';
}

function render(job: JobView): void {
  const list = byId('exp-jobs', HTMLOListElement);
  byId('exp-no-jobs', HTMLParagraphElement).hidden = true;
  let item = rendered.get(job.jobId);
  if (item === undefined) {
    item = el('li', { id: `job-${job.jobId}` });
    item.dataset.jobId = job.jobId;
    rendered.set(job.jobId, item);
    list.prepend(item);
  }
  item.dataset.status = job.status;
  const format = EXPORT_FORMATS_UI.find((f) => f === job.format);
  const variant = EXPORT_VARIANTS_UI.find((v) => v === job.variant);
  const formatName = format === undefined ? job.format : x.formats[format];
  const variantName = variant === undefined ? job.variant : x.variants[variant];
  const heading = el(
    'p',
    {},
    el('strong', {}, `${formatName} · ${variantName}`),
    ` — `,
    el('span', { className: 'job-status' }, x.status[job.status]),
  );
  const children: Node[] = [heading];
  if (job.status === 'queued' || job.status === 'running' || job.status === 'done') {
    const text = x.progress(job.processed, job.total);
    const bar = el('progress', { max: Math.max(job.total, job.processed, 1), value: job.processed });
    bar.setAttribute('aria-label', text);
    children.push(bar, el('p', { className: 'job-progress' }, text));
  }
  if (job.status === 'done' && job.downloadUrl !== undefined) {
    const link = el('a', { className: 'button primary job-download', href: job.downloadUrl }, x.download);
    link.setAttribute('download', '');
    children.push(el('p', {}, link));
  }
  if (job.status === 'failed') {
    children.push(el('p', { className: 'job-error' }, x.failedBecause, job.error ?? ''));
    const retry = el('button', { type: 'button', className: 'button job-retry' }, x.retry);
    retry.addEventListener('click', () => void retryJob(job.jobId, retry));
    children.push(el('p', {}, retry));
  }
  item.replaceChildren(...children);
}

async function follow(jobId: string): Promise<void> {
  for (;;) {
    let job: JobView | undefined;
    try {
      job = toJob(await staffRequest('GET', `/exports/${encodeURIComponent(jobId)}`));
    } catch (error) {
      if (error instanceof StaffApiError && error.problem.status === 404) {
        rendered.get(jobId)?.remove();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS * 3));
      continue;
    }
    if (job === undefined) return;
    render(job);
    if (job.status === 'done' || job.status === 'failed') return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function retryJob(jobId: string, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  try {
    await staffRequest('POST', `/exports/${encodeURIComponent(jobId)}/retry`);
    problem('');
    void follow(jobId);
  } catch (error) {
    button.disabled = false;
    problem(`${x.startFailed}${error instanceof Error ? error.message : String(error)}`);
  }
}

async function main(): Promise<void> {
  const me = await startSession(lang);
  if (!me) return;
  const back = byId('exp-back', HTMLAnchorElement);
  back.href = `${localePath(lang, '/staff/moderation/')}?c=${encodeURIComponent(consultationId)}`;
  if (consultationId === '') {
    problem(x.noConsultation);
    return;
  }
  try {
    const found = items(await staffRequest('GET', '/consultations'), toConsultation).find(
      (c) => c.id === consultationId,
    );
    if (found === undefined) {
      problem(x.noConsultation);
      return;
    }
    byId('exp-consultation', HTMLParagraphElement).textContent = found.title[lang];
  } catch (error) {
    problem(error instanceof Error ? error.message : String(error));
    return;
  }
  byId('exp-app', HTMLDivElement).hidden = false;
  if (!me.roles.some((r) => r === 'admin' || r === 'drafter')) {
    byId('variant-internal', HTMLInputElement).disabled = true;
    byId('variant-internal-denied', HTMLParagraphElement).hidden = false;
  }
  const form = byId('exp-form', HTMLFormElement);
  const start = byId('exp-start', HTMLButtonElement);
  const status = byId('exp-form-status', HTMLParagraphElement);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    start.disabled = true;
    status.textContent = x.starting;
    try {
      const answer = await staffRequest(
        'POST',
        `/consultations/${encodeURIComponent(consultationId)}/exports`,
        {
          format: data.get('format'),
          variant: data.get('variant'),
        },
      );
      const jobId = isRecord(answer) && typeof answer.jobId === 'string' ? answer.jobId : undefined;
      if (jobId === undefined) throw new Error('unexpected answer');
      remember(jobId);
      status.textContent = '';
      problem('');
      void follow(jobId);
    } catch (error) {
      status.textContent = '';
      problem(`${x.startFailed}${error instanceof Error ? error.message : String(error)}`);
    } finally {
      start.disabled = false;
    }
  });
  for (const jobId of remembered().reverse()) void follow(jobId);
}

void main();
