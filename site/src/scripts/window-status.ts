/**
 * Live window status. The static pages don't know the comment window (the server sets it), so this
 * fills every `[data-window-status]` box from the API and, when the window is not open, hides the
 * comment actions (`[data-comment-action]`), shows why (`[data-closed-notice]`) and disables
 * `[data-requires-open]` controls. Without JS, or when the API is unreachable, the actions stay.
 */
import { clientUi, pageLang, type WindowStatus } from '../i18n.ts';
import { type ConsultationStatus, formatShanghai, getJson, toConsultationStatus } from './api.ts';

const t = clientUi[pageLang()];

/** Text nodes, with each `2026-12-25 24:00` in a no-wrap span so that a date never breaks at its dashes. */
function keepDatesWhole(text: string): Node[] {
  const nodes: Node[] = [];
  let last = 0;
  for (const m of text.matchAll(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/g)) {
    nodes.push(document.createTextNode(text.slice(last, m.index)));
    const span = document.createElement('span');
    span.className = 'nowrap';
    span.textContent = m[0];
    nodes.push(span);
    last = m.index + m[0].length;
  }
  nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

function render(box: HTMLElement, c: ConsultationStatus | undefined, unavailable: boolean): void {
  const badge = document.createElement('span');
  const text = document.createElement('span');
  badge.className = 'badge';
  text.className = 'window-text';
  if (c) {
    badge.dataset.status = c.status;
    badge.textContent = t.status[c.status];
    text.append(
      ...keepDatesWhole(t.windowText(c.status, formatShanghai(c.opensAt), formatShanghai(c.closesAt, true))),
    );
  } else {
    text.textContent = unavailable ? t.statusUnavailable : t.statusUnknown;
  }
  const children: Node[] = c ? [badge, document.createTextNode(' '), text] : [text];
  if (c && box.dataset.showCount !== undefined) {
    const count = document.createElement('span');
    count.className = 'comment-count';
    count.textContent = t.commentCount(c.commentCount);
    children.push(document.createTextNode(' '), count);
  }
  box.replaceChildren(...children);
  box.dataset.state = c ? c.status : 'unknown';
}

function applyOpenState(status: WindowStatus, notice: string | undefined): void {
  const open = status === 'open';
  for (const el of document.querySelectorAll<HTMLElement>('[data-comment-action]')) el.hidden = !open;
  for (const el of document.querySelectorAll<HTMLElement>('[data-closed-notice]')) {
    el.hidden = open;
    // The office's own notice says why (closed early, concluded …); the generic sentence stays first.
    const why = open ? '' : t.commentingNotOpen[status as Exclude<WindowStatus, 'open'>];
    el.textContent = notice && !open ? `${why} ${notice}` : why;
  }
  for (const el of document.querySelectorAll<HTMLButtonElement | HTMLFieldSetElement>(
    '[data-requires-open]',
  )) {
    el.disabled = !open;
  }
  document.documentElement.dataset.window = status;
}

async function fetchStatuses(ids: string[]): Promise<Map<string, ConsultationStatus> | undefined> {
  const found = new Map<string, ConsultationStatus>();
  try {
    if (ids.length === 1 && ids[0]) {
      const res = await getJson(`/consultations/${encodeURIComponent(ids[0])}`);
      if (res.status === 404) return found;
      if (!res.ok) return undefined;
      const c = toConsultationStatus(await res.json());
      if (c) found.set(c.id, c);
    } else {
      const res = await getJson('/consultations');
      if (!res.ok) return undefined;
      const body: unknown = await res.json();
      const items = typeof body === 'object' && body !== null && 'items' in body ? body.items : undefined;
      if (!Array.isArray(items)) return undefined;
      for (const item of items) {
        const c = toConsultationStatus(item);
        if (c) found.set(c.id, c);
      }
    }
    return found;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const boxes = [...document.querySelectorAll<HTMLElement>('[data-window-status]')];
  const ids = [...new Set(boxes.map((b) => b.dataset.windowStatus ?? ''))].filter(Boolean);
  if (ids.length === 0) return;
  for (const box of boxes) {
    box.hidden = false;
    box.setAttribute('aria-busy', 'true');
    box.textContent = t.statusLoading;
  }
  const statuses = await fetchStatuses(ids);
  for (const box of boxes) {
    const c = statuses?.get(box.dataset.windowStatus ?? '');
    render(box, c, statuses === undefined);
    box.removeAttribute('aria-busy');
  }
  // The comment actions of a page belong to its one consultation.
  const only = ids.length === 1 && ids[0] ? statuses?.get(ids[0]) : undefined;
  if (only) applyOpenState(only.status, only.latestNotice?.[pageLang()]);
}

void main();
