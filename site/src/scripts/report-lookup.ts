/**
 * The report lookup (`/lookup/?report=`): normalises what was typed, asks
 * `GET /api/attribution-reports/{receipt}` and shows the status, the dates, the moderator's note and a link
 * to the article the reported comment was made on. Never the reason or contact details (the API has none).
 */
import { isReportStatus, type ReportStatus } from '../../../shared/attribution/rules.ts';
import { normalizeReceipt } from '../../../shared/comment/rules.ts';
import { localePath, pageLang } from '../i18n.ts';
import { attributionUi } from '../i18n-attribution.ts';
import { formatShanghai, getJson, keepQueryOnLangSwitch } from './api.ts';

const lang = pageLang();
const t = attributionUi[lang];

interface ReportState {
  receipt: string;
  status: ReportStatus;
  consultationId: string;
  articleId: string | null;
  submittedAt: string;
  updatedAt: string;
  note: string | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function toReportState(v: unknown): ReportState | undefined {
  if (!isRecord(v) || typeof v.receipt !== 'string' || !isReportStatus(v.status)) return undefined;
  return {
    receipt: v.receipt,
    status: v.status,
    consultationId: str(v.consultationId) ?? '',
    articleId: str(v.articleId) ?? null,
    submittedAt: str(v.submittedAt) ?? '',
    updatedAt: str(v.updatedAt) ?? '',
    note: str(v.note) ?? null,
  };
}

function render(state: ReportState): HTMLElement {
  const dl = document.createElement('dl');
  dl.className = 'result';
  dl.dataset.reportStatus = state.status;
  const row = (label: string, id: string, ...content: (Node | string)[]): void => {
    const div = document.createElement('div');
    const dt = document.createElement('dt');
    const dd = document.createElement('dd');
    dt.textContent = label;
    dd.id = id;
    dd.append(...content);
    div.append(dt, dd);
    dl.append(div);
  };
  const time = (iso: string): string =>
    iso ? `${formatShanghai(iso)}${lang === 'zh' ? `（${t.timeZoneNote}）` : ` (${t.timeZoneNote})`}` : '—';
  const code = document.createElement('span');
  code.className = 'mono';
  code.textContent = state.receipt;
  row(t.lookupInput, 'report-receipt-shown', code);
  const badge = document.createElement('span');
  badge.className = 'badge';
  badge.dataset.status =
    state.status === 'received' ? 'pending' : state.status === 'dismissed' ? 'rejected' : 'published';
  badge.textContent = t.status[state.status];
  const help = document.createElement('span');
  help.className = 'status-help';
  help.textContent = t.statusHelp[state.status];
  row(t.statusLabel, 'report-status', badge, help);
  if (state.note !== null) row(t.note, 'report-note', state.note);
  if (state.consultationId !== '') {
    const link = document.createElement('a');
    const anchor = state.articleId === null ? '' : `#${state.articleId}`;
    link.href = `${localePath(lang, `/consultations/${encodeURIComponent(state.consultationId)}/`)}${anchor}`;
    link.textContent = t.viewComment;
    row(t.lookupComment, 'report-comment-link', link);
  }
  row(t.submittedAt, 'report-submitted', time(state.submittedAt));
  if (state.updatedAt !== state.submittedAt) row(t.updatedAt, 'report-updated', time(state.updatedAt));
  return dl;
}

function init(form: HTMLFormElement): void {
  const input = document.getElementById('report-receipt-input');
  const button = document.getElementById('report-lookup-submit');
  const error = document.getElementById('report-receipt-input-error');
  const status = document.getElementById('report-lookup-status');
  if (!(input instanceof HTMLInputElement) || !(button instanceof HTMLButtonElement) || !error || !status)
    return;

  const fieldError = (message: string): void => {
    error.textContent = message;
    error.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    status.replaceChildren();
  };
  const clear = (): void => {
    error.textContent = '';
    error.hidden = true;
    input.removeAttribute('aria-invalid');
  };

  const lookup = async (): Promise<void> => {
    clear();
    if (input.value.trim() === '') {
      fieldError(t.lookupEmpty);
      input.focus();
      return;
    }
    const receipt = normalizeReceipt(input.value);
    if (receipt === undefined) {
      fieldError(t.lookupMalformed);
      input.focus();
      return;
    }
    input.value = receipt;
    const url = new URL(location.href);
    url.searchParams.set('report', receipt);
    history.replaceState(history.state, '', url);
    keepQueryOnLangSwitch();
    button.disabled = true;
    status.setAttribute('aria-busy', 'true');
    status.textContent = t.lookupLoading;
    try {
      const res = await getJson(`/attribution-reports/${encodeURIComponent(receipt)}`);
      if (res.status === 400) fieldError(t.lookupMalformed);
      else if (res.status === 404) fieldError(t.lookupNotFound);
      else {
        const state = res.ok ? toReportState(await res.json()) : undefined;
        if (state === undefined) status.textContent = t.lookupFailed;
        else status.replaceChildren(render(state));
      }
    } catch {
      status.textContent = t.lookupFailed;
    } finally {
      button.disabled = false;
      status.removeAttribute('aria-busy');
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void lookup();
  });
  const given = new URLSearchParams(location.search).get('report');
  if (given) {
    input.value = given;
    void lookup();
  }
}

const form = document.getElementById('report-lookup-form');
if (form instanceof HTMLFormElement) init(form);
