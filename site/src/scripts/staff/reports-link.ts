/**
 * The moderation page's link to the reports of false attribution of the same consultation (`?c=` carried
 * over), with the number of open reports once the staff API has told it.
 */
import { pageLang } from '../../i18n.ts';
import { attributionStaffUi } from '../../i18n-attribution.ts';
import { isRecord, staffRequest } from './api.ts';

const link = document.getElementById('mod-reports-link');
const consultationId = new URLSearchParams(location.search).get('c');
if (link instanceof HTMLAnchorElement && consultationId) {
  link.href = `${link.pathname}?c=${encodeURIComponent(consultationId)}`;
  staffRequest('GET', `/consultations/${encodeURIComponent(consultationId)}/attribution-reports`)
    .then((body) => {
      const open = isRecord(body) && isRecord(body.counts) ? body.counts.received : undefined;
      if (typeof open === 'number') {
        link.textContent = attributionStaffUi[pageLang()].link(open);
        link.dataset.open = String(open);
      }
    })
    .catch(() => {
      // Signed out or not allowed: the plain link stays.
    });
}
