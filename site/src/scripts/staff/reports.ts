/**
 * The reports page of the console (issue 9 §5): one consultation (`?c=`), one status at a time (open
 * reports first), each report with the reported comment beside its article's text. Moderators and
 * administrators withhold the name (and mark the comment) or dismiss with a note; administrators and
 * drafting officers may reveal the reporter's contact, which the API records in the audit trail.
 * A decision taken meanwhile by someone else comes back as a conflict and the list shows it as it is.
 */
import { isReportStatus, type ReportStatus } from '../../../../shared/attribution/rules.ts';
import { localePath, pageLang } from '../../i18n.ts';
import { attributionStaffUi, NOTE_MAX } from '../../i18n-attribution.ts';
import { staffUi } from '../../i18n-staff.ts';
import {
  isRecord,
  items,
  StaffApiError,
  type StaffComment,
  staffRequest,
  toComment,
  toConsultation,
} from './api.ts';
import { articleLabel } from './comment-view.ts';
import { type DraftTexts, findArticle, loadDraftTexts } from './draft-text.ts';
import { shanghaiTime } from './format.ts';
import { el, startSession } from './session.ts';

const lang = pageLang();
const r = attributionStaffUi[lang];
const t = staffUi[lang];
const COLON = lang === 'zh' ? '：' : ': ';

interface Report {
  id: string;
  status: ReportStatus;
  reason: string;
  hasContact: boolean;
  submittedAt: string;
  version: number;
  note: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
}

interface Item {
  report: Report;
  comment: StaffComment | undefined;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function toItem(v: unknown): Item | undefined {
  if (!isRecord(v) || !isRecord(v.report)) return undefined;
  const x = v.report;
  if (typeof x.id !== 'string' || !isReportStatus(x.status)) return undefined;
  return {
    report: {
      id: x.id,
      status: x.status,
      reason: str(x.reason) ?? '',
      hasContact: x.hasContact === true,
      submittedAt: str(x.submittedAt) ?? '',
      version: typeof x.version === 'number' ? x.version : 0,
      note: str(x.note),
      decidedAt: str(x.decidedAt),
      decidedBy: str(x.decidedBy),
    },
    comment: toComment(v.comment),
  };
}

function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`#${id} missing`);
  return node;
}

const state = {
  consultationId: new URLSearchParams(location.search).get('c') ?? '',
  status: 'received' as ReportStatus,
  list: [] as Item[],
  cursor: null as string | null,
  canDecide: false,
  canReadContact: false,
  texts: { currentVersion: 0, versions: new Map() } as DraftTexts,
  busy: false,
};

function say(message: string, tone: 'ok' | 'error' | 'info' = 'info'): void {
  const line = byId('rep-status', HTMLParagraphElement);
  line.dataset.tone = tone;
  line.replaceChildren(document.createTextNode(message));
}

function problemText(error: unknown): string {
  if (error instanceof StaffApiError) {
    const p = error.problem;
    if (p.status === 403) return t.session.forbidden;
    return [p.detail ?? p.title ?? t.problem.generic, ...p.errors.map((e) => e.detail).filter(Boolean)].join(
      ' ',
    );
  }
  return t.problem.network;
}

function commentBox(item: Item): HTMLElement {
  const box = el('div', { className: 'report-comment-staff' }, el('h4', {}, r.comment));
  const c = item.comment;
  if (c === undefined) {
    box.append(el('p', {}, r.commentGone));
    return box;
  }
  const row = (label: string, ...value: (Node | string)[]) =>
    el('div', {}, el('dt', {}, label), el('dd', {}, ...value));
  const name = c.displayName
    ? `${c.displayName}${c.nameWithheldByReport ? r.withheldByReport : c.publishName ? r.commentNamePublished : r.commentNameWithheld}`
    : r.anonymous;
  box.append(
    el(
      'dl',
      { className: 'meta' },
      row(r.commentName, name),
      row(r.article, c.articleId ? articleLabel(c, state.texts, lang) : r.wholeDraft),
      row(t.moderation.submitted, shanghaiTime(c.submittedAt, lang)),
    ),
    el('p', { className: 'quote', id: `rep-comment-${item.report.id}` }, c.body),
  );
  const article = c.articleId ? findArticle(state.texts, c.articleId, c.draftVersion, lang) : undefined;
  if (article) {
    box.append(
      el(
        'details',
        {},
        el('summary', {}, `${r.articleText}${COLON}${article.label}`),
        el('div', { className: 'article-text' }, ...article.lines.map((l) => el('p', {}, l))),
      ),
    );
  }
  return box;
}

function decisionBox(item: Item): HTMLElement {
  const { report } = item;
  const box = el('div', { className: 'report-decision' });
  if (report.status !== 'received') {
    box.append(
      el(
        'p',
        {},
        r.decidedBy(report.decidedBy ?? '—', report.decidedAt ? shanghaiTime(report.decidedAt, lang) : '—'),
      ),
    );
    if (report.note) box.append(el('p', {}, `${r.note}${COLON}${report.note}`));
    return box;
  }
  if (!state.canDecide) return box;
  const noteId = `rep-note-${report.id}`;
  const error = el('p', { className: 'field-error', id: `${noteId}-error`, hidden: true });
  const note = el('textarea', { id: noteId, rows: 3, maxLength: NOTE_MAX });
  note.setAttribute('aria-describedby', `${noteId}-hint ${noteId}-error`);
  const field = el(
    'div',
    { className: 'field' },
    el('label', { htmlFor: noteId }, r.note),
    el('p', { className: 'hint', id: `${noteId}-hint` }, r.noteHint),
    error,
    note,
  );
  const hide = el('button', { type: 'button', className: 'button small primary report-hide' }, r.hideName);
  const dismiss = el('button', { type: 'button', className: 'button small report-dismiss' }, r.dismiss);
  // Every report has the same two buttons: each names its report for screen readers.
  for (const b of [hide, dismiss]) b.setAttribute('aria-describedby', `rep-heading-${report.id}`);
  hide.addEventListener('click', () => void decide(item, 'hide-name', note, error));
  dismiss.addEventListener('click', () => void decide(item, 'dismiss', note, error));
  box.append(field, el('p', { className: 'actions' }, hide, dismiss));
  return box;
}

function contactBox(item: Item): HTMLElement {
  const { report } = item;
  const box = el('div', { className: 'report-contact', id: `rep-contact-${report.id}` });
  if (!report.hasContact) {
    box.append(el('p', {}, r.noContact));
    return box;
  }
  box.append(el('p', {}, r.hasContact));
  if (!state.canReadContact) return box;
  const show = el('button', { type: 'button', className: 'button small report-show-contact' }, r.showContact);
  show.addEventListener('click', async () => {
    show.disabled = true;
    try {
      const contact = await staffRequest(
        'GET',
        `/consultations/${encodeURIComponent(state.consultationId)}/attribution-reports/${encodeURIComponent(report.id)}/contact`,
      );
      const lines = isRecord(contact)
        ? (['name', 'email', 'phone'] as const).flatMap((k) =>
            typeof contact[k] === 'string' ? [contact[k]] : [],
          )
        : [];
      show.replaceWith(
        el('p', { className: 'contact-shown' }, lines.length > 0 ? lines.join(' · ') : r.contactNone),
      );
    } catch (error) {
      show.disabled = false;
      say(`${r.failed}${problemText(error)}`, 'error');
    }
  });
  box.append(show);
  return box;
}

function renderItem(item: Item, index: number): HTMLLIElement {
  const { report } = item;
  const heading = el('h3', { id: `rep-heading-${report.id}`, tabIndex: -1 }, r.reportHeading(index + 1));
  const badge = el('span', { className: 'badge' }, r.status[report.status]);
  badge.dataset.status =
    report.status === 'received' ? 'pending' : report.status === 'dismissed' ? 'rejected' : 'published';
  const li = el(
    'li',
    {},
    heading,
    el(
      'dl',
      { className: 'meta' },
      el('div', {}, el('dt', {}, r.statusLegend), el('dd', {}, badge)),
      el('div', {}, el('dt', {}, r.submittedAt), el('dd', {}, shanghaiTime(report.submittedAt, lang))),
    ),
    el('h4', {}, r.reason),
    el('p', { className: 'quote' }, report.reason),
    contactBox(item),
    commentBox(item),
    decisionBox(item),
  );
  li.dataset.reportId = report.id;
  li.dataset.status = report.status;
  li.setAttribute('aria-labelledby', heading.id);
  return li;
}

function render(): void {
  byId('rep-list', HTMLOListElement).replaceChildren(...state.list.map(renderItem));
  byId('rep-empty', HTMLParagraphElement).hidden = state.list.length > 0;
  byId('rep-more', HTMLButtonElement).hidden = state.cursor === null;
}

async function load(reset: boolean): Promise<void> {
  const params = new URLSearchParams({ status: state.status });
  if (!reset && state.cursor) params.set('cursor', state.cursor);
  const list = byId('rep-list', HTMLOListElement);
  list.setAttribute('aria-busy', 'true');
  try {
    const body = await staffRequest(
      'GET',
      `/consultations/${encodeURIComponent(state.consultationId)}/attribution-reports?${params}`,
    );
    const page = items(body, toItem);
    const before = state.list.length;
    state.list = reset ? page : [...state.list, ...page];
    state.cursor = isRecord(body) && typeof body.nextCursor === 'string' ? body.nextCursor : null;
    if (isRecord(body) && isRecord(body.counts)) {
      for (const s of ['received', 'name_hidden', 'dismissed'] as const) {
        const n = body.counts[s];
        byId(`rep-count-${s}`, HTMLSpanElement).textContent = typeof n === 'number' ? String(n) : '';
      }
    }
    render();
    if (!reset && page[0]) document.getElementById(`rep-heading-${page[0].report.id}`)?.focus();
    if (!reset && before === state.list.length) byId('rep-more', HTMLButtonElement).hidden = true;
  } catch (error) {
    say(problemText(error), 'error');
  } finally {
    list.removeAttribute('aria-busy');
  }
}

async function decide(
  item: Item,
  action: 'hide-name' | 'dismiss',
  note: HTMLTextAreaElement,
  error: HTMLElement,
): Promise<void> {
  if (state.busy) return;
  const text = note.value.trim();
  error.hidden = true;
  note.removeAttribute('aria-invalid');
  if (action === 'dismiss' && text === '') {
    error.textContent = r.noteRequired;
    error.hidden = false;
    note.setAttribute('aria-invalid', 'true');
    note.focus();
    return;
  }
  state.busy = true;
  const index = state.list.indexOf(item);
  try {
    await staffRequest(
      'POST',
      `/consultations/${encodeURIComponent(state.consultationId)}/attribution-reports/${encodeURIComponent(item.report.id)}/decision`,
      { action, version: item.report.version, ...(text === '' ? {} : { note: text }) },
    );
    say(r.done[action], 'ok');
  } catch (e) {
    if (e instanceof StaffApiError && e.problem.status === 409) say(r.conflict, 'error');
    else {
      say(`${r.failed}${problemText(e)}`, 'error');
      state.busy = false;
      return;
    }
  }
  state.busy = false;
  await load(true);
  // The keyboard goes on with the report that took this one's place, or to the list's heading.
  const next = state.list[Math.min(index, state.list.length - 1)];
  document.getElementById(next ? `rep-heading-${next.report.id}` : 'rep-list-heading')?.focus();
}

async function main(): Promise<void> {
  const me = await startSession(lang);
  if (!me) return;
  const problem = byId('rep-problem', HTMLDivElement);
  byId('rep-back', HTMLAnchorElement).href =
    `${localePath(lang, '/staff/moderation/')}?c=${encodeURIComponent(state.consultationId)}`;
  state.canDecide = me.roles.includes('admin') || me.roles.includes('moderator');
  state.canReadContact = me.roles.includes('admin') || me.roles.includes('drafter');
  let consultation: ReturnType<typeof toConsultation>;
  try {
    consultation = items(await staffRequest('GET', '/consultations'), toConsultation).find(
      (c) => c.id === state.consultationId,
    );
  } catch (error) {
    problem.textContent = problemText(error);
    problem.hidden = false;
    return;
  }
  if (consultation === undefined) {
    problem.textContent = r.noConsultation;
    problem.hidden = false;
    return;
  }
  state.texts = await loadDraftTexts(consultation.draftId, consultation.draftVersion);
  byId('rep-consultation', HTMLParagraphElement).textContent = consultation.title[lang];
  const title = document.getElementById('page-title');
  if (title) title.textContent = `${r.title}${COLON}${consultation.title[lang]}`;
  byId('rep-read-only', HTMLParagraphElement).hidden = state.canDecide;
  byId('rep-app', HTMLDivElement).hidden = false;
  byId('rep-filters', HTMLFormElement).addEventListener('change', (event) => {
    if (event.target instanceof HTMLInputElement && isReportStatus(event.target.value)) {
      state.status = event.target.value;
      void load(true);
    }
  });
  byId('rep-more', HTMLButtonElement).addEventListener('click', () => void load(false));
  await load(true);
}

void main();
