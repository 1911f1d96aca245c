/**
 * The comment form: target preselection from `?article=`, the article's text for context, live
 * character counters, client-side validation mirroring the API, and submission as JSON with an
 * Idempotency-Key that survives a retry after a network failure. Transient failures (network, 502–504)
 * are retried transparently with the same key, with backoff that honours Retry-After; the draft is kept
 * in the page and in session storage until a receipt arrives (comment-draft.ts). The ALTCHA widget's
 * proof of work goes with the comment as `X-Altcha`.
 */
import 'altcha/external';
import 'altcha/altcha.css';
import ShaWorker from 'altcha/workers/sha?worker';
import {
  charCount,
  cleanText,
  type FieldErrorCode,
  isBlank,
  isEmail,
  isPhone,
  textProblem,
} from '../../../shared/comment/rules.ts';
import {
  BODY_MAX,
  clientUi,
  type FormField,
  fieldErrorText,
  NAME_MAX,
  pageLang,
  WORDING_MAX,
} from '../i18n.ts';
import { API, formatShanghai, keepQueryOnLangSwitch, type Problem, readProblem } from './api.ts';
import { forgetDraft, keepDraft } from './comment-draft.ts';

const lang = pageLang();
const t = clientUi[lang];

// The widget's solver runs in a worker built from the package (same origin, so `script-src 'self'`
// and `worker-src 'self'` allow it); its texts are ours, in both languages.
globalThis.$altcha.algorithms.set('SHA-256', () => new ShaWorker());
globalThis.$altcha.i18n.set('zh-cn', { ...clientUi.zh.abuse.widget, footer: '' });
globalThis.$altcha.i18n.set('en', { ...clientUi.en.abuse.widget, footer: '' });

/** Attempts in all for one submission, the first included, before the person is asked to try later. */
const MAX_ATTEMPTS = 5;
const POW_CODES = new Set(['pow-missing', 'pow-invalid', 'pow-expired', 'pow-replayed']);

/** The form's fields by API name: their control (focused on error) and error element ids. */
const FIELDS: Record<Exclude<FormField, 'lang'>, { control: string; error: string }> = {
  articleId: { control: 'target', error: 'target-error' },
  stance: { control: 'stance-support', error: 'stance-error' },
  body: { control: 'body', error: 'body-error' },
  proposedWording: { control: 'proposed-wording', error: 'proposed-wording-error' },
  displayName: { control: 'display-name', error: 'display-name-error' },
  publishName: { control: 'publish-name', error: 'publish-name-error' },
  email: { control: 'contact-email', error: 'contact-email-error' },
  phone: { control: 'contact-phone', error: 'contact-phone-error' },
};
type Field = keyof typeof FIELDS;

/** JSON pointers of the API's validation errors → form fields. */
const POINTERS: Record<string, Field> = {
  '/articleId': 'articleId',
  '/stance': 'stance',
  '/body': 'body',
  '/proposedWording': 'proposedWording',
  '/displayName': 'displayName',
  '/publishName': 'publishName',
  '/contact': 'email',
  '/contact/email': 'email',
  '/contact/phone': 'phone',
};

interface FieldError {
  field: Field | undefined;
  message: string;
}

function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`#${id} missing`);
  return el;
}

function init(form: HTMLFormElement): void {
  const consultationId = form.dataset.consultation ?? '';
  const receiptPath = form.dataset.receiptPath ?? '/receipt/';
  const target = byId('target', HTMLSelectElement);
  const body = byId('body', HTMLTextAreaElement);
  const wording = byId('proposed-wording', HTMLTextAreaElement);
  const displayName = byId('display-name', HTMLInputElement);
  const publishName = byId('publish-name', HTMLInputElement);
  const email = byId('contact-email', HTMLInputElement);
  const phone = byId('contact-phone', HTMLInputElement);
  const submit = byId('submit', HTMLButtonElement);
  const summary = byId('form-error', HTMLElement);
  const context = byId('article-context', HTMLElement);
  const stanceRadios = [...form.querySelectorAll<HTMLInputElement>('input[name="stance"]')];

  submit.disabled = false;
  const website = byId('website', HTMLInputElement);
  const widget = document.querySelector('altcha-widget');
  const status = byId('form-status', HTMLElement);

  // Target: preselect from ?article=, show that article's text, keep the URL in step.
  const wanted = new URLSearchParams(location.search).get('article');
  if (wanted && [...target.options].some((o) => o.value === wanted)) target.value = wanted;
  const showContext = (): void => {
    let any = false;
    for (const el of context.querySelectorAll<HTMLElement>('[data-article-id]')) {
      el.hidden = el.dataset.articleId !== target.value;
      any ||= !el.hidden;
    }
    context.hidden = !any;
  };
  const restored = keepDraft(consultationId, {
    target,
    stances: stanceRadios,
    body,
    wording,
    displayName,
    publishName,
  });
  if (restored) status.textContent = t.abuse.draftRestored;
  showContext();
  keepQueryOnLangSwitch();
  target.addEventListener('change', () => {
    showContext();
    const url = new URL(location.href);
    if (target.value) url.searchParams.set('article', target.value);
    else url.searchParams.delete('article');
    history.replaceState(history.state, '', url);
    keepQueryOnLangSwitch();
  });

  // Counted as the server counts: code points of the text as it will be stored (rules.ts).
  const length = (control: HTMLTextAreaElement | HTMLInputElement): number =>
    charCount(cleanText(control.value.trim()));
  const counter = (area: HTMLTextAreaElement, out: HTMLElement, max: number): void => {
    const update = (): void => {
      const n = length(area);
      out.textContent = t.counter(n, max);
      out.classList.toggle('over', n > max);
    };
    area.addEventListener('input', update);
    update();
  };
  counter(body, byId('body-counter', HTMLElement), BODY_MAX);
  counter(wording, byId('proposed-wording-counter', HTMLElement), WORDING_MAX);

  const limits = { body: BODY_MAX, proposedWording: WORDING_MAX, displayName: NAME_MAX } as const;
  const controls = { body, proposedWording: wording, displayName } as const;
  /** The message for an error on a field, found here or reported by the API under a code. */
  const message = (field: Field | undefined, code: FieldErrorCode): string => {
    const over =
      field === 'body' || field === 'proposedWording' || field === 'displayName'
        ? length(controls[field]) - limits[field]
        : 0;
    return fieldErrorText(lang, field, code, over);
  };
  const fieldError = (field: Field, code: FieldErrorCode): FieldError => ({
    field,
    message: message(field, code),
  });

  // The same rules as the API (shared/comment/rules.ts), so that what passes here passes there.
  const validate = (): FieldError[] => {
    const errors: FieldError[] = [];
    if (!stanceRadios.some((r) => r.checked)) errors.push(fieldError('stance', 'required'));
    for (const field of ['body', 'proposedWording', 'displayName'] as const) {
      const text = cleanText(controls[field].value.trim());
      if (field === 'body' && isBlank(text)) errors.push(fieldError('body', 'blank'));
      const problem = textProblem(text, limits[field]);
      if (problem !== undefined) errors.push(fieldError(field, problem));
    }
    if (publishName.checked && isBlank(displayName.value)) {
      errors.push(fieldError('displayName', 'name-required'));
    }
    const mail = email.value.trim();
    if (mail !== '' && !isEmail(mail)) errors.push(fieldError('email', 'invalid-format'));
    const tel = phone.value.trim();
    if (tel !== '' && !isPhone(tel)) errors.push(fieldError('phone', 'invalid-format'));
    return errors;
  };

  const payload = (): string => {
    const data: Record<string, unknown> = {};
    if (target.value) data.articleId = target.value;
    data.stance = stanceRadios.find((r) => r.checked)?.value;
    data.body = body.value.trim();
    if (wording.value.trim()) data.proposedWording = wording.value.trim();
    if (displayName.value.trim()) data.displayName = displayName.value.trim();
    data.publishName = publishName.checked;
    const contact: Record<string, string> = {};
    if (email.value.trim()) contact.email = email.value.trim();
    if (phone.value.trim()) contact.phone = phone.value.trim();
    if (Object.keys(contact).length > 0) data.contact = contact;
    data.lang = lang;
    // People never see the honeypot; only a filled one is sent (and refused by the server).
    if (website.value !== '') data.website = website.value;
    return JSON.stringify(data);
  };

  const clearErrors = (): void => {
    summary.replaceChildren();
    for (const { control, error } of Object.values(FIELDS)) {
      const el = document.getElementById(error);
      if (el) {
        el.hidden = true;
        el.textContent = '';
      }
      document.getElementById(control)?.removeAttribute('aria-invalid');
    }
    for (const r of stanceRadios) r.removeAttribute('aria-invalid');
  };

  /** Shows a message (and the field errors) in the alert region and next to the fields. */
  const showErrors = (message: string | undefined, errors: FieldError[], focus: boolean): void => {
    clearErrors();
    const parts: Node[] = [];
    const title = document.createElement('p');
    title.className = 'error-summary-title';
    title.textContent = message ?? t.errorSummary;
    parts.push(title);
    if (errors.length > 0) {
      const list = document.createElement('ul');
      for (const { field, message: text } of errors) {
        const li = document.createElement('li');
        if (field) {
          const a = document.createElement('a');
          a.href = `#${FIELDS[field].control}`;
          a.textContent = text;
          a.addEventListener('click', (event) => {
            event.preventDefault();
            document.getElementById(FIELDS[field].control)?.focus();
          });
          li.append(a);
          const el = document.getElementById(FIELDS[field].error);
          if (el) {
            el.textContent = el.textContent ? `${el.textContent} ${text}` : text;
            el.hidden = false;
          }
          const controls =
            field === 'stance' ? stanceRadios : [document.getElementById(FIELDS[field].control)];
          for (const c of controls) c?.setAttribute('aria-invalid', 'true');
        } else {
          li.textContent = text;
        }
        list.append(li);
      }
      parts.push(list);
    }
    summary.replaceChildren(...parts);
    if (focus) summary.focus();
  };

  // The API's English `detail` is for developers; the reader sees the translation of the error's code.
  const problemErrors = (problem: Problem): FieldError[] =>
    problem.errors.map((e) => {
      const field = POINTERS[e.pointer];
      return { field, message: message(field, e.code) };
    });

  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy || submit.disabled) return;
    const errors = validate();
    if (errors.length > 0) {
      showErrors(undefined, errors, true);
      return;
    }
    clearErrors();
    const json = payload();
    busy = true;
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    submit.textContent = t.submitting;
    const done = (): void => {
      status.textContent = '';
      busy = false;
      submit.disabled = false;
      submit.removeAttribute('aria-busy');
      submit.textContent = t.submit;
    };

    const key = idempotencyKey(consultationId, json);
    let renewedPow = false;
    for (let attempt = 1; ; attempt++) {
      const proof = await proofOfWork(widget);
      let res: Response | undefined;
      try {
        res = await fetch(`${API}/consultations/${encodeURIComponent(consultationId)}/comments`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Accept: 'application/json, application/problem+json',
            'Idempotency-Key': key,
            ...(proof === undefined ? {} : { 'X-Altcha': proof }),
          },
          body: json,
        });
      } catch {
        res = undefined;
      }

      if (res?.ok) {
        let receipt: unknown;
        try {
          receipt = ((await res.json()) as { receipt?: unknown }).receipt;
        } catch {
          receipt = undefined;
        }
        if (typeof receipt === 'string' && receipt) {
          forgetIdempotencyKey(consultationId);
          forgetDraft(consultationId);
          location.assign(`${receiptPath}?r=${encodeURIComponent(receipt)}`);
          return;
        }
        done();
        showErrors(t.errors.server, [], true);
        return;
      }

      // Transient: no answer, or the server (or a proxy before it) could not confirm the write. The same
      // Idempotency-Key makes the retry safe: a comment stored by a lost attempt is answered, not repeated.
      const transient = res === undefined || res.status === 502 || res.status === 503 || res.status === 504;
      if (transient && attempt < MAX_ATTEMPTS) {
        status.textContent = t.abuse.retrying(attempt, MAX_ATTEMPTS - 1);
        await sleep(retryDelayMs(res, attempt));
        continue;
      }
      status.textContent = '';
      if (res === undefined) {
        done();
        showErrors(t.errors.network, [], true);
        return;
      }

      const raw = await res
        .clone()
        .json()
        .catch(() => undefined);
      const code = typeof raw === 'object' && raw !== null ? Reflect.get(raw, 'code') : undefined;
      // A challenge expires after minutes and serves one comment: solve a fresh one once and send again.
      if (typeof code === 'string' && POW_CODES.has(code) && !renewedPow && widget !== null) {
        renewedPow = true;
        status.textContent = t.abuse.powRenewing;
        widget.reset();
        continue;
      }
      const problem = await readProblem(res);
      done();
      // Only codes and statuses are read from the problem: its English `detail` is for developers.
      if (res.status === 409) {
        const windowStatus = problem.windowStatus;
        const why =
          windowStatus === 'scheduled' || windowStatus === 'closed' || windowStatus === 'concluded'
            ? [{ field: undefined, message: t.commentingNotOpen[windowStatus] }]
            : [];
        showErrors(t.errors.windowClosed, why, true);
      } else if (res.status === 429) {
        const seconds = retryAfterSeconds(res) ?? 60;
        const until = formatShanghai(new Date(Date.now() + seconds * 1000).toISOString());
        showErrors(until ? t.abuse.rateLimitedUntil(until) : t.errors.rateLimited, [], true);
      } else if (typeof code === 'string' && POW_CODES.has(code)) {
        widget?.reset();
        showErrors(t.abuse.powFailed, [], true);
      } else if (code === 'bot-suspected') {
        showErrors(t.abuse.botSuspected, [], true);
      } else if (res.status >= 500) {
        showErrors(t.errors.server, [], true);
      } else if (res.status === 413) {
        showErrors(t.errors.tooLarge, [], true);
      } else {
        const errors = problemErrors(problem);
        showErrors(errors.length > 0 ? t.errorSummary : t.errors.generic, errors, true);
      }
      return;
    }
  });
}

/**
 * The widget's payload, solving the challenge first if the person has not triggered it yet. Undefined
 * when there is no widget or it cannot finish (the server then answers with a code the form explains).
 */
async function proofOfWork(
  widget: HTMLElementTagNameMap['altcha-widget'] | null,
): Promise<string | undefined> {
  if (widget === null || typeof widget.verify !== 'function') return undefined;
  const input = widget.querySelector<HTMLInputElement>('input[name="altcha"]');
  if (widget.getState() === 'verified' && input?.value) return input.value;
  try {
    const result = await widget.verify();
    return result?.payload || undefined;
  } catch {
    return undefined;
  }
}

function retryAfterSeconds(res: Response | undefined): number | undefined {
  const value = Number(res?.headers.get('Retry-After'));
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Retry-After when the server gives it (capped), else exponential backoff; jittered so retries spread. */
function retryDelayMs(res: Response | undefined, attempt: number): number {
  const base = retryAfterSeconds(res) ?? Math.min(8, 2 ** (attempt - 1));
  return Math.min(30, base) * 1000 * (0.8 + Math.random() * 0.4);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Idempotency-Key: one per form fill. A retry of the same content reuses the key, so the server
// answers with the receipt it already issued instead of storing a second comment (RFC draft
// "The Idempotency-Key HTTP Header Field"); changed content gets a new key, since the server
// rightly refuses a key reused for a different body. Only a hash of the content is kept.

const storageKey = (consultationId: string): string => `yijian:idempotency:${consultationId}`;
const memory = new Map<string, string>();

function hash(text: string): string {
  // cyrb53: enough to tell two payloads apart; nothing secret depends on it.
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; getRandomValues does not (plain http on a LAN address).
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function read(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return memory.get(key) ?? null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, value);
  } catch {
    if (value === null) memory.delete(key);
    else memory.set(key, value);
  }
}

function idempotencyKey(consultationId: string, payload: string): string {
  const digest = hash(payload);
  const key = storageKey(consultationId);
  try {
    const saved: unknown = JSON.parse(read(key) ?? 'null');
    if (
      typeof saved === 'object' &&
      saved !== null &&
      'key' in saved &&
      'digest' in saved &&
      typeof saved.key === 'string' &&
      saved.digest === digest
    ) {
      return saved.key;
    }
  } catch {
    // Unreadable: start afresh.
  }
  const fresh = uuid();
  write(key, JSON.stringify({ key: fresh, digest }));
  return fresh;
}

function forgetIdempotencyKey(consultationId: string): void {
  write(storageKey(consultationId), null);
}

const form = document.getElementById('comment-form');
if (form instanceof HTMLFormElement) init(form);
