/**
 * How the console shows one comment: its labels in the queue, and the detail panel with the facts, the
 * decision buttons, the comment beside the article's text (as it was in the version commented on), and
 * the audit trail. Everything goes in through textContent.
 */

import { isReportStatus } from '../../../../shared/attribution/rules.ts';
import type { CommentStatus, Lang } from '../../i18n.ts';
import { attributionStaffUi } from '../../i18n-attribution.ts';
import { type Flag, type ModerationAction, staffUi } from '../../i18n-staff.ts';
import type { AuditEntry, StaffComment } from './api.ts';
import { target } from './decisions.ts';
import { type DraftTexts, findArticle } from './draft-text.ts';
import { shanghaiTime } from './format.ts';
import { el } from './session.ts';

export function articleLabel(c: StaffComment, texts: DraftTexts, lang: Lang): string {
  if (!c.articleId) return staffUi[lang].wholeDraft;
  return findArticle(texts, c.articleId, c.draftVersion, lang)?.label ?? c.articleId;
}

const isFlag = (flag: string): flag is Flag => Object.hasOwn(staffUi.zh.flags, flag);
const isStatus = (s: string): s is CommentStatus => Object.hasOwn(staffUi.zh.status, s);
const isAction = (a: string): a is ModerationAction => Object.hasOwn(staffUi.zh.moderation.actions, a);

/** A status in the audit trail: a comment's, or a report of false attribution's (issue 9 §5). */
function statusName(status: string | undefined, lang: Lang): string | undefined {
  if (status === undefined) return undefined;
  if (isStatus(status)) return staffUi[lang].status[status];
  return isReportStatus(status) ? attributionStaffUi[lang].status[status] : status;
}

export function flagLabel(flag: string, lang: Lang): string {
  return isFlag(flag) ? staffUi[lang].flags[flag] : flag;
}

export function statusBadge(status: CommentStatus, lang: Lang): HTMLElement {
  const badge = el('span', { className: 'badge' }, staffUi[lang].status[status]);
  badge.dataset.status = status;
  return badge;
}

export interface DetailOptions {
  lang: Lang;
  texts: DraftTexts;
  isAdmin: boolean;
  /** Moderators and administrators decide; drafting officers only read. */
  canDecide: boolean;
  /** Administrators and drafting officers may read contact details (each read is audited). */
  onShowContact: (() => void) | undefined;
  /** A decision is under way: the buttons wait. */
  busy: boolean;
  onAction: (action: ModerationAction) => void;
}

export function commentDetail(
  c: StaffComment,
  audit: AuditEntry[] | undefined,
  { lang, texts, isAdmin, canDecide, onShowContact, busy, onAction }: DetailOptions,
): Node[] {
  const t = staffUi[lang];
  const m = t.moderation;
  const colon = lang === 'zh' ? '：' : ': ';
  const row = (label: string, ...value: (Node | string)[]): HTMLElement =>
    el('div', {}, el('dt', {}, label), el('dd', {}, ...value));
  const name = c.displayName
    ? `${c.displayName}${c.nameWithheldByReport ? attributionStaffUi[lang].withheldByReport : c.publishName ? m.nameConsented : m.nameNotConsented}`
    : t.anonymous;
  const flags = c.flags.length
    ? c.flags.map((f) => el('span', { className: 'flag' }, flagLabel(f, lang)))
    : [m.noFlags];
  const facts = el(
    'dl',
    { className: 'meta' },
    row(m.statusLegend, statusBadge(c.status, lang)),
    row(m.stance, t.stances[c.stance]),
    row(m.target, articleLabel(c, texts, lang)),
    row(m.version, m.versionName(c.draftVersion)),
    row(m.submitted, shanghaiTime(c.submittedAt, lang)),
    row(m.name, name),
    row(m.flagsLabel, ...flags),
  );
  if (c.reason) facts.append(row(m.reason, c.reason));

  const said = el(
    'div',
    {},
    el('h3', {}, m.body),
    el('p', { className: 'quote', id: 'detail-text' }, c.body),
  );
  if (c.proposedWording)
    said.append(el('h3', {}, m.proposed), el('p', { className: 'quote' }, c.proposedWording));
  if (c.publicBody && c.publicBody !== c.body) {
    said.append(
      el('h3', {}, m.publicBody),
      el('p', { className: 'quote', id: 'detail-public' }, c.publicBody),
    );
  }
  const article = c.articleId ? findArticle(texts, c.articleId, c.draftVersion, lang) : undefined;
  const articleBox = el('div', { className: 'detail-article' });
  if (c.articleId) {
    articleBox.append(
      el('h3', {}, `${m.articleText}${colon}${article?.label ?? c.articleId}`),
      article
        ? el(
            'div',
            { className: 'article-text', id: 'detail-article' },
            ...article.lines.map((l) => el('p', {}, l)),
          )
        : el('p', {}, m.articleMissing),
    );
  }

  const actions = el('p', { className: 'actions' });
  const button = (action: ModerationAction, text: string): void => {
    const b = el('button', { type: 'button', className: 'button small', id: `detail-${action}` }, text);
    if (action === 'publish') b.classList.add('primary');
    b.disabled = busy || (action !== 'reopen' && c.status === target(action));
    b.addEventListener('click', () => onAction(action));
    actions.append(b);
  };
  if (canDecide) {
    button('publish', m.publish);
    button('reject', m.reject);
    button('spam', m.spam);
  }
  if (isAdmin && c.status !== 'pending') button('reopen', m.reopen);
  const contact = el('div', { className: 'detail-contact', id: 'detail-contact' });
  if (onShowContact) {
    const show = el(
      'button',
      { type: 'button', className: 'button small', id: 'detail-show-contact' },
      m.showContact,
    );
    show.setAttribute('aria-describedby', 'detail-contact-hint');
    show.addEventListener('click', onShowContact);
    contact.append(el('p', { className: 'hint', id: 'detail-contact-hint' }, m.showContactHint), show);
  }

  const trail = el('div', { className: 'detail-audit' }, el('h3', {}, m.audit));
  if (audit === undefined) trail.append(el('p', {}, t.loading));
  else if (audit.length === 0) trail.append(el('p', {}, m.auditEmpty));
  else {
    const list = el('ol', { className: 'audit', id: 'detail-audit' });
    for (const a of audit) {
      const action = isAction(a.action) ? m.actions[a.action] : (m.auditOther[a.action] ?? a.action);
      const from = statusName(a.from, lang);
      const to = statusName(a.to, lang);
      list.append(
        el(
          'li',
          {},
          `${shanghaiTime(a.at, lang)} · ${a.actor} · ${m.auditAction(action, from, to)}`,
          a.reason ? ` · ${m.reason}${colon}${a.reason}` : '',
        ),
      );
    }
    trail.append(list);
  }

  return [
    el('h3', { className: 'visually-hidden' }, c.receipt),
    el('p', { className: 'mono', id: 'detail-receipt' }, c.receipt),
    facts,
    ...(actions.childElementCount > 0 ? [actions] : []),
    ...(onShowContact ? [contact] : []),
    el(
      'div',
      { className: c.articleId ? 'detail-columns with-article' : 'detail-columns' },
      said,
      articleBox,
    ),
    trail,
  ];
}

/** The contact details, once read: shown in place of the button that read them. */
export function contactDetails(contact: { email?: string; phone?: string }, lang: Lang): Node[] {
  const m = staffUi[lang].moderation;
  if (!contact.email && !contact.phone) return [el('p', {}, m.noContact)];
  const list = el('dl', { className: 'meta' });
  if (contact.email) list.append(el('div', {}, el('dt', {}, m.email), el('dd', {}, contact.email)));
  if (contact.phone) list.append(el('div', {}, el('dt', {}, m.phone), el('dd', {}, contact.phone)));
  return [el('h3', {}, m.contact), list];
}
