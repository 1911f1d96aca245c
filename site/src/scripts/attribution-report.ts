/**
 * Reports of false attribution on a draft page (issue 9 §5): the "report false attribution" control of
 * each published comment, the marker of a comment whose name was withheld, and the report dialog
 * (components/ReportDialog.astro): validation with the server's rules, submission with an Idempotency-Key
 * reused when the same report is sent again after a failure, errors next to their fields, and the receipt.
 */
import { isReportStatus } from '../../../shared/attribution/rules.ts';
import {
  charCount,
  cleanText,
  type FieldErrorCode,
  isBlank,
  isEmail,
  isPhone,
  MAX_DISPLAY_NAME_CHARS,
  textProblem,
} from '../../../shared/comment/rules.ts';
import { pageLang } from '../i18n.ts';
import { attributionUi, FALSE_ATTRIBUTION_MARKER, REASON_MAX } from '../i18n-attribution.ts';
import { API, readProblem } from './api.ts';

const lang = pageLang();
const t = attributionUi[lang];

/** What the control needs to know of a published comment. */
export interface ReportableComment {
  id: string;
  body: string;
  displayName: string | null;
}

/** The marker of a comment whose name a moderator withheld: in both languages, the page's first. */
export function falseAttributionMarker(): HTMLElement {
  const marker = document.createElement('span');
  marker.className = 'pc-marker';
  marker.dataset.falseAttribution = '';
  for (const l of lang === 'zh' ? (['zh', 'en'] as const) : (['en', 'zh'] as const)) {
    const part = document.createElement('span');
    part.lang = l === 'zh' ? 'zh-CN' : 'en';
    part.textContent = FALSE_ATTRIBUTION_MARKER[l];
    marker.append(part);
  }
  return marker;
}

/** The control that opens the report form for one comment; none where the page has no report dialog. */
export function reportControl(comment: ReportableComment): HTMLButtonElement | undefined {
  if (!(document.getElementById('report-dialog') instanceof HTMLDialogElement)) return undefined;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'pc-report';
  button.dataset.reportFor = comment.id;
  const context = document.createElement('span');
  context.className = 'visually-hidden';
  context.textContent = t.controlContext(comment.displayName ?? t.anonymousComment);
  button.append(t.control, context);
  button.setAttribute('aria-haspopup', 'dialog');
  button.addEventListener('click', () => reportDialog()?.open(comment, button));
  return button;
}

type Field = 'reason' | 'name' | 'email' | 'phone';
const CONTROLS: Record<Field, string> = {
  reason: 'report-reason',
  name: 'report-contact-name',
  email: 'report-contact-email',
  phone: 'report-contact-phone',
};
const POINTERS: Record<string, Field> = {
  '/reason': 'reason',
  '/contact': 'email',
  '/contact/name': 'name',
  '/contact/email': 'email',
  '/contact/phone': 'phone',
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`#${id} missing`);
  return node;
}

/** The text of an error on a field: the server's code (or ours) translated, never its English detail. */
function errorText(field: Field | undefined, code: FieldErrorCode, over: number): string {
  const e = t.errors;
  if (code === 'lone-surrogate') return e.textBroken;
  if (code === 'control-characters') return e.textControl;
  if (code === 'bidi-override') return e.textBidi;
  if (code === 'unknown-field') return e.formOutdated;
  switch (field) {
    case 'reason':
      return code === 'too-long' ? e.reasonTooLong(over) : e.reasonRequired;
    case 'name':
      return e.nameTooLong;
    case 'email':
      return e.emailInvalid;
    case 'phone':
      return e.phoneInvalid;
    default:
      return e.generic;
  }
}

interface Dialog {
  open(comment: ReportableComment, opener: HTMLElement): void;
}
let dialog: Dialog | undefined;

function reportDialog(): Dialog | undefined {
  const element = document.getElementById('report-dialog');
  if (!(element instanceof HTMLDialogElement)) return undefined;
  dialog ??= createDialog(element);
  return dialog;
}

function createDialog(element: HTMLDialogElement): Dialog {
  const consultationId = element.dataset.consultation ?? '';
  const lookupPath = element.dataset.lookupPath ?? '/lookup/';
  const form = byId('report-form', HTMLFormElement);
  const formView = byId('report-form-view', HTMLDivElement);
  const doneView = byId('report-done-view', HTMLDivElement);
  const summary = byId('report-error', HTMLDivElement);
  const submit = byId('report-submit', HTMLButtonElement);
  const reason = byId('report-reason', HTMLTextAreaElement);
  const counter = byId('report-reason-counter', HTMLParagraphElement);
  const inputs = {
    name: byId('report-contact-name', HTMLInputElement),
    email: byId('report-contact-email', HTMLInputElement),
    phone: byId('report-contact-phone', HTMLInputElement),
  };
  let comment: ReportableComment | undefined;
  let opener: HTMLElement | undefined;
  let busy = false;
  // One key per report content: sending the same report again after a failure reuses it, so the server
  // answers with the receipt it may already have issued instead of storing a second report.
  const keys = new Map<string, string>();

  const length = (value: string): number => charCount(cleanText(value.trim()));
  const updateCounter = (): void => {
    const n = length(reason.value);
    counter.textContent = t.counter(n, REASON_MAX);
    counter.classList.toggle('over', n > REASON_MAX);
  };
  reason.addEventListener('input', updateCounter);

  const clearErrors = (): void => {
    summary.replaceChildren();
    for (const [field, id] of Object.entries(CONTROLS)) {
      const error = document.getElementById(`${id}-error`);
      if (error) {
        error.hidden = true;
        error.textContent = '';
      }
      document.getElementById(CONTROLS[field as Field])?.removeAttribute('aria-invalid');
    }
  };

  const showErrors = (message: string, errors: { field: Field | undefined; text: string }[]): void => {
    clearErrors();
    const title = document.createElement('p');
    title.className = 'error-summary-title';
    title.textContent = message;
    const parts: Node[] = [title];
    if (errors.length > 0) {
      const list = document.createElement('ul');
      for (const { field, text } of errors) {
        const li = document.createElement('li');
        if (field === undefined) li.textContent = text;
        else {
          const id = CONTROLS[field];
          const link = document.createElement('a');
          link.href = `#${id}`;
          link.textContent = text;
          link.addEventListener('click', (event) => {
            event.preventDefault();
            document.getElementById(id)?.focus();
          });
          li.append(link);
          const error = document.getElementById(`${id}-error`);
          if (error) {
            error.textContent = text;
            error.hidden = false;
          }
          document.getElementById(id)?.setAttribute('aria-invalid', 'true');
        }
        list.append(li);
      }
      parts.push(list);
    }
    summary.replaceChildren(...parts);
    summary.focus();
  };

  const validate = (): { field: Field; text: string }[] => {
    const errors: { field: Field; text: string }[] = [];
    const text = cleanText(reason.value.trim());
    const over = length(reason.value) - REASON_MAX;
    if (isBlank(text)) errors.push({ field: 'reason', text: errorText('reason', 'blank', over) });
    const problem = textProblem(text, REASON_MAX);
    if (problem !== undefined) errors.push({ field: 'reason', text: errorText('reason', problem, over) });
    const nameProblem = textProblem(cleanText(inputs.name.value.trim()), MAX_DISPLAY_NAME_CHARS);
    if (nameProblem !== undefined) errors.push({ field: 'name', text: errorText('name', nameProblem, 0) });
    const mail = inputs.email.value.trim();
    if (mail !== '' && !isEmail(mail)) errors.push({ field: 'email', text: t.errors.emailInvalid });
    const tel = inputs.phone.value.trim();
    if (tel !== '' && !isPhone(tel)) errors.push({ field: 'phone', text: t.errors.phoneInvalid });
    return errors;
  };

  const payload = (): string => {
    const contact: Record<string, string> = {};
    for (const field of ['name', 'email', 'phone'] as const) {
      const value = inputs[field].value.trim();
      if (value !== '') contact[field] = value;
    }
    return JSON.stringify({
      reason: reason.value.trim(),
      ...(Object.keys(contact).length > 0 ? { contact } : {}),
    });
  };

  const setBusy = (on: boolean): void => {
    busy = on;
    submit.disabled = on;
    submit.textContent = on ? t.submitting : t.submit;
    if (on) submit.setAttribute('aria-busy', 'true');
    else submit.removeAttribute('aria-busy');
  };

  const showReceipt = (receipt: string): void => {
    byId('report-receipt', HTMLParagraphElement).textContent = receipt;
    byId('report-lookup-link', HTMLAnchorElement).href =
      `${lookupPath}?report=${encodeURIComponent(receipt)}`;
    formView.hidden = true;
    doneView.hidden = false;
    byId('report-done-heading', HTMLHeadingElement).focus();
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy || comment === undefined) return;
    const errors = validate();
    if (errors.length > 0) {
      showErrors(t.errorSummary, errors);
      return;
    }
    clearErrors();
    const body = payload();
    const keyOf = `${comment.id}\n${body}`;
    const key = keys.get(keyOf) ?? crypto.getRandomValues(new Uint32Array(4)).join('-');
    keys.set(keyOf, key);
    setBusy(true);
    let res: Response;
    try {
      res = await fetch(
        `${API}/consultations/${encodeURIComponent(consultationId)}/comments/${encodeURIComponent(comment.id)}/attribution-reports`,
        {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Accept: 'application/json, application/problem+json',
            'Idempotency-Key': key,
          },
          body,
        },
      );
    } catch {
      setBusy(false);
      showErrors(t.errors.network, []);
      return;
    }
    setBusy(false);
    if (res.ok) {
      const answer: unknown = await res.json().catch(() => undefined);
      const receipt =
        isRecord(answer) && typeof answer.receipt === 'string' && isReportStatus(answer.status)
          ? answer.receipt
          : undefined;
      if (receipt !== undefined) {
        keys.delete(keyOf);
        showReceipt(receipt);
        return;
      }
      showErrors(t.errors.server, []);
      return;
    }
    const problem = await readProblem(res);
    if (res.status === 404) showErrors(t.errors.gone, []);
    else if (res.status === 413) showErrors(t.errors.tooLarge, []);
    else if (res.status === 429) showErrors(t.errors.rateLimited, []);
    else if (res.status >= 500) showErrors(t.errors.server, []);
    else {
      const fieldErrors = problem.errors.map((e) => {
        const field = POINTERS[e.pointer];
        return { field, text: errorText(field, e.code, length(reason.value) - REASON_MAX) };
      });
      showErrors(fieldErrors.length > 0 ? t.errorSummary : t.errors.generic, fieldErrors);
    }
  });

  const close = (): void => element.close();
  byId('report-cancel', HTMLButtonElement).addEventListener('click', close);
  byId('report-close', HTMLButtonElement).addEventListener('click', close);
  element.addEventListener('close', () => opener?.focus());

  return {
    open(next, from) {
      // A different comment starts a fresh form; the same one keeps what was typed (a retry after an error).
      if (comment?.id !== next.id || !doneView.hidden) {
        form.reset();
        clearErrors();
        updateCounter();
      }
      comment = next;
      opener = from;
      byId('report-comment-text', HTMLElement).textContent = next.body;
      formView.hidden = false;
      doneView.hidden = true;
      element.showModal();
      reason.focus();
    },
  };
}
