/**
 * The drafter's dashboard (`/staff/dashboard/?c=<id>`): statistics from the staff API's counters, drawn over
 * the draft text the site publishes for the console. Everything goes in through textContent.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { localePath, pageLang } from '../../i18n.ts';
import { DECISIONS, type Decision, draftingUi } from '../../i18n-drafting.ts';
import { isRecord, items, StaffApiError, staffRequest, toConsultation } from './api.ts';
import { carriedTo, countsOnCurrent } from './carry-forward.ts';
import {
  type Answer,
  type ArticleStats,
  STANCE_LIST,
  type Stats,
  saveAnswer,
  toAnswer,
  toStats,
} from './drafting-api.ts';
import { shanghaiTime } from './format.ts';
import { el, startSession } from './session.ts';

const lang = pageLang();
const t = draftingUi[lang];
const d = t.dashboard;

interface ArticleText {
  id: string;
  label: string;
  lines: string[];
}
interface Draft {
  latestVersion: number;
  versions: Map<number, ArticleText[]>;
  /** version → article id → its successors in the next version. */
  successors: Map<number, Record<string, string[]>>;
}

const state = {
  consultationId: '',
  draftVersion: 1,
  stats: undefined as Stats | undefined,
  draft: { latestVersion: 0, versions: new Map(), successors: new Map() } as Draft,
  answers: new Map<string, Answer>(),
  answering: '',
  chart: undefined as uPlot | undefined,
};

const byId = (id: string) => document.getElementById(id);

function say(message: string): void {
  const box = byId('dash-status');
  if (box) box.textContent = message;
}

function stop(message: string): void {
  const box = byId('dash-problem');
  if (box) {
    box.textContent = message;
    box.hidden = false;
  }
  const app = byId('dash-app');
  if (app) app.hidden = true;
}

async function loadDraft(draftId: string): Promise<Draft> {
  const draft: Draft = { latestVersion: 0, versions: new Map(), successors: new Map() };
  const res = await fetch(`/staff/drafts/${encodeURIComponent(draftId)}.json`);
  if (!res.ok) return draft;
  const body: unknown = await res.json();
  if (!isRecord(body)) return draft;
  draft.latestVersion = typeof body.latestVersion === 'number' ? body.latestVersion : 0;
  if (isRecord(body.versions)) {
    for (const [version, texts] of Object.entries(body.versions)) {
      const list = isRecord(texts) && Array.isArray(texts[lang]) ? texts[lang] : [];
      draft.versions.set(
        Number(version),
        list.flatMap((a: unknown) =>
          isRecord(a) && typeof a.id === 'string' && typeof a.label === 'string'
            ? [
                {
                  id: a.id,
                  label: a.label,
                  lines: Array.isArray(a.lines)
                    ? a.lines.filter((l): l is string => typeof l === 'string')
                    : [],
                },
              ]
            : [],
        ),
      );
    }
  }
  if (isRecord(body.successors)) {
    for (const [version, map] of Object.entries(body.successors)) {
      if (!isRecord(map)) continue;
      const clean: Record<string, string[]> = {};
      for (const [id, next] of Object.entries(map))
        clean[id] = Array.isArray(next) ? next.filter((n): n is string => typeof n === 'string') : [];
      draft.successors.set(Number(version), clean);
    }
  }
  return draft;
}

function labelOf(articleId: string | null, version: number): string {
  if (articleId === null) return t.wholeDraft;
  return state.draft.versions.get(version)?.find((a) => a.id === articleId)?.label ?? articleId;
}

function carriedToNow(articleId: string, version: number): string[] {
  return carriedTo(state.draft.successors, articleId, version, state.draftVersion);
}

function currentRows(stats: Stats): ArticleStats[] {
  return stats.articles.filter((a) => a.draftVersion === state.draftVersion || a.articleId === null);
}

function heatCounts(stats: Stats): Map<string, number> {
  return countsOnCurrent(stats.articles, state.draft.successors, state.draftVersion);
}

function queueLink(articleId: string): string {
  const params = new URLSearchParams({ c: state.consultationId, article: articleId });
  return `${localePath(lang, '/staff/moderation/')}?${params}`;
}

function renderSummary(stats: Stats): void {
  const row = (label: string, value: number) =>
    el(
      'div',
      {},
      el('dt', {}, label),
      el('dd', {}, el('strong', {}, value.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en'))),
    );
  byId('dash-summary')?.replaceChildren(
    row(d.received, stats.total),
    row(d.distinct, stats.totalCollapsed),
    ...(['pending', 'published', 'rejected', 'spam'] as const).map((s) =>
      row(d.status[s], stats.byStatus[s]),
    ),
  );
}

function renderCounts(stats: Stats): void {
  const toggle = byId('dash-collapse');
  const collapsed = toggle instanceof HTMLInputElement && toggle.checked;
  const rows = currentRows(stats);
  const table = el('table', { className: 'dash-table', id: 'dash-counts-table' });
  table.append(el('caption', {}, d.tableCaption(collapsed)));
  const head = el('tr', {}, el('th', { scope: 'col' }, d.article));
  for (const s of STANCE_LIST) head.append(el('th', { scope: 'col' }, t.stances[s]));
  head.append(el('th', { scope: 'col' }, d.total));
  table.append(el('thead', {}, head));
  const body = el('tbody');
  if (rows.length === 0) body.append(el('tr', {}, el('td', { colSpan: STANCE_LIST.length + 2 }, d.none)));
  for (const a of rows) {
    const counts = collapsed ? a.collapsed : a.raw;
    const tr = el('tr', {}, el('th', { scope: 'row' }, labelOf(a.articleId, a.draftVersion)));
    for (const s of STANCE_LIST) tr.append(el('td', {}, String(counts[s])));
    tr.append(el('td', {}, el('strong', {}, String(collapsed ? a.totalCollapsed : a.total))));
    body.append(tr);
  }
  table.append(body);
  byId('dash-counts')?.replaceChildren(table);
}

function heatLevel(n: number, max: number): number {
  if (n <= 0 || max <= 0) return 0;
  return Math.min(5, 1 + Math.floor((4 * n) / max));
}

function answerLine(articleId: string): HTMLElement | undefined {
  const answer = state.answers.get(articleId);
  if (answer === undefined) return undefined;
  return el(
    'p',
    { className: 'heat-answer' },
    el('span', { className: 'badge' }, t.decisions[answer.decision]),
    ' ',
    lang === 'en' && answer.reason.en ? answer.reason.en : answer.reason.zh,
  );
}

function renderHeat(stats: Stats): void {
  const counts = heatCounts(stats);
  const articles = state.draft.versions.get(state.draftVersion) ?? [];
  const entries: { id: string; label: string; lines: string[] }[] = [
    { id: 'whole', label: t.wholeDraft, lines: [] },
    ...articles,
  ];
  const max = Math.max(0, ...entries.map((a) => counts.get(a.id) ?? 0));
  const list = byId('dash-heat');
  if (!list) return;
  list.replaceChildren(
    ...entries.map((a) => {
      const n = Math.round(counts.get(a.id) ?? 0);
      const headingId = `heat-h-${a.id}`;
      const li = el('li', { className: `heat heat-${heatLevel(n, max)}`, id: `heat-${a.id}` });
      li.dataset.count = String(n);
      li.setAttribute('aria-labelledby', headingId);
      const actions = el(
        'p',
        { className: 'heat-meta' },
        el('span', { className: 'heat-count' }, d.heatCount(n)),
        ' ',
        el(
          'a',
          { href: queueLink(a.id) },
          d.viewComments,
          el('span', { className: 'visually-hidden' }, `: ${a.label}`),
        ),
      );
      const answer = el('button', { type: 'button', className: 'button small' }, d.answerArticle);
      answer.append(el('span', { className: 'visually-hidden' }, `: ${a.label}`));
      answer.addEventListener('click', () => openAnswer(a.id, a.label));
      actions.append(' ', answer);
      li.append(el('h3', { id: headingId }, a.label));
      if (a.lines.length > 0)
        li.append(el('div', { className: 'heat-text' }, ...a.lines.map((line) => el('p', {}, line))));
      li.append(actions);
      const line = answerLine(a.id);
      if (line) li.append(line);
      return li;
    }),
  );
}

function renderTop(stats: Stats): void {
  const counts = heatCounts(stats);
  const top = [...counts.entries()]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5);
  const list = byId('dash-top');
  if (!list) return;
  if (top.length === 0) {
    list.replaceChildren(el('li', {}, d.none));
    return;
  }
  list.replaceChildren(
    ...top.map(([id, n]) =>
      el(
        'li',
        {},
        el('a', { href: `#heat-${id}` }, id === 'whole' ? t.wholeDraft : labelOf(id, state.draftVersion)),
        ` — ${d.heatCount(Math.round(n))}`,
      ),
    ),
  );
}

function renderDays(stats: Stats): void {
  const table = el('table', { className: 'dash-table' });
  table.append(
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, d.day), el('th', { scope: 'col' }, d.count))),
  );
  const body = el('tbody');
  for (const day of stats.days)
    body.append(el('tr', {}, el('th', { scope: 'row' }, day.day), el('td', {}, String(day.count))));
  if (stats.days.length === 0) body.append(el('tr', {}, el('td', { colSpan: 2 }, d.none)));
  table.append(body);
  byId('dash-days')?.replaceChildren(table);

  const box = byId('dash-chart');
  if (!box) return;
  state.chart?.destroy();
  state.chart = undefined;
  if (stats.days.length === 0) return;
  const { xs, ys } = dailySeries(stats.days);
  const width = Math.max(240, box.clientWidth);
  state.chart = new uPlot(
    {
      width,
      height: 220,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Asia/Shanghai'),
      legend: { show: false },
      cursor: { show: true },
      scales: { x: { time: true } },
      // Ticks on whole days, weeks or months: the counts are per day.
      axes: [{ incrs: [DAY_S, 7 * DAY_S, 30 * DAY_S, 365 * DAY_S] }, { label: d.count }],
      series: [
        {},
        {
          label: d.count,
          stroke: '#0b4f9c',
          width: 2,
          fill: 'rgba(11, 79, 156, 0.12)',
          points: { show: true },
        },
      ],
    },
    [xs, ys],
    box,
  );
}

const DAY_S = 86_400;

/**
 * Every day from the day before the first comment to the day after the last, days without comments as 0
 * (the counters keep only days that had some): a line over calendar days, and a readable axis even when
 * all comments came on one day.
 */
function dailySeries(days: readonly { day: string; count: number }[]): { xs: number[]; ys: number[] } {
  const byDay = new Map(days.map((x) => [Date.parse(`${x.day}T00:00:00+08:00`) / 1000, x.count]));
  const known = [...byDay.keys()];
  const first = Math.min(...known) - DAY_S;
  const last = Math.max(...known) + DAY_S;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let t = first; t <= last; t += DAY_S) {
    xs.push(t);
    ys.push(byDay.get(t) ?? 0);
  }
  return { xs, ys };
}

function renderCarried(stats: Stats): void {
  const earlier = stats.articles.filter((a) => a.articleId !== null && a.draftVersion < state.draftVersion);
  const section = byId('dash-carried-section');
  if (!section) return;
  section.hidden = earlier.length === 0;
  if (earlier.length === 0) return;
  const from = Math.min(...earlier.map((a) => a.draftVersion));
  const help = byId('dash-carried-help');
  if (help) help.textContent = d.carriedHelp(from, state.draftVersion);
  const table = el('table', { className: 'dash-table', id: 'dash-carried-table' });
  table.append(
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col' }, d.article),
        el('th', { scope: 'col' }, d.count),
        el('th', { scope: 'col' }, d.carriedTo),
      ),
    ),
  );
  const body = el('tbody');
  for (const a of earlier) {
    const id = a.articleId ?? '';
    const to = carriedToNow(id, a.draftVersion);
    body.append(
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, d.carriedFrom(labelOf(id, a.draftVersion), a.draftVersion)),
        el('td', {}, String(a.total)),
        el('td', {}, to.length === 0 ? d.removed : to.map((x) => labelOf(x, state.draftVersion)).join('、')),
      ),
    );
  }
  table.append(body);
  byId('dash-carried')?.replaceChildren(table);
}

function render(): void {
  const stats = state.stats;
  if (!stats) return;
  renderSummary(stats);
  renderHeat(stats);
  renderCounts(stats);
  renderTop(stats);
  renderDays(stats);
  renderCarried(stats);
}

// ---- Answering an article ---------------------------------------------------------------------------

function openAnswer(articleId: string, label: string): void {
  const dialog = byId('answer-dialog');
  if (!(dialog instanceof HTMLDialogElement)) return;
  state.answering = articleId;
  const heading = byId('answer-heading');
  if (heading) heading.textContent = t.respond.articleHeading(label);
  const current = state.answers.get(articleId);
  const currentLine = byId('answer-current');
  if (currentLine)
    currentLine.textContent = current
      ? `${t.respond.current}：${t.decisions[current.decision]}（${t.respond.by(current.by, shanghaiTime(current.at, lang))}）`
      : t.respond.none;
  const zh = byId('answer-zh');
  const en = byId('answer-en');
  if (zh instanceof HTMLTextAreaElement) zh.value = current?.reason.zh ?? '';
  if (en instanceof HTMLTextAreaElement) en.value = current?.reason.en ?? '';
  const radio = byId(`answer-${current?.decision ?? 'adopted'}`);
  if (radio instanceof HTMLInputElement) radio.checked = true;
  const error = byId('answer-error');
  if (error) error.hidden = true;
  dialog.showModal();
}

function closeAnswer(): void {
  const dialog = byId('answer-dialog');
  if (dialog instanceof HTMLDialogElement) dialog.close();
}

async function submitAnswer(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const zh = byId('answer-zh');
  const en = byId('answer-en');
  const error = byId('answer-error');
  const checked = document.querySelector<HTMLInputElement>('input[name="decision"]:checked');
  const decision: Decision = DECISIONS.find((x) => x === checked?.value) ?? 'adopted';
  if (!(zh instanceof HTMLTextAreaElement) || !(en instanceof HTMLTextAreaElement) || !error) return;
  if (zh.value.trim() === '') {
    error.textContent = t.respond.reasonZh;
    error.hidden = false;
    zh.focus();
    return;
  }
  try {
    await saveAnswer(state.consultationId, { kind: 'article', articleId: state.answering }, decision, {
      zh: zh.value.trim(),
      ...(en.value.trim() === '' ? {} : { en: en.value.trim() }),
    });
    closeAnswer();
    await loadAnswers();
    render();
    say(t.respond.saved);
    document.querySelector<HTMLButtonElement>(`#heat-${CSS.escape(state.answering)} button`)?.focus();
  } catch (e) {
    error.textContent = e instanceof StaffApiError ? e.message : d.failed;
    error.hidden = false;
  }
}

async function loadAnswers(): Promise<void> {
  const body = await staffRequest(
    'GET',
    `/consultations/${encodeURIComponent(state.consultationId)}/responses`,
  );
  state.answers = new Map(
    items(body, toAnswer)
      .filter((a) => a.scope === 'article')
      .map((a) => [a.targetId, a]),
  );
}

async function main(): Promise<void> {
  const me = await startSession(lang);
  if (!me) return;
  state.consultationId = new URLSearchParams(location.search).get('c') ?? '';
  if (!state.consultationId) return stop(d.noConsultation);
  if (!me.roles.includes('drafter') && !me.roles.includes('admin')) return stop(d.forbidden);
  const app = byId('dash-app');
  if (app) app.hidden = false;
  say(d.loading);
  try {
    const consultation = items(await staffRequest('GET', '/consultations'), toConsultation).find(
      (c) => c.id === state.consultationId,
    );
    if (!consultation) return stop(d.notFound);
    state.draftVersion = consultation.draftVersion;
    const lead = byId('dash-consultation');
    if (lead) lead.textContent = consultation.title[lang];
    const [stats, draft] = await Promise.all([
      staffRequest('GET', `/consultations/${encodeURIComponent(state.consultationId)}/stats`),
      loadDraft(consultation.draftId),
      loadAnswers(),
    ]);
    state.stats = toStats(stats);
    state.draft = draft;
    render();
    say('');
  } catch (e) {
    if (e instanceof StaffApiError && e.problem.status === 404) return stop(d.notFound);
    if (e instanceof StaffApiError && e.problem.status === 403) return stop(d.forbidden);
    stop(d.failed);
  } finally {
    app?.removeAttribute('aria-busy');
  }
  byId('dash-collapse')?.addEventListener('change', () => state.stats && renderCounts(state.stats));
  byId('answer-form')?.addEventListener('submit', (e) => void submitAnswer(e as SubmitEvent));
  byId('answer-cancel')?.addEventListener('click', closeAnswer);
  let resize = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resize);
    resize = window.setTimeout(() => state.stats && renderDays(state.stats), 200);
  });
}

void main();
