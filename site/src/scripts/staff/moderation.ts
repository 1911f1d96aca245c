/**
 * The moderation queue. One consultation (`?c=`), one status at a time (pending first), filtered by
 * article, submission dates and text; pages of 50 joined by "load more" through the API's cursor.
 * Decisions go to the API with each comment's version, so that a decision taken meanwhile by someone else
 * comes back as a conflict with the comment's current state, which replaces the stale one on screen.
 *
 * Keyboard: j/k move, x selects, p publishes, r rejects (asks the reason), s marks spam, ? shows the help.
 * Shortcuts never fire while the focus is in a text field, a select or an open dialog, nor with Ctrl, Alt
 * or Meta, so that they never eat typed text or browser shortcuts.
 */
import type { CommentStatus } from '../../i18n.ts';
import { localePath, pageLang } from '../../i18n.ts';
import { type ModerationAction, staffUi } from '../../i18n-staff.ts';
import { answerPanel } from './answer-panel.ts';
import {
  type AuditEntry,
  type Counts,
  isRecord,
  items,
  type Reason,
  StaffApiError,
  type StaffComment,
  shanghaiDateToIso,
  staffRequest,
  toAudit,
  toComment,
  toConsultation,
  toCounts,
  toReason,
} from './api.ts';
import { articleLabel, commentDetail, contactDetails, flagLabel, statusBadge } from './comment-view.ts';
import { type Outcome, target, toOutcomes } from './decisions.ts';
import { type DraftTexts, loadDraftTexts } from './draft-text.ts';
import { type Answer, toAnswer } from './drafting-api.ts';
import { COMMENT_STATUSES_ORDER, shanghaiTime, windowLine } from './format.ts';
import { el, startSession } from './session.ts';
import { isShortcut } from './shortcuts.ts';

const lang = pageLang();
const t = staffUi[lang];
const m = t.moderation;
const PAGE_SIZE = 50;
const COLON = lang === 'zh' ? '：' : ': ';

function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`#${id} missing`);
  return node;
}

interface Filters {
  status: CommentStatus;
  article: string;
  from: string;
  to: string;
  q: string;
}

interface State {
  consultationId: string;
  isAdmin: boolean;
  canDecide: boolean;
  canReadContact: boolean;
  filters: Filters;
  list: StaffComment[];
  selected: Set<string>;
  /** Index in `list` of the comment j/k are on, -1 for none. */
  current: number;
  cursor: string | null;
  counts: Counts;
  reasons: Reason[];
  texts: DraftTexts;
  /** Only the newest detail request may draw the detail panel. */
  detailSeq: number;
  busy: boolean;
}

const state: State = {
  consultationId: '',
  isAdmin: false,
  canDecide: false,
  canReadContact: false,
  filters: { status: 'pending', article: '', from: '', to: '', q: '' },
  list: [],
  selected: new Set(),
  current: -1,
  cursor: null,
  counts: { pending: 0, published: 0, rejected: 0, spam: 0 },
  reasons: [],
  texts: { currentVersion: 0, versions: new Map() },
  detailSeq: 0,
  busy: false,
};

const ui = {
  app: byId('mod-app', HTMLElement),
  problem: byId('mod-problem', HTMLElement),
  heading: byId('mod-consultation', HTMLElement),
  filters: byId('mod-filters', HTMLFormElement),
  article: byId('f-article', HTMLSelectElement),
  from: byId('f-from', HTMLInputElement),
  to: byId('f-to', HTMLInputElement),
  q: byId('f-q', HTMLInputElement),
  clear: byId('f-clear', HTMLButtonElement),
  status: byId('mod-status', HTMLElement),
  summary: byId('queue-summary', HTMLElement),
  list: byId('mod-list', HTMLOListElement),
  empty: byId('mod-empty', HTMLElement),
  more: byId('load-more', HTMLButtonElement),
  selectAll: byId('select-all', HTMLInputElement),
  selectedCount: byId('selected-count', HTMLElement),
  detail: byId('detail-body', HTMLElement),
  help: byId('help-dialog', HTMLDialogElement),
  reject: byId('reject-dialog', HTMLDialogElement),
  rejectForm: byId('reject-form', HTMLFormElement),
  rejectIntro: byId('reject-intro', HTMLElement),
  rejectError: byId('reject-error', HTMLElement),
  reasonChoices: byId('reason-choices', HTMLElement),
  reasonOther: byId('reason-other', HTMLInputElement),
  reasonTextField: byId('reason-text-field', HTMLElement),
  reasonText: byId('reason-text', HTMLTextAreaElement),
};

/** How many messages were said, so that a slow listing never overwrites a later decision's message. */
let said = 0;

function say(message: string, tone: 'ok' | 'error' | 'info' = 'info'): void {
  said += 1;
  ui.status.dataset.tone = tone;
  // A new text node each time, so that the same message said twice is announced twice.
  ui.status.replaceChildren(document.createTextNode(message));
}

function problemMessage(error: unknown): string {
  if (error instanceof StaffApiError) {
    const p = error.problem;
    if (p.status === 403) return t.session.forbidden;
    const fields = p.errors.map((e) => e.detail).filter(Boolean);
    return [p.detail ?? p.title ?? t.problem.generic, ...fields].join(' ');
  }
  return t.problem.network;
}

// ---- Filters and the URL ----------------------------------------------------------------------------

const STATUS_VALUES: readonly string[] = COMMENT_STATUSES_ORDER;

function readUrl(): void {
  const params = new URLSearchParams(location.search);
  state.consultationId = params.get('c') ?? '';
  const status = params.get('status') ?? 'pending';
  state.filters = {
    status: (STATUS_VALUES.includes(status) ? status : 'pending') as CommentStatus,
    article: params.get('article') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    q: params.get('q') ?? '',
  };
}

function writeUrl(): void {
  const params = new URLSearchParams({ c: state.consultationId });
  const f = state.filters;
  if (f.status !== 'pending') params.set('status', f.status);
  for (const key of ['article', 'from', 'to', 'q'] as const) if (f[key]) params.set(key, f[key]);
  history.replaceState(history.state, '', `${location.pathname}?${params}`);
  const link = document.getElementById('lang-switch');
  if (link instanceof HTMLAnchorElement) {
    const url = new URL(link.href);
    url.search = `?${params}`;
    link.href = url.pathname + url.search;
  }
}

function showFilters(): void {
  const f = state.filters;
  const radio = document.getElementById(`status-${f.status}`);
  if (radio instanceof HTMLInputElement) radio.checked = true;
  ui.article.value = f.article;
  ui.from.value = f.from;
  ui.to.value = f.to;
  ui.q.value = f.q;
}

function readFilters(): void {
  const checked = ui.filters.querySelector<HTMLInputElement>('input[name="status"]:checked');
  const status = checked?.value ?? 'pending';
  state.filters = {
    status: (STATUS_VALUES.includes(status) ? status : 'pending') as CommentStatus,
    article: ui.article.value,
    from: ui.from.value,
    to: ui.to.value,
    q: ui.q.value.trim(),
  };
}

function showCounts(): void {
  for (const s of COMMENT_STATUSES_ORDER) {
    const span = document.getElementById(`count-${s}`);
    if (span) span.textContent = String(state.counts[s]);
  }
}

// ---- The list ---------------------------------------------------------------------------------------

function renderItem(c: StaffComment, index: number): HTMLLIElement {
  const box = el('input', { type: 'checkbox', id: `sel-${c.id}`, checked: state.selected.has(c.id) });
  box.setAttribute('aria-label', m.selectOne(c.receipt));
  box.addEventListener('change', () => {
    if (box.checked) state.selected.add(c.id);
    else state.selected.delete(c.id);
    showSelection();
  });
  const line = el(
    'span',
    { className: 'line1' },
    el('span', { className: 'mono' }, c.receipt),
    el('span', {}, shanghaiTime(c.submittedAt, lang)),
    el('span', {}, articleLabel(c, state.texts, lang)),
    el('span', {}, t.stances[c.stance]),
    statusBadge(c.status, lang),
    ...c.flags.map((f) => el('span', { className: 'flag' }, flagLabel(f, lang))),
  );
  const open = el(
    'button',
    { type: 'button', className: 'open', id: `open-${c.id}` },
    line,
    el('span', { className: 'excerpt' }, c.body),
  );
  open.addEventListener('click', () => {
    setCurrent(index, false);
    // On a phone the detail is below the list: take the reader there.
    if (matchMedia('(max-width: 61.99rem)').matches) document.getElementById('mod-detail')?.focus();
  });
  // Drafting officers read the queue without choosing anything in it.
  const li = el(
    'li',
    { className: 'mod-item', id: `item-${c.id}` },
    state.canDecide ? box : el('span'),
    open,
  );
  li.dataset.id = c.id;
  li.dataset.status = c.status;
  if (index === state.current) li.setAttribute('aria-current', 'true');
  return li;
}

function renderList(): void {
  ui.list.replaceChildren(...state.list.map((c, i) => renderItem(c, i)));
  ui.empty.hidden = state.list.length > 0;
  ui.more.hidden = state.cursor === null;
  ui.summary.textContent = m.shown(state.list.length, t.status[state.filters.status]);
  showSelection();
}

function showSelection(): void {
  const onPage = state.list.filter((c) => state.selected.has(c.id)).length;
  ui.selectedCount.textContent = m.selected(state.selected.size);
  ui.selectAll.checked = onPage > 0 && onPage === state.list.length;
  ui.selectAll.indeterminate = onPage > 0 && onPage < state.list.length;
}

async function load(reset: boolean): Promise<void> {
  const f = state.filters;
  const params = new URLSearchParams({ status: f.status, limit: String(PAGE_SIZE) });
  if (f.article) params.set('article', f.article);
  const from = shanghaiDateToIso(f.from, false);
  const to = shanghaiDateToIso(f.to, true);
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  if (f.q) params.set('q', f.q);
  if (!reset && state.cursor) params.set('cursor', state.cursor);
  ui.list.setAttribute('aria-busy', 'true');
  ui.more.disabled = true;
  try {
    const body = await staffRequest(
      'GET',
      `/consultations/${encodeURIComponent(state.consultationId)}/comments?${params}`,
    );
    const page = items(body, toComment);
    state.list = reset ? page : [...state.list, ...page];
    state.cursor = isRecord(body) && typeof body.nextCursor === 'string' ? body.nextCursor : null;
    if (isRecord(body) && body.counts !== undefined) state.counts = toCounts(body.counts);
    if (reset) {
      state.selected.clear();
      state.current = state.list.length > 0 ? 0 : -1;
    }
    showCounts();
    renderList();
    if (reset) void showDetail();
    else if (page.length > 0) document.getElementById(`open-${page[0]?.id}`)?.focus();
    if (!reset) say(m.shown(state.list.length, t.status[f.status]));
  } catch (error) {
    say(problemMessage(error), 'error');
  } finally {
    ui.list.removeAttribute('aria-busy');
    ui.more.disabled = false;
  }
}

// ---- Current item and detail -------------------------------------------------------------------------

function setCurrent(index: number, focus: boolean): void {
  if (state.list.length === 0) {
    state.current = -1;
    return;
  }
  const next = Math.max(0, Math.min(index, state.list.length - 1));
  const before = state.list[state.current];
  state.current = next;
  const now = state.list[next];
  if (before) document.getElementById(`item-${before.id}`)?.removeAttribute('aria-current');
  if (!now) return;
  document.getElementById(`item-${now.id}`)?.setAttribute('aria-current', 'true');
  if (focus) document.getElementById(`open-${now.id}`)?.focus();
  void showDetail();
}

function focusCurrent(): void {
  const now = state.list[state.current];
  if (now) document.getElementById(`open-${now.id}`)?.focus();
  else document.getElementById('queue-heading')?.focus();
}

async function showDetail(): Promise<void> {
  const c = state.list[state.current];
  const seq = ++state.detailSeq;
  if (!c) {
    ui.detail.replaceChildren(el('p', {}, m.detailEmpty));
    return;
  }
  renderDetail(c, undefined);
  try {
    const body = await staffRequest(
      'GET',
      `/consultations/${encodeURIComponent(state.consultationId)}/comments/${encodeURIComponent(c.id)}`,
    );
    if (seq !== state.detailSeq) return;
    const fresh = isRecord(body) ? toComment(body.comment) : undefined;
    const audit =
      isRecord(body) && Array.isArray(body.audit) ? body.audit.flatMap((a) => toAudit(a) ?? []) : [];
    if (fresh && fresh.version !== c.version) replaceInList(fresh);
    if (isRecord(body)) answers.set(c.id, toAnswer(body.response));
    renderDetail(fresh ?? c, audit);
  } catch (error) {
    if (seq === state.detailSeq) say(problemMessage(error), 'error');
  }
}

function replaceInList(fresh: StaffComment): void {
  const index = state.list.findIndex((x) => x.id === fresh.id);
  if (index < 0) return;
  state.list[index] = fresh;
  const old = document.getElementById(`item-${fresh.id}`);
  const hadFocus = old?.contains(document.activeElement) ?? false;
  old?.replaceWith(renderItem(fresh, index));
  if (hadFocus) document.getElementById(`open-${fresh.id}`)?.focus();
}

function renderDetail(c: StaffComment, audit: AuditEntry[] | undefined): void {
  ui.detail.replaceChildren(
    ...commentDetail(c, audit, {
      lang,
      texts: state.texts,
      isAdmin: state.isAdmin,
      canDecide: state.canDecide,
      onShowContact: state.canReadContact ? () => void showContact(c) : undefined,
      busy: state.busy,
      onAction: (action) => {
        if (action === 'reject') openReject([c]);
        else void act(action, [c], {});
      },
    }),
  );
  ui.detail.dataset.id = c.id;
  // Drafting officers and administrators answer comments (issue 10); the same roles read contact details.
  if (state.canReadContact && answers.has(c.id))
    ui.detail.append(
      answerPanel(state.consultationId, c.id, answers.get(c.id), lang, () => void showDetail()),
    );
}

/** The answer that applies to each comment whose detail was read (undefined: none yet). */
const answers = new Map<string, Answer | undefined>();

async function showContact(c: StaffComment): Promise<void> {
  const box = document.getElementById('detail-contact');
  try {
    const body = await staffRequest(
      'GET',
      `/consultations/${encodeURIComponent(state.consultationId)}/comments/${encodeURIComponent(c.id)}/contact`,
    );
    const contact = {
      ...(isRecord(body) && typeof body.email === 'string' ? { email: body.email } : {}),
      ...(isRecord(body) && typeof body.phone === 'string' ? { phone: body.phone } : {}),
    };
    // The read is now in the audit trail: show it there too.
    await showDetail();
    document.getElementById('detail-contact')?.replaceChildren(...contactDetails(contact, lang));
    document.getElementById('detail-contact')?.setAttribute('tabindex', '-1');
    document.getElementById('detail-contact')?.focus();
  } catch (error) {
    if (box) say(problemMessage(error), 'error');
  }
}

// ---- Decisions ---------------------------------------------------------------------------------------

/** The comments a bulk action applies to: the selected ones, or else the current one. */
function targets(): StaffComment[] {
  const chosen = state.list.filter((c) => state.selected.has(c.id));
  if (chosen.length > 0) return chosen;
  const now = state.list[state.current];
  return now ? [now] : [];
}

function moveCount(from: CommentStatus, to: CommentStatus): void {
  if (from === to) return;
  state.counts[from] = Math.max(0, state.counts[from] - 1);
  state.counts[to] += 1;
}

async function act(
  action: ModerationAction,
  chosen: StaffComment[],
  why: { reason?: string; reasonCode?: string },
): Promise<void> {
  if (chosen.length === 0) {
    say(m.nothingSelected, 'error');
    return;
  }
  if (state.busy) return;
  state.busy = true;
  const currentId = state.list[state.current]?.id;
  const path = `/consultations/${encodeURIComponent(state.consultationId)}/moderation`;
  let outcomes: Outcome[];
  try {
    outcomes = toOutcomes(
      await staffRequest('POST', path, {
        action,
        items: chosen.map((c) => ({ commentId: c.id, version: c.version })),
        ...why,
      }),
    );
  } catch (error) {
    state.busy = false;
    if (error instanceof StaffApiError && error.problem.status === 409) {
      const current = error.problem.current;
      const only = chosen[0];
      if (current) applyFresh(current, false);
      else if (only) await refreshOne(only.id);
      const now = current ?? state.list.find((c) => c.id === only?.id);
      say(now ? m.conflict(t.status[now.status]) : m.illegal, 'error');
      renderList();
      focusCurrent();
      void showDetail();
      return;
    }
    say(problemMessage(error), 'error');
    return;
  }
  state.busy = false;
  let done = 0;
  let conflicts = 0;
  let other = 0;
  for (const o of outcomes) {
    const before = chosen.find((c) => c.id === o.commentId);
    if (o.outcome === 'done') {
      done++;
      const after =
        o.comment ??
        (before ? { ...before, status: target(action), version: before.version + 1 } : undefined);
      if (after) applyFresh(after, true);
    } else if (o.outcome === 'conflict') {
      conflicts++;
      if (o.comment) applyFresh(o.comment, false);
      else await refreshOne(o.commentId);
    } else {
      other++;
    }
  }
  // Keep the place: the current comment, or the one that took the place of a decided one.
  const stillThere = state.list.findIndex((c) => c.id === currentId);
  if (stillThere >= 0) state.current = stillThere;
  state.current = Math.min(state.current, state.list.length - 1);
  showCounts();
  renderList();
  if (conflicts === 0 && other === 0) say(m.done(m.actions[action], done), 'ok');
  else if (chosen.length === 1 && conflicts === 1) {
    const now = state.list.find((c) => c.id === chosen[0]?.id);
    say(m.conflict(now ? t.status[now.status] : ''), 'error');
  } else if (chosen.length === 1 && other === 1) say(m.illegal, 'error');
  else say(m.partial(done, conflicts, other), conflicts + other > 0 ? 'error' : 'ok');
  focusCurrent();
  void showDetail();
}

/**
 * Puts a comment's new state on screen. A decided comment that no longer matches the status shown
 * leaves the list (the queue moves on); a comment refreshed after a conflict stays, showing its state.
 */
function applyFresh(fresh: StaffComment, leaveIfOther: boolean): void {
  const index = state.list.findIndex((c) => c.id === fresh.id);
  const old = state.list[index];
  if (old) moveCount(old.status, fresh.status);
  if (index < 0) return;
  if (leaveIfOther && fresh.status !== state.filters.status) {
    state.list.splice(index, 1);
    state.selected.delete(fresh.id);
    if (index < state.current) state.current--;
  } else {
    state.list[index] = fresh;
  }
}

async function refreshOne(commentId: string): Promise<void> {
  try {
    const body = await staffRequest(
      'GET',
      `/consultations/${encodeURIComponent(state.consultationId)}/comments/${encodeURIComponent(commentId)}`,
    );
    const fresh = isRecord(body) ? toComment(body.comment) : undefined;
    if (fresh) applyFresh(fresh, false);
  } catch {
    // The conflict message still tells the moderator to look again.
  }
}

// ---- Reject dialog and help --------------------------------------------------------------------------

let rejecting: StaffComment[] = [];

function renderReasons(): void {
  ui.reasonChoices.replaceChildren(
    ...state.reasons.map((r, i) => {
      const input = el('input', { type: 'radio', name: 'reason', id: `reason-${i}`, value: r.code });
      return el('div', { className: 'choice' }, input, el('label', { htmlFor: `reason-${i}` }, r[lang]));
    }),
  );
}

function openReject(chosen: StaffComment[]): void {
  if (chosen.length === 0) {
    say(m.nothingSelected, 'error');
    return;
  }
  rejecting = chosen;
  ui.rejectIntro.textContent = m.rejectIntro(chosen.length);
  ui.rejectError.hidden = true;
  ui.rejectForm.reset();
  ui.reasonTextField.hidden = true;
  ui.reject.showModal();
  const first = ui.reject.querySelector<HTMLInputElement>('input[name="reason"]');
  first?.focus();
}

function initDialogs(): void {
  ui.rejectForm.addEventListener('change', () => {
    ui.reasonTextField.hidden = !ui.reasonOther.checked;
  });
  ui.rejectForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const picked = ui.rejectForm.querySelector<HTMLInputElement>('input[name="reason"]:checked');
    const written = ui.reasonText.value.trim();
    if (!picked || (picked === ui.reasonOther && written === '')) {
      ui.rejectError.textContent = m.reasonRequired;
      ui.rejectError.hidden = false;
      (picked === ui.reasonOther ? ui.reasonText : (picked ?? ui.reasonOther)).focus();
      return;
    }
    ui.reject.close();
    const why = picked === ui.reasonOther ? { reason: written } : { reasonCode: picked.value };
    void act('reject', rejecting, why);
  });
  byId('reject-cancel', HTMLButtonElement).addEventListener('click', () => ui.reject.close());
  // Back to where the moderator was, whichever way the dialog closed.
  ui.reject.addEventListener('close', () => focusCurrent());
  byId('help-open', HTMLButtonElement).addEventListener('click', () => ui.help.showModal());
}

function onKey(event: KeyboardEvent): void {
  if (!isShortcut(event) || ui.help.open || ui.reject.open || ui.app.hidden) return;
  const handled = (): void => event.preventDefault();
  if (!state.canDecide && ['x', 'p', 's', 'r'].includes(event.key)) return;
  switch (event.key) {
    case 'j':
      handled();
      setCurrent(state.current + 1, true);
      break;
    case 'k':
      handled();
      setCurrent(state.current - 1, true);
      break;
    case 'x': {
      const now = state.list[state.current];
      if (!now) return;
      handled();
      if (state.selected.has(now.id)) state.selected.delete(now.id);
      else state.selected.add(now.id);
      const box = document.getElementById(`sel-${now.id}`);
      if (box instanceof HTMLInputElement) box.checked = state.selected.has(now.id);
      showSelection();
      break;
    }
    case 'p':
      handled();
      void act('publish', targets(), {});
      break;
    case 's':
      handled();
      void act('spam', targets(), {});
      break;
    case 'r':
      handled();
      openReject(targets());
      break;
    case '?':
      handled();
      ui.help.showModal();
      break;
  }
}

// ---- Start ------------------------------------------------------------------------------------------

function stop(message: string): void {
  ui.problem.replaceChildren(el('p', {}, message));
  ui.problem.hidden = false;
  ui.app.hidden = true;
}

async function main(): Promise<void> {
  readUrl();
  const me = await startSession(lang);
  if (!me) return;
  state.isAdmin = me.roles.includes('admin');
  state.canDecide = me.roles.includes('admin') || me.roles.includes('moderator');
  state.canReadContact = me.roles.includes('admin') || me.roles.includes('drafter');
  byId('bulk-bar', HTMLElement).hidden = !state.canDecide;
  byId('read-only-note', HTMLElement).hidden = state.canDecide;
  if (!state.consultationId) {
    stop(m.title);
    ui.problem.replaceChildren(
      el('p', {}, t.noConsultation),
      el('p', {}, el('a', { href: localePath(lang, '/staff/') }, t.nav.home)),
    );
    return;
  }
  const [consultations, reasons] = await Promise.all([
    staffRequest('GET', '/consultations')
      .then((b) => items(b, toConsultation))
      .catch(() => undefined),
    staffRequest('GET', '/moderation-reasons')
      .then((b) => items(b, toReason))
      .catch(() => []),
  ]);
  const consultation = consultations?.find((c) => c.id === state.consultationId);
  if (!consultation) {
    stop(consultations === undefined ? t.loadFailed : t.unknownConsultation);
    return;
  }
  const texts = await loadDraftTexts(consultation.draftId, consultation.draftVersion);
  state.texts = texts;
  state.reasons = reasons;
  renderReasons();
  ui.heading.replaceChildren(
    el('strong', {}, consultation.title[lang]),
    el('br'),
    ...windowLine(consultation, lang),
  );
  const title = document.getElementById('page-title');
  if (title) title.textContent = `${m.title}${COLON}${consultation.title[lang]}`;
  document.title = `${title?.textContent ?? m.title} · ${t.consoleName}`;
  const current = texts.versions.get(texts.currentVersion)?.[lang] ?? [];
  ui.article.append(...current.map((a) => el('option', { value: a.id }, a.label)));
  showFilters();
  ui.app.hidden = false;
  writeUrl();

  ui.filters.addEventListener('change', (event) => {
    // A status is one click: show its queue at once; the other filters wait for the button.
    if (event.target instanceof HTMLInputElement && event.target.name === 'status') {
      readFilters();
      writeUrl();
      void load(true);
    }
  });
  ui.filters.addEventListener('submit', (event) => {
    event.preventDefault();
    readFilters();
    writeUrl();
    const before = said;
    void load(true).then(() => {
      if (said === before) say(m.shown(state.list.length, t.status[state.filters.status]));
    });
  });
  ui.clear.addEventListener('click', () => {
    state.filters = { ...state.filters, article: '', from: '', to: '', q: '' };
    showFilters();
    writeUrl();
    void load(true);
  });
  ui.more.addEventListener('click', () => void load(false));
  ui.selectAll.addEventListener('change', () => {
    for (const c of state.list) {
      if (ui.selectAll.checked) state.selected.add(c.id);
      else state.selected.delete(c.id);
    }
    renderList();
  });
  byId('bulk-publish', HTMLButtonElement).addEventListener('click', () => void act('publish', targets(), {}));
  byId('bulk-spam', HTMLButtonElement).addEventListener('click', () => void act('spam', targets(), {}));
  byId('bulk-reject', HTMLButtonElement).addEventListener('click', () => openReject(targets()));
  initDialogs();
  document.addEventListener('keydown', onKey);
  await load(true);
}

void main();
