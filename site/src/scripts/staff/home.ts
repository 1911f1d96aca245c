/** Console home: sign-in state, then the consultations of the signed-in member's office with their counts. */

import { localePath, pageLang } from '../../i18n.ts';
import { draftingUi } from '../../i18n-drafting.ts';
import { staffUi } from '../../i18n-staff.ts';
import { items, staffRequest, toConsultation } from './api.ts';
import { COMMENT_STATUSES_ORDER, windowLine } from './format.ts';
import { el, startSession } from './session.ts';

const lang = pageLang();
const t = staffUi[lang];

async function main(): Promise<void> {
  const me = await startSession(lang);
  const box = document.getElementById('staff-consultations');
  if (!me || !box) return;
  const isAdmin = me.roles.includes('admin');
  const canDecide = isAdmin || me.roles.includes('moderator');
  const canAnalyse = isAdmin || me.roles.includes('drafter');
  const register = document.getElementById('register-link');
  if (register) register.hidden = !isAdmin;
  box.setAttribute('aria-busy', 'true');
  try {
    const list = items(await staffRequest('GET', '/consultations'), toConsultation);
    if (list.length === 0) {
      box.replaceChildren(el('p', { className: 'empty' }, t.home.empty));
      return;
    }
    const cards = el('ul', { className: 'cards staff-cards' });
    cards.setAttribute('role', 'list');
    for (const c of list) {
      const counts = el('ul', { className: 'count-list' });
      counts.setAttribute('aria-label', t.moderation.statusLegend);
      for (const s of COMMENT_STATUSES_ORDER) {
        counts.append(
          el('li', { className: `count-${s}` }, `${t.status[s]} `, el('strong', {}, String(c.counts[s]))),
        );
      }
      const links = el(
        'p',
        { className: 'actions' },
        el(
          'a',
          {
            className: 'button primary',
            href: `${localePath(lang, '/staff/moderation/')}?c=${encodeURIComponent(c.id)}`,
          },
          canDecide ? t.home.moderate : t.home.view,
          el('span', { className: 'visually-hidden' }, `: ${c.title[lang]}`),
        ),
      );
      if (canAnalyse) {
        links.append(
          el(
            'a',
            {
              className: 'button',
              href: `${localePath(lang, '/staff/dashboard/')}?c=${encodeURIComponent(c.id)}`,
            },
            draftingUi[lang].dashboard.open,
            el('span', { className: 'visually-hidden' }, `: ${c.title[lang]}`),
          ),
        );
      }
      if (isAdmin) {
        links.append(
          el(
            'a',
            {
              className: 'button',
              href: `${localePath(lang, '/staff/consultations/')}?c=${encodeURIComponent(c.id)}`,
            },
            t.home.manage,
            el('span', { className: 'visually-hidden' }, `: ${c.title[lang]}`),
          ),
        );
      }
      const card = el(
        'li',
        { className: 'card' },
        el('h3', {}, c.title[lang]),
        el(
          'dl',
          { className: 'meta' },
          el('div', {}, el('dt', {}, t.home.office), el('dd', {}, c.officeName?.[lang] ?? c.office)),
          el('div', {}, el('dt', {}, t.home.window), el('dd', {}, ...windowLine(c, lang))),
        ),
        counts,
        links,
      );
      card.dataset.consultation = c.id;
      cards.append(card);
    }
    box.replaceChildren(cards);
  } catch {
    box.replaceChildren(el('p', { className: 'notice' }, t.loadFailed));
  } finally {
    box.removeAttribute('aria-busy');
  }
}

void main();
