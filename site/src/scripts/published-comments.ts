/**
 * The public side of moderation on a draft page, learnt at run time (the page itself is static): the
 * consultation's notices (extended, closed early, reopened, concluded), and under each article the number
 * of published comments with a button that opens them, fetched page by page from
 * `GET /api/consultations/{id}/comments?article=`. Only published comments exist for this endpoint, with
 * their masked text, and a name only where the commenter consented; everything goes in through textContent.
 */
import { type Lang, pageLang, type Stance } from '../i18n.ts';
import { publicModerationUi } from '../i18n-staff.ts';
import { formatShanghai, getJson } from './api.ts';
import { falseAttributionMarker, reportControl } from './attribution-report.ts';

const lang: Lang = pageLang();
const t = publicModerationUi[lang];
const STANCES: readonly string[] = ['support', 'oppose', 'suggest', 'other'];
/** The key the API uses for comments on the whole draft in `publishedCounts`. */
const WHOLE = 'whole';

interface PublishedComment {
  id: string;
  stance: Stance;
  body: string;
  proposedWording: string | null;
  displayName: string | null;
  submittedAt: string;
  /** A moderator upheld a report that it was made in someone else's name: the name is withheld. */
  reportedFalselyAttributed: boolean;
}

interface Notice {
  at: string;
  text: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function toComment(v: unknown): PublishedComment | undefined {
  if (!isRecord(v) || typeof v.id !== 'string' || typeof v.body !== 'string') return undefined;
  const stance = str(v.stance) ?? 'other';
  return {
    id: v.id,
    stance: (STANCES.includes(stance) ? stance : 'other') as Stance,
    body: v.body,
    proposedWording: str(v.proposedWording) ?? null,
    displayName: str(v.displayName) ?? null,
    submittedAt: str(v.submittedAt) ?? '',
    reportedFalselyAttributed: v.reportedFalselyAttributed === true,
  };
}

function toNotices(v: unknown): Notice[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((n) => {
    if (!isRecord(n) || typeof n.at !== 'string') return [];
    const text = str(n[lang]) ?? str(n.zh) ?? '';
    return text ? [{ at: n.at, text }] : [];
  });
}

function toCounts(v: unknown): Map<string, number> | undefined {
  if (!isRecord(v)) return undefined;
  const counts = new Map<string, number>();
  for (const [key, n] of Object.entries(v)) if (typeof n === 'number') counts.set(key, n);
  return counts;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

function renderNotices(notices: Notice[]): void {
  const box = document.getElementById('consultation-notices');
  const list = document.getElementById('consultation-notices-list');
  if (!box || !list || notices.length === 0) return;
  list.replaceChildren(
    ...[...notices]
      .sort((a, b) => b.at.localeCompare(a.at))
      .map((n) => {
        const time = el('time', 'notice-time', t.noticeOn(formatShanghai(n.at)));
        time.dateTime = n.at;
        return el('li', '', time, el('span', 'notice-text', n.text));
      }),
  );
  box.hidden = false;
}

function renderComment(c: PublishedComment): HTMLLIElement {
  const time = el('time', '', formatShanghai(c.submittedAt));
  time.dateTime = c.submittedAt;
  const meta = el(
    'p',
    'pc-meta',
    c.reportedFalselyAttributed
      ? falseAttributionMarker()
      : el('span', 'pc-name', c.displayName ?? t.anonymous),
    ' · ',
    el('span', 'pc-stance', t.stances[c.stance]),
    ' · ',
    time,
  );
  const item = el('li', 'published-comment', meta, el('p', 'pc-body', c.body));
  if (c.proposedWording) item.append(el('p', 'pc-proposed', el('strong', '', t.proposed), c.proposedWording));
  const report = reportControl(c);
  if (report) item.append(el('p', 'pc-actions', report));
  item.dataset.commentId = c.id;
  return item;
}

/**
 * The toggle and the (lazily loaded) list for one article, or for the whole draft with `articleId`
 * `WHOLE`. `count` is undefined when the API did not say.
 */
function commentsWidget(
  consultationId: string,
  articleId: string,
  label: string,
  count: number | undefined,
): HTMLElement {
  const listId = `published-${articleId}`;
  const toggle = el(
    'button',
    'published-toggle',
    t.show(count),
    el('span', 'visually-hidden', t.context(label)),
  );
  toggle.type = 'button';
  toggle.id = `published-toggle-${articleId}`;
  toggle.setAttribute('aria-expanded', 'false');
  toggle.setAttribute('aria-controls', listId);
  const status = el('p', 'published-status');
  status.setAttribute('role', 'status');
  const list = el('ol', 'published-list-items');
  const more = el('button', 'button published-more', t.loadMore);
  more.type = 'button';
  more.hidden = true;
  const region = el('div', 'published-list', list, status, more);
  region.id = listId;
  region.hidden = true;
  let cursor: string | null = null;
  let loaded = false;

  const load = async (): Promise<void> => {
    status.textContent = t.loading;
    more.disabled = true;
    const params = new URLSearchParams();
    params.set('article', articleId);
    if (cursor) params.set('cursor', cursor);
    try {
      const res = await getJson(`/consultations/${encodeURIComponent(consultationId)}/comments?${params}`);
      if (!res.ok) throw new Error(String(res.status));
      const body: unknown = await res.json();
      const items =
        isRecord(body) && Array.isArray(body.items) ? body.items.flatMap((v) => toComment(v) ?? []) : [];
      const firstNew = items[0];
      list.append(...items.map(renderComment));
      cursor = isRecord(body) && typeof body.nextCursor === 'string' ? body.nextCursor : null;
      more.hidden = cursor === null;
      status.textContent = list.children.length === 0 ? t.none : '';
      loaded = true;
      // After "load more", the keyboard continues with the first new comment.
      if (firstNew && list.children.length > items.length) {
        const li = list.querySelector<HTMLElement>(`[data-comment-id="${CSS.escape(firstNew.id)}"]`);
        li?.setAttribute('tabindex', '-1');
        li?.focus();
      }
    } catch {
      status.textContent = t.failed;
    } finally {
      more.disabled = false;
    }
  };

  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    region.hidden = !open;
    toggle.firstChild?.replaceWith(document.createTextNode(open ? t.hide : t.show(count)));
    if (open && !loaded) void load();
  });
  more.addEventListener('click', () => void load());

  const box = el('div', 'published', toggle, region);
  box.dataset.publishedFor = articleId;
  if (count !== undefined) box.dataset.count = String(count);
  return box;
}

async function main(): Promise<void> {
  const root = document.querySelector<HTMLElement>('[data-published-comments]');
  const consultationId = root?.dataset.publishedComments;
  if (!root || !consultationId) return;
  let body: unknown;
  try {
    const res = await getJson(`/consultations/${encodeURIComponent(consultationId)}`);
    if (!res.ok) return;
    body = await res.json();
  } catch {
    return;
  }
  if (!isRecord(body)) return;
  renderNotices(toNotices(body.notices));
  const counts = toCounts(body.publishedCounts);
  for (const article of root.querySelectorAll<HTMLElement>('article.article[data-article-id]')) {
    const id = article.dataset.articleId ?? '';
    const count = counts?.get(id) ?? (counts ? 0 : undefined);
    if (!id || count === 0) continue;
    const label = article.querySelector('.article-label')?.textContent?.trim() ?? id;
    article.append(commentsWidget(consultationId, id, label, count));
  }
  const whole = document.getElementById('whole-draft-comments');
  const wholeCount = counts?.get(WHOLE);
  if (whole && wholeCount !== undefined && wholeCount > 0) {
    whole.append(commentsWidget(consultationId, WHOLE, t.wholeHeading, wholeCount));
    whole.hidden = false;
  }
}

void main();
