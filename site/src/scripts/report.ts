/**
 * The adoption report page: fetches the report of the page's consultation and writes it out through
 * textContent. "Download" saves the report as one HTML file with its own styles (opens in Word, prints to
 * PDF); "Print" uses the print stylesheet.
 */

import { type Lang, pageLang, STANCES, type Stance } from '../i18n.ts';
import { DECISIONS, type Decision, draftingUi } from '../i18n-drafting.ts';
import { formatShanghai, getJson } from './api.ts';

const lang = pageLang();
const r = draftingUi[lang].report;
const t = draftingUi[lang];

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null;
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isRecord) : []);

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = '',
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

function articleLabels(consultationId: string): Record<string, string> {
  try {
    const data: unknown = JSON.parse(document.getElementById('site-data')?.textContent ?? '{}');
    const c = isRecord(data) && isRecord(data.consultations) ? data.consultations[consultationId] : undefined;
    if (isRecord(c) && isRecord(c.articles))
      return Object.fromEntries(Object.entries(c.articles).map(([k, v]) => [k, text(v)]));
  } catch {
    // Ids instead of labels.
  }
  return {};
}

function decisionName(v: unknown): string {
  const decision: Decision | undefined = DECISIONS.find((x) => x === v);
  return decision ? t.decisions[decision] : text(v);
}

function responseBlock(response: Json): HTMLElement {
  const reason = isRecord(response.reason) ? response.reason : {};
  const words = lang === 'en' && text(reason.en) ? text(reason.en) : text(reason.zh);
  return el(
    'div',
    'report-response',
    el(
      'p',
      '',
      el('strong', '', `${r.response}${lang === 'zh' ? '：' : ': '}${decisionName(response.decision)}`),
    ),
    el('p', '', words),
  );
}

function stanceLine(stances: unknown): string {
  const s = isRecord(stances) ? stances : {};
  return STANCES.filter((x: Stance) => num(s[x]) > 0)
    .map((x: Stance) => `${t.stances[x]} ${num(s[x])}`)
    .join(lang === 'zh' ? '，' : ', ');
}

function render(report: Json, box: HTMLElement, labels: Record<string, string>): void {
  const totals = isRecord(report.totals) ? report.totals : {};
  const lead = document.getElementById('report-lead');
  if (lead)
    lead.textContent = `${r.window}${lang === 'zh' ? '：' : ': '}${formatShanghai(text(report.opensAt))} – ${formatShanghai(text(report.closesAt))}。${r.concluded}${lang === 'zh' ? '：' : ': '}${formatShanghai(text(report.concludedAt))}`;
  const nodes: Node[] = [
    el('p', 'lead', r.totals(num(totals.received), num(totals.distinct), num(totals.published))),
  ];
  for (const a of list(report.articles)) {
    const id = text(a.articleId);
    const section = el('section', 'report-article');
    section.id = `report-${id}`;
    const heading = el('h2', '', id === 'whole' ? t.wholeDraft : (labels[id] ?? id));
    heading.id = `report-h-${id}`;
    section.setAttribute('aria-labelledby', heading.id);
    const figures = el('dl', 'report-figures');
    for (const [label, value] of [
      [r.received, num(a.received)],
      [r.distinct, num(a.distinct)],
      [r.published, num(a.published)],
    ] as const)
      figures.append(el('div', '', el('dt', '', label), el('dd', '', String(value))));
    section.append(heading, figures);
    const stances = stanceLine(a.stances);
    if (stances) section.append(el('p', '', `${r.stanceLine}${lang === 'zh' ? '：' : ': '}${stances}`));
    section.append(isRecord(a.response) ? responseBlock(a.response) : el('p', 'hint', r.noResponse));
    const answered = list(a.answered);
    if (answered.length > 0) {
      const ol = el('ol', 'report-answered');
      for (const item of answered) {
        const response = isRecord(item.response) ? item.response : {};
        const reason = isRecord(response.reason) ? response.reason : {};
        const excerpt = typeof item.excerpt === 'string' ? item.excerpt : r.unpublished;
        ol.append(
          el(
            'li',
            '',
            el('p', 'report-excerpt', excerpt),
            el(
              'p',
              '',
              el('strong', '', decisionName(response.decision)),
              `${lang === 'zh' ? '：' : ': '}${lang === 'en' && text(reason.en) ? text(reason.en) : text(reason.zh)}`,
            ),
          ),
        );
      }
      section.append(el('h3', '', r.answered), ol);
    }
    nodes.push(section);
  }
  const clusters = list(report.clusters);
  if (clusters.length > 0) {
    const section = el('section', 'report-article', el('h2', '', r.clusters));
    for (const c of clusters) {
      section.append(el('h3', '', r.cluster(text(c.clusterId))));
      if (isRecord(c.response)) section.append(responseBlock(c.response));
    }
    nodes.push(section);
  }
  box.replaceChildren(...nodes);
}

/** The report as one standalone HTML file: the rendered article and the page's own styles. */
function standalone(lang: Lang): string {
  const article = document.getElementById('adoption-report')?.cloneNode(true);
  if (!(article instanceof HTMLElement)) return '';
  article.querySelector('#report-actions')?.remove();
  const styles = [...document.styleSheets]
    .flatMap((sheet) => {
      try {
        return [...sheet.cssRules].map((rule) => rule.cssText);
      } catch {
        return [];
      }
    })
    .join('\n');
  const title = document.title.replace(/</g, '&lt;');
  return `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${title}</title><style>${styles.replace(/<\//g, '<\\/')}</style></head><body><main class="container">${article.outerHTML}</main></body></html>`;
}

async function main(): Promise<void> {
  const page = document.getElementById('adoption-report');
  const box = document.getElementById('report-body');
  const id = page?.dataset.consultation;
  if (!box || !id) return;
  box.setAttribute('aria-busy', 'true');
  try {
    const res = await getJson(`/consultations/${encodeURIComponent(id)}/report`);
    if (res.status === 404) {
      box.replaceChildren(el('p', 'notice', r.notYet));
      return;
    }
    const report: unknown = res.ok ? await res.json() : undefined;
    if (!isRecord(report)) {
      box.replaceChildren(el('p', 'notice', r.failed));
      return;
    }
    render(report, box, articleLabels(id));
    const actions = document.getElementById('report-actions');
    if (actions) actions.hidden = false;
    document.getElementById('report-print')?.addEventListener('click', () => window.print());
    const download = document.getElementById('report-download');
    if (download instanceof HTMLAnchorElement)
      download.href = URL.createObjectURL(new Blob([standalone(lang)], { type: 'text/html;charset=utf-8' }));
  } catch {
    box.replaceChildren(el('p', 'notice', r.failed));
  } finally {
    box.removeAttribute('aria-busy');
  }
}

void main();
