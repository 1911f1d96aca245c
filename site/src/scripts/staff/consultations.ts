/**
 * Consultation management (administrators). Times are typed and shown in Beijing time and sent as UTC
 * instants; the status shown is the one the API derives from the window and the clock. A window under
 * 30 days asks for the reason the law wants recorded before anything is sent; the API checks it again.
 */

import { localePath, pageLang } from '../../i18n.ts';
import { staffUi, type WindowAction } from '../../i18n-staff.ts';
import {
  isoToShanghaiInput,
  items,
  StaffApiError,
  type StaffConsultation,
  shanghaiInputToIso,
  staffRequest,
  toConsultation,
} from './api.ts';
import { COMMENT_STATUSES_ORDER, shanghaiTime, windowLine } from './format.ts';
import { el, startSession } from './session.ts';

const lang = pageLang();
const t = staffUi[lang];
const c = t.consultations;
const DAY_MS = 86_400_000;
const MIN_DAYS = 30;
const COLON = lang === 'zh' ? '：' : ': ';

function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`#${id} missing`);
  return node;
}
const input = (id: string) => byId(id, HTMLInputElement);
const area = (id: string) => byId(id, HTMLTextAreaElement);

interface FieldError {
  control: string | undefined;
  message: string;
}

/** Shows errors in a form's summary (focused) and marks the fields; an empty list clears it. */
function showErrors(summary: HTMLElement, title: string | undefined, errors: FieldError[]): void {
  for (const marked of summary.closest('form')?.querySelectorAll('[aria-invalid]') ?? []) {
    marked.removeAttribute('aria-invalid');
  }
  if (title === undefined && errors.length === 0) {
    summary.replaceChildren();
    return;
  }
  const list = el('ul');
  for (const e of errors) {
    if (e.control) {
      const link = el('a', { href: `#${e.control}` }, e.message);
      const control = e.control;
      link.addEventListener('click', (event) => {
        event.preventDefault();
        document.getElementById(control)?.focus();
      });
      list.append(el('li', {}, link));
      document.getElementById(e.control)?.setAttribute('aria-invalid', 'true');
    } else list.append(el('li', {}, e.message));
  }
  summary.replaceChildren(el('p', { className: 'error-summary-title' }, title ?? t.problem.generic), list);
  summary.focus();
}

/** Problem document → field errors, by the JSON pointers the API names. */
function problemErrors(
  error: unknown,
  pointers: Record<string, string>,
): { title: string; errors: FieldError[] } {
  if (!(error instanceof StaffApiError)) return { title: t.problem.network, errors: [] };
  const p = error.problem;
  if (p.status === 403) return { title: t.session.forbidden, errors: [] };
  return {
    title: p.detail ?? p.title ?? t.problem.generic,
    errors: p.errors.map((e) => ({
      control: pointers[e.pointer] ?? pointers[e.pointer.split('/').slice(0, 2).join('/')],
      message: e.detail || p.detail || t.problem.generic,
    })),
  };
}

/** Whole days between two instants, and whether that is under the 30-day norm. */
function windowDays(opensIso: string | undefined, closesIso: string | undefined): number | undefined {
  if (!opensIso || !closesIso) return undefined;
  const ms = Date.parse(closesIso) - Date.parse(opensIso);
  return ms > 0 ? ms / DAY_MS : undefined;
}

function showDays(out: HTMLElement, reasonField: HTMLElement, days: number | undefined): void {
  out.textContent = days === undefined ? '' : c.days(Math.round(days * 10) / 10);
  reasonField.hidden = days === undefined || days >= MIN_DAYS;
}

// ---- One consultation ---------------------------------------------------------------------------------

let shown: StaffConsultation | undefined;

const ACTION_FIELDS: Record<WindowAction, { opens: boolean; closes: boolean }> = {
  reschedule: { opens: true, closes: true },
  extend: { opens: false, closes: true },
  reopen: { opens: false, closes: true },
  'close-early': { opens: false, closes: false },
  conclude: { opens: false, closes: false },
};

function isWindowAction(value: string | undefined): value is WindowAction {
  return value !== undefined && Object.hasOwn(ACTION_FIELDS, value);
}

function chosenAction(): WindowAction {
  const checked = document.querySelector<HTMLInputElement>('input[name="action"]:checked');
  const value = checked?.value;
  return isWindowAction(value) ? value : 'extend';
}

function renderCurrent(cons: StaffConsultation): void {
  shown = cons;
  byId('cons-current', HTMLElement).hidden = false;
  byId('cons-title', HTMLElement).textContent = cons.title[lang];
  const row = (label: string, id: string, ...value: (Node | string)[]): HTMLElement =>
    el('div', {}, el('dt', {}, label), el('dd', { id }, ...value));
  const badge = el('span', { className: 'badge' }, t.windowStatus[cons.status]);
  badge.dataset.status = cons.status;
  byId('cons-facts', HTMLElement).replaceChildren(
    row(c.status, 'cons-status', badge),
    row(
      t.home.office,
      'cons-office',
      cons.officeName ? `${cons.officeName[lang]} (${cons.office})` : cons.office,
    ),
    row(c.opens, 'cons-opens', shanghaiTime(cons.opensAt, lang)),
    row(c.closes, 'cons-closes', shanghaiTime(cons.closesAt, lang, true)),
    row(c.moderationMode, 'cons-moderation', c.modes[cons.moderation] ?? cons.moderation),
    row(
      t.moderation.statusLegend,
      'cons-counts',
      COMMENT_STATUSES_ORDER.map((s) => `${t.status[s]} ${cons.counts[s]}`).join(' · '),
    ),
  );
  const notices = byId('cons-notices', HTMLOListElement);
  notices.replaceChildren(
    ...[...cons.notices]
      .sort((a, b) => b.at.localeCompare(a.at))
      .map((n) =>
        el(
          'li',
          {},
          el(
            'strong',
            {},
            `${shanghaiTime(n.at, lang)}${n.kind ? ` · ${c.noticeKinds[n.kind] ?? n.kind}` : ''}`,
          ),
          el('br'),
          el('span', { lang: 'zh-CN' }, n.zh),
          el('br'),
          el('span', { lang: 'en' }, n.en),
        ),
      ),
  );
  byId('cons-no-notices', HTMLElement).hidden = cons.notices.length > 0;
  // The form starts from the current window, so that "extend" only needs the new date.
  input('w-opens').value = isoToShanghaiInput(cons.opensAt);
  input('w-closes').value = isoToShanghaiInput(cons.closesAt);
  updateWindowForm();
}

function updateWindowForm(): void {
  const action = chosenAction();
  const fields = ACTION_FIELDS[action];
  byId('w-opens-field', HTMLElement).hidden = !fields.opens;
  byId('w-closes-field', HTMLElement).hidden = !fields.closes;
  for (const help of document.querySelectorAll<HTMLElement>('[data-action-help]')) {
    help.hidden = help.dataset.actionHelp !== action;
  }
  const opens = fields.opens ? shanghaiInputToIso(input('w-opens').value) : shown?.opensAt;
  const closes = fields.closes ? shanghaiInputToIso(input('w-closes').value) : undefined;
  // Reopening counts from now: that is when the comments can come in again.
  const start = action === 'reopen' ? new Date().toISOString() : opens;
  showDays(
    byId('w-days', HTMLElement),
    byId('w-reason-field', HTMLElement),
    fields.closes ? windowDays(start, closes) : undefined,
  );
}

function initWindowForm(): void {
  const form = byId('window-form', HTMLFormElement);
  const summary = byId('window-errors', HTMLElement);
  const status = byId('window-status', HTMLElement);
  form.addEventListener('input', updateWindowForm);
  form.addEventListener('change', updateWindowForm);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!shown) return;
    status.textContent = '';
    const action = chosenAction();
    const fields = ACTION_FIELDS[action];
    const errors: FieldError[] = [];
    const opensAt = fields.opens ? shanghaiInputToIso(input('w-opens').value) : undefined;
    const closesAt = fields.closes ? shanghaiInputToIso(input('w-closes').value) : undefined;
    if (fields.opens && !opensAt)
      errors.push({ control: 'w-opens', message: `${c.opensAt}${COLON}${c.errors.required}` });
    if (fields.closes && !closesAt)
      errors.push({ control: 'w-closes', message: `${c.closesAt}${COLON}${c.errors.required}` });
    if (opensAt && closesAt && Date.parse(closesAt) <= Date.parse(opensAt))
      errors.push({ control: 'w-closes', message: c.errors.order });
    const reasonShown = !byId('w-reason-field', HTMLElement).hidden;
    const reason = area('w-reason').value.trim();
    if (reasonShown && !reason) errors.push({ control: 'w-reason', message: c.errors.shortReason });
    const zh = area('w-notice-zh').value.trim();
    const en = area('w-notice-en').value.trim();
    if (!zh) errors.push({ control: 'w-notice-zh', message: c.errors.noticeRequired });
    if (!en) errors.push({ control: 'w-notice-en', message: c.errors.noticeRequired });
    if (errors.length > 0) {
      showErrors(summary, undefined, errors);
      return;
    }
    showErrors(summary, undefined, []);
    const submit = byId('window-submit', HTMLButtonElement);
    submit.disabled = true;
    try {
      const body = await staffRequest('POST', `/consultations/${encodeURIComponent(shown.id)}/window`, {
        action,
        ...(opensAt ? { opensAt } : {}),
        ...(closesAt ? { closesAt } : {}),
        notice: { zh, en },
        ...(reasonShown && reason ? { shortWindowReason: reason } : {}),
      });
      const updated = toConsultation(body);
      const fresh = (await loadConsultations())?.find((x) => x.id === shown?.id) ?? updated;
      if (fresh) renderCurrent({ ...fresh, counts: fresh.counts ?? shown.counts });
      area('w-notice-zh').value = '';
      area('w-notice-en').value = '';
      area('w-reason').value = '';
      status.dataset.tone = 'ok';
      status.textContent = c.saved;
    } catch (error) {
      const { title, errors: fieldErrors } = problemErrors(error, {
        '/opensAt': 'w-opens',
        '/closesAt': 'w-closes',
        '/notice': 'w-notice-zh',
        '/notice/zh': 'w-notice-zh',
        '/notice/en': 'w-notice-en',
        '/shortWindowReason': 'w-reason',
        '/reason': 'w-reason',
      });
      showErrors(summary, title, fieldErrors);
    } finally {
      submit.disabled = false;
    }
  });
}

// ---- List and registration ----------------------------------------------------------------------------

async function loadConsultations(): Promise<StaffConsultation[] | undefined> {
  try {
    return items(await staffRequest('GET', '/consultations'), toConsultation);
  } catch {
    return undefined;
  }
}

function renderList(list: StaffConsultation[]): void {
  byId('cons-list-section', HTMLElement).hidden = false;
  byId('cons-list', HTMLUListElement).replaceChildren(
    ...list.map((cons) =>
      el(
        'li',
        {},
        el(
          'a',
          { href: `${localePath(lang, '/staff/consultations/')}?c=${encodeURIComponent(cons.id)}` },
          cons.title[lang],
        ),
        ' ',
        ...windowLine(cons, lang),
      ),
    ),
  );
  const offices = byId('r-office-list', HTMLDataListElement);
  offices.replaceChildren(
    ...[...new Set(list.map((x) => x.office).filter(Boolean))].map((o) => el('option', { value: o })),
  );
}

function initRegisterForm(): void {
  const form = byId('register-form', HTMLFormElement);
  const summary = byId('register-errors', HTMLElement);
  const status = byId('register-status', HTMLElement);
  form.hidden = false;
  const update = (): void =>
    showDays(
      byId('r-days', HTMLElement),
      byId('r-reason-field', HTMLElement),
      windowDays(shanghaiInputToIso(input('r-opens').value), shanghaiInputToIso(input('r-closes').value)),
    );
  form.addEventListener('input', update);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.textContent = '';
    const id = input('r-id').value.trim();
    const draftId = byId('r-draft', HTMLSelectElement).value;
    const office = input('r-office').value.trim();
    const opensAt = shanghaiInputToIso(input('r-opens').value);
    const closesAt = shanghaiInputToIso(input('r-closes').value);
    const reasonShown = !byId('r-reason-field', HTMLElement).hidden;
    const reason = area('r-reason').value.trim();
    const errors: FieldError[] = [];
    if (!id) errors.push({ control: 'r-id', message: `${c.id}${COLON}${c.errors.required}` });
    if (!office) errors.push({ control: 'r-office', message: `${c.officeId}${COLON}${c.errors.required}` });
    if (!opensAt) errors.push({ control: 'r-opens', message: `${c.opensAt}${COLON}${c.errors.required}` });
    if (!closesAt) errors.push({ control: 'r-closes', message: `${c.closesAt}${COLON}${c.errors.required}` });
    if (opensAt && closesAt && Date.parse(closesAt) <= Date.parse(opensAt))
      errors.push({ control: 'r-closes', message: c.errors.order });
    if (reasonShown && !reason) errors.push({ control: 'r-reason', message: c.errors.shortReason });
    if (errors.length > 0) {
      showErrors(summary, undefined, errors);
      return;
    }
    showErrors(summary, undefined, []);
    const submit = byId('register-submit', HTMLButtonElement);
    submit.disabled = true;
    try {
      await staffRequest('POST', '/consultations', {
        id,
        draftId,
        office,
        opensAt,
        closesAt,
        moderation: byId('r-moderation', HTMLSelectElement).value === 'post' ? 'post' : 'pre',
        ...(reasonShown && reason ? { shortWindowReason: reason } : {}),
      });
      location.assign(`${localePath(lang, '/staff/consultations/')}?c=${encodeURIComponent(id)}`);
    } catch (error) {
      const { title, errors: fieldErrors } = problemErrors(error, {
        '/id': 'r-id',
        '/draftId': 'r-draft',
        '/office': 'r-office',
        '/opensAt': 'r-opens',
        '/closesAt': 'r-closes',
        '/shortWindowReason': 'r-reason',
        '/moderation': 'r-moderation',
      });
      showErrors(summary, title, fieldErrors);
      submit.disabled = false;
    }
  });
}

function stop(message: string): void {
  const box = byId('cons-problem', HTMLElement);
  box.replaceChildren(el('p', {}, message));
  box.hidden = false;
}

async function main(): Promise<void> {
  const me = await startSession(lang);
  if (!me) return;
  if (!me.roles.includes('admin')) {
    stop(c.adminOnly);
    return;
  }
  const id = new URLSearchParams(location.search).get('c');
  const list = await loadConsultations();
  if (list === undefined) {
    stop(t.loadFailed);
    return;
  }
  byId('cons-app', HTMLElement).hidden = false;
  if (id) {
    const cons = list.find((x) => x.id === id);
    if (!cons) {
      stop(t.unknownConsultation);
      return;
    }
    const title = document.getElementById('page-title');
    if (title) title.textContent = `${c.title}${COLON}${cons.title[lang]}`;
    document.title = `${title?.textContent ?? c.title} · ${t.consoleName}`;
    byId('window-form', HTMLFormElement).hidden = false;
    renderCurrent(cons);
    initWindowForm();
  } else {
    renderList(list);
    initRegisterForm();
  }
}

void main();
