/**
 * The sign-in state every console page shows: who is signed in, with which role and office, and the
 * sign-out buttons; or the sign-in button, which goes to the staff API's login route with this page as
 * `returnTo`. The page's own content (`#staff-main`) stays hidden until someone is signed in.
 */

import type { Lang } from '../../i18n.ts';
import { staffUi } from '../../i18n-staff.ts';
import { formatShanghai, keepQueryOnLangSwitch } from '../api.ts';
import { type Me, onSignedOut, STAFF_API, StaffApiError, staffRequest, toMe } from './api.ts';

export function loginHref(): string {
  return `${STAFF_API}/auth/login?returnTo=${encodeURIComponent(location.pathname + location.search)}`;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function renderSignedOut(box: HTMLElement, lang: Lang, message: string): void {
  const t = staffUi[lang].session;
  const main = document.getElementById('staff-main');
  if (main) main.hidden = true;
  box.dataset.state = 'signed-out';
  box.replaceChildren(
    el('p', { id: 'session-message' }, message),
    el(
      'p',
      { className: 'actions' },
      el('a', { className: 'button primary', id: 'sign-in', href: loginHref() }, t.signIn),
    ),
  );
}

function renderSignedIn(box: HTMLElement, lang: Lang, me: Me): void {
  const t = staffUi[lang];
  const roles = me.roles.map((r) => t.roles[r]).join(lang === 'zh' ? '、' : ', ') || '—';
  const row = (label: string, value: Node | string, id: string): HTMLElement =>
    el('div', {}, el('dt', {}, label), el('dd', { id }, value));
  const who = el('span', {}, el('strong', {}, me.name), me.name === me.username ? '' : ` (${me.username})`);
  const list = el(
    'dl',
    { className: 'meta session-meta' },
    row(t.session.signedInAs, who, 'session-user'),
    row(t.session.role, roles, 'session-roles'),
    row(t.session.office, me.office ?? t.session.allOffices, 'session-office'),
  );
  if (me.sessionExpiresAt)
    list.append(row(t.session.expires, formatShanghai(me.sessionExpiresAt), 'session-expires'));
  const signOut = el('button', { type: 'button', className: 'button', id: 'sign-out' }, t.session.signOut);
  const everywhere = el(
    'button',
    { type: 'button', className: 'button', id: 'sign-out-everywhere' },
    t.session.signOutEverywhere,
  );
  const leave = async (all: boolean): Promise<void> => {
    signOut.disabled = true;
    everywhere.disabled = true;
    try {
      await staffRequest('POST', `/auth/logout${all ? '?everywhere=1' : ''}`);
      renderSignedOut(box, lang, all ? t.session.signedOutEverywhere : t.session.signedOutDone);
      document.getElementById('sign-in')?.focus();
    } catch (error) {
      signOut.disabled = false;
      everywhere.disabled = false;
      if (error instanceof StaffApiError && error.problem.status === 401) return;
      box.querySelector('#session-error')?.remove();
      box.append(
        el('p', { className: 'field-error', id: 'session-error', role: 'alert' }, t.problem.network),
      );
    }
  };
  signOut.addEventListener('click', () => void leave(false));
  everywhere.addEventListener('click', () => void leave(true));
  box.dataset.state = 'signed-in';
  box.replaceChildren(list, el('p', { className: 'actions' }, signOut, everywhere));
  const main = document.getElementById('staff-main');
  if (main) main.hidden = false;
}

/** Shows the sign-in state; resolves with who is signed in, or `null`. */
export async function startSession(lang: Lang): Promise<Me | null> {
  const box = document.getElementById('staff-session');
  if (!box) return null;
  const t = staffUi[lang].session;
  keepQueryOnLangSwitch();
  onSignedOut(() => renderSignedOut(box, lang, t.expired));
  box.setAttribute('aria-busy', 'true');
  box.textContent = t.checking;
  try {
    const me = toMe(await staffRequest('GET', '/me'));
    if (!me) throw new Error('unexpected /me');
    renderSignedIn(box, lang, me);
    return me;
  } catch (error) {
    if (error instanceof StaffApiError && error.problem.status === 401)
      renderSignedOut(box, lang, t.signedOut);
    else {
      renderSignedOut(box, lang, t.unavailable);
    }
    return null;
  } finally {
    box.removeAttribute('aria-busy');
  }
}

export { el };
