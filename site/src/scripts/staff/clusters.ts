/**
 * The moderation queue grouped by cluster (issue 9): a toggle beside the filters swaps the list for the
 * clusters of the chosen status and article, largest first, each with its size, representative text and how
 * the other versions differ, and buttons that decide the whole cluster at once. The API decides the members
 * through the same path as a bulk decision (one audit entry per comment), at most 1,000 per request, so
 * this repeats the request while it answers `more`.
 */
import { pageLang } from '../../i18n.ts';
import { staffUi } from '../../i18n-staff.ts';
import {
  isRecord,
  items,
  type Reason,
  StaffApiError,
  type StaffComment,
  staffRequest,
  toComment,
  toMe,
  toReason,
} from './api.ts';
import { el } from './session.ts';

const lang = pageLang();
const t = staffUi[lang];
const k = t.clusters;

interface Phrase {
  kind: 'inserted' | 'removed' | 'moved';
  text: string;
}
interface Cluster {
  clusterId: string;
  size: number;
  inQueue: number;
  representative: StaffComment;
  exactCopies: number;
  variants: { commentId: string; phrases: Phrase[]; rewritten: boolean }[];
  commonChanges: (Phrase & { count: number })[];
  sample: StaffComment[];
}
interface ClusterPage {
  comments: number;
  clusters: number;
  complete: boolean;
  byArticle: { articleId: string | null; comments: number; clusters: number }[];
  items: Cluster[];
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const PHRASE_KINDS: readonly string[] = ['inserted', 'removed', 'moved'];
function toPhrase(v: unknown): Phrase | undefined {
  return isRecord(v) &&
    typeof v.text === 'string' &&
    typeof v.kind === 'string' &&
    PHRASE_KINDS.includes(v.kind)
    ? { kind: v.kind as Phrase['kind'], text: v.text }
    : undefined;
}
const list = <T>(v: unknown, narrow: (x: unknown) => T | undefined): T[] =>
  Array.isArray(v) ? v.flatMap((x) => narrow(x) ?? []) : [];

function toCluster(v: unknown): Cluster | undefined {
  if (!isRecord(v) || typeof v.clusterId !== 'string') return undefined;
  const representative = toComment(v.representative);
  if (representative === undefined) return undefined;
  return {
    clusterId: v.clusterId,
    size: num(v.size),
    inQueue: num(v.inQueue),
    representative,
    exactCopies: num(v.exactCopies),
    variants: list(v.variants, (x) =>
      isRecord(x) && typeof x.commentId === 'string'
        ? { commentId: x.commentId, phrases: list(x.phrases, toPhrase), rewritten: x.rewritten === true }
        : undefined,
    ),
    commonChanges: list(v.commonChanges, (x) => {
      const phrase = toPhrase(x);
      return phrase && isRecord(x) ? { ...phrase, count: num(x.count) } : undefined;
    }),
    sample: list(v.sample, toComment),
  };
}

/** The article's label as the filter's list shows it (that list is built from the current draft text). */
function articleName(articleId: string | null): string {
  if (articleId === null) return t.wholeDraft;
  const option = [...ui.article.options].find((o) => o.value === articleId);
  return option?.textContent ?? articleId;
}

function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`#${id} missing`);
  return node;
}

const ui = {
  toggle: byId('group-clusters', HTMLInputElement),
  filters: byId('mod-filters', HTMLFormElement),
  article: byId('f-article', HTMLSelectElement),
  view: byId('cluster-view', HTMLElement),
  layout: byId('mod-layout', HTMLElement),
  summary: byId('cluster-summary', HTMLElement),
  articles: byId('cluster-articles', HTMLElement),
  list: byId('cluster-list', HTMLOListElement),
  status: byId('mod-status', HTMLElement),
};

const state = { canDecide: false, reasons: [] as Reason[], busy: false, seq: 0 };

function consultationId(): string {
  return new URLSearchParams(location.search).get('c') ?? '';
}
function status(): string {
  return ui.filters.querySelector<HTMLInputElement>('input[name="status"]:checked')?.value ?? 'pending';
}
function say(message: string, tone: 'ok' | 'error' | 'info' = 'info'): void {
  ui.status.dataset.tone = tone;
  ui.status.replaceChildren(document.createTextNode(message));
}
function problemMessage(error: unknown): string {
  if (error instanceof StaffApiError) return error.problem.detail ?? error.problem.title ?? t.problem.generic;
  return t.problem.network;
}

function phraseLine(phrases: readonly Phrase[]): HTMLElement {
  const line = el('span', { className: 'phrases' });
  for (const p of phrases)
    line.append(el('span', { className: `phrase ${p.kind}` }, `${k[p.kind]}「${p.text}」`), ' ');
  return line;
}

function card(cluster: Cluster): HTMLLIElement {
  const rep = cluster.representative;
  const item = el('li', { className: 'cluster-card' });
  item.dataset.cluster = cluster.clusterId;
  item.dataset.size = String(cluster.inQueue);
  item.append(
    el('h3', {}, k.size(cluster.inQueue, cluster.size)),
    el('p', { className: 'hint' }, articleName(rep.articleId)),
    el('p', { className: 'label' }, k.representative),
    el('blockquote', { className: 'cluster-representative' }, rep.body),
    el('p', {}, k.exactCopies(cluster.exactCopies)),
  );
  if (cluster.commonChanges.length > 0) {
    item.append(el('p', { className: 'label' }, k.commonChanges), phraseLine(cluster.commonChanges));
  }
  if (cluster.variants.length > 0) {
    const variants = el('ul', { className: 'variants' });
    for (const v of cluster.variants)
      variants.append(el('li', {}, v.rewritten ? k.rewritten : phraseLine(v.phrases)));
    item.append(el('details', {}, el('summary', {}, `${k.variants} (${cluster.variants.length})`), variants));
  }
  if (state.canDecide && status() === 'pending') item.append(decisionBar(cluster));
  return item;
}

function decisionBar(cluster: Cluster): HTMLElement {
  const bar = el('div', { className: 'cluster-actions' });
  const reasonId = `cluster-reason-${cluster.clusterId}`;
  const select = el('select', { id: reasonId });
  select.append(...state.reasons.map((r) => el('option', { value: r.code }, r[lang])));
  const button = (label: string, action: 'publish' | 'reject' | 'spam') => {
    const b = el(
      'button',
      { type: 'button', className: `button small${action === 'publish' ? ' primary' : ''}` },
      label,
    );
    b.dataset.action = action;
    b.addEventListener(
      'click',
      () => void decide(cluster, action, action === 'reject' ? select.value : undefined),
    );
    return b;
  };
  bar.append(
    button(k.publishAll(cluster.inQueue), 'publish'),
    button(k.spamAll(cluster.inQueue), 'spam'),
    el('span', { className: 'field inline' }, el('label', { htmlFor: reasonId }, k.rejectReason), select),
    button(k.rejectAll(cluster.inQueue), 'reject'),
  );
  return bar;
}

async function decide(cluster: Cluster, action: 'publish' | 'reject' | 'spam', reasonCode?: string) {
  if (state.busy) return;
  state.busy = true;
  say(k.deciding);
  let decided = 0;
  let conflicts = 0;
  try {
    for (;;) {
      const body = await staffRequest(
        'POST',
        `/consultations/${encodeURIComponent(consultationId())}/clusters/${encodeURIComponent(cluster.clusterId)}/moderation`,
        {
          action,
          status: status(),
          ...(ui.article.value ? { article: ui.article.value } : {}),
          ...(reasonCode ? { reasonCode } : {}),
        },
      );
      if (!isRecord(body)) break;
      decided += num(body.decided);
      conflicts += num(body.conflicts);
      if (body.more !== true) break;
    }
    say(k.decided(decided, conflicts), conflicts > 0 ? 'info' : 'ok');
  } catch (error) {
    say(problemMessage(error), 'error');
  } finally {
    state.busy = false;
  }
  // Refreshes the counts, the list behind and these clusters as a click on the status would.
  ui.filters
    .querySelector<HTMLInputElement>('input[name="status"]:checked')
    ?.dispatchEvent(new Event('change', { bubbles: true }));
}

async function load(): Promise<void> {
  const seq = ++state.seq;
  const params = new URLSearchParams({ status: status() });
  if (ui.article.value) params.set('article', ui.article.value);
  try {
    const body = await staffRequest(
      'GET',
      `/consultations/${encodeURIComponent(consultationId())}/clusters?${params}`,
    );
    if (seq !== state.seq || !isRecord(body)) return;
    const page: ClusterPage = {
      comments: num(body.comments),
      clusters: num(body.clusters),
      complete: body.complete === true,
      byArticle: list(body.byArticle, (x) =>
        isRecord(x)
          ? {
              articleId: typeof x.articleId === 'string' ? x.articleId : null,
              comments: num(x.comments),
              clusters: num(x.clusters),
            }
          : undefined,
      ),
      items: items(body, toCluster),
    };
    ui.summary.textContent =
      page.comments === 0 ? k.none : k.summary(page.comments, page.clusters, page.complete);
    ui.articles.textContent =
      page.byArticle.length === 0
        ? ''
        : `${k.byArticle}${lang === 'zh' ? '：' : ': '}${page.byArticle
            .map((a) => `${articleName(a.articleId)} ${a.comments} / ${a.clusters}`)
            .join(lang === 'zh' ? '；' : '; ')}`;
    ui.list.replaceChildren(...page.items.map(card));
  } catch (error) {
    if (seq === state.seq) say(problemMessage(error), 'error');
  }
}

function show(grouped: boolean): void {
  ui.view.hidden = !grouped;
  ui.layout.hidden = grouped;
  if (grouped) void load();
}

async function main(): Promise<void> {
  const [me, reasons] = await Promise.all([
    staffRequest('GET', '/me')
      .then(toMe)
      .catch(() => undefined),
    staffRequest('GET', '/moderation-reasons')
      .then((b) => items(b, toReason))
      .catch(() => []),
  ]);
  if (me === undefined) return;
  state.canDecide = me.roles.includes('admin') || me.roles.includes('moderator');
  state.reasons = reasons;
  ui.toggle.addEventListener('change', () => show(ui.toggle.checked));
  ui.filters.addEventListener('change', (event) => {
    if (ui.toggle.checked && event.target instanceof HTMLInputElement && event.target.name === 'status')
      void load();
  });
  ui.filters.addEventListener('submit', () => {
    if (ui.toggle.checked) void load();
  });
}

void main();
