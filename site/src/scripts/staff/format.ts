/** Small renderers the console pages share: statuses in a fixed order, a window's badge and dates. */
import type { CommentStatus, Lang } from '../../i18n.ts';
import { staffUi } from '../../i18n-staff.ts';
import { formatShanghai } from '../api.ts';
import type { StaffConsultation } from './api.ts';

export const COMMENT_STATUSES_ORDER: readonly CommentStatus[] = ['pending', 'published', 'rejected', 'spam'];

/** A time in Beijing time with its zone named, as staff read it in notices and the audit trail. */
export function shanghaiTime(iso: string, lang: Lang, endOfDay = false): string {
  const text = formatShanghai(iso, endOfDay);
  if (!text) return '—';
  return lang === 'zh' ? `${text}（${staffUi.zh.timeZone}）` : `${text} (${staffUi.en.timeZone})`;
}

/** Status badge followed by the window's dates. */
export function windowLine(
  c: Pick<StaffConsultation, 'status' | 'opensAt' | 'closesAt'>,
  lang: Lang,
): Node[] {
  const t = staffUi[lang];
  const badge = document.createElement('span');
  badge.className = 'badge';
  badge.dataset.status = c.status;
  badge.textContent = t.windowStatus[c.status];
  const dates = `${formatShanghai(c.opensAt)} – ${formatShanghai(c.closesAt, true)}`;
  const zone = lang === 'zh' ? `（${t.timeZone}）` : ` (${t.timeZone})`;
  return [badge, document.createTextNode(` ${dates}${zone}`)];
}
