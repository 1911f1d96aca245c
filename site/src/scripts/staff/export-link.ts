/** The moderation page's link to the export page of the same consultation (`?c=` carried over). */
const link = document.getElementById('mod-export-link');
const consultationId = new URLSearchParams(location.search).get('c');
if (link instanceof HTMLAnchorElement && consultationId)
  link.href = `${link.pathname}?c=${encodeURIComponent(consultationId)}`;
