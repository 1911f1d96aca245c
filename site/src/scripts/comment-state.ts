/**
 * Renders a comment's public state (`GET /api/comments/{receipt}`) as a description list. Only the
 * fields the public endpoint returns, and only through textContent.
 */
import { clientUi, type Lang } from '../i18n.ts';
import { DECISIONS, draftingUi } from '../i18n-drafting.ts';
import { publicModerationUi } from '../i18n-staff.ts';
import { type CommentState, formatShanghai } from './api.ts';

interface VersionData {
  href: string;
  articles: Record<string, string>;
}

interface SiteData {
  consultations: Record<
    string,
    VersionData & {
      title: string;
      draftVersion?: number;
      /** Earlier versions of the draft, by number: their name, page and article labels. */
      versions?: Record<string, VersionData & { name: string }>;
    }
  >;
}

function siteData(): SiteData {
  try {
    const parsed: unknown = JSON.parse(document.getElementById('site-data')?.textContent ?? '{}');
    if (typeof parsed === 'object' && parsed !== null && 'consultations' in parsed) return parsed as SiteData;
  } catch {
    // Fall through: the state still renders, with ids instead of titles.
  }
  return { consultations: {} };
}

export function renderCommentState(
  state: CommentState,
  lang: Lang,
  options: { withReceipt: boolean },
): HTMLElement {
  const t = clientUi[lang];
  const consultation = siteData().consultations[state.consultationId];
  const dl = document.createElement('dl');
  dl.className = 'result';
  const row = (label: string, ...content: (Node | string)[]): void => {
    const div = document.createElement('div');
    const dt = document.createElement('dt');
    const dd = document.createElement('dd');
    dt.textContent = label;
    dd.append(...content);
    div.append(dt, dd);
    dl.append(div);
  };
  const time = (iso: string): string => (iso ? `${formatShanghai(iso)}（${t.timeZoneNote}）` : '—');
  const timeEn = (iso: string): string => (iso ? `${formatShanghai(iso)} (${t.timeZoneNote})` : '—');

  if (options.withReceipt) {
    const code = document.createElement('span');
    code.className = 'mono';
    code.textContent = state.receipt;
    row(t.labels.receipt, code);
  }
  const badge = document.createElement('span');
  badge.className = 'badge';
  badge.dataset.status = state.status;
  badge.textContent = t.commentStatus[state.status];
  const help = document.createElement('span');
  help.className = 'status-help';
  help.textContent = t.commentStatusHelp[state.status];
  row(t.labels.status, badge, help);
  if (state.reason && (state.status === 'rejected' || state.status === 'spam')) {
    const reason = document.createElement('span');
    reason.id = 'comment-reason';
    reason.textContent = state.reason;
    row(publicModerationUi[lang].reasonLabel, reason);
  }

  if (consultation) {
    const a = document.createElement('a');
    a.href = consultation.href;
    a.textContent = consultation.title;
    row(t.labels.consultation, a);
  } else if (state.consultationId) {
    row(t.labels.consultation, state.consultationId);
  }
  if (state.articleId) {
    // A comment on an earlier version names and links the article as it was in that version.
    const earlier =
      state.draftVersion !== null && state.draftVersion !== consultation?.draftVersion
        ? consultation?.versions?.[String(state.draftVersion)]
        : undefined;
    const version = earlier ?? consultation;
    const label = version?.articles[state.articleId];
    if (version && label) {
      const a = document.createElement('a');
      a.href = `${version.href}#${state.articleId}`;
      a.textContent = earlier ? t.articleInVersion(label, earlier.name) : label;
      row(t.labels.target, a);
    } else {
      row(t.labels.target, state.articleId);
    }
  } else {
    row(t.labels.target, t.wholeDraft);
  }
  if (state.response) {
    const r = draftingUi[lang];
    const decision = DECISIONS.find((x) => x === state.response?.decision);
    const answer = document.createElement('span');
    answer.id = 'comment-response';
    const badge = document.createElement('strong');
    badge.textContent = decision ? r.decisions[decision] : state.response.decision;
    const text =
      lang === 'en' && state.response.reason.en ? state.response.reason.en : state.response.reason.zh;
    answer.append(badge, lang === 'zh' ? `：${text}` : `: ${text}`);
    row(r.receipt.response, answer);
  }
  const fmt = lang === 'zh' ? time : timeEn;
  row(t.labels.submittedAt, fmt(state.submittedAt));
  if (state.updatedAt && state.updatedAt !== state.submittedAt) row(t.labels.updatedAt, fmt(state.updatedAt));
  return dl;
}
