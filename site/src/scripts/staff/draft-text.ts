/**
 * The draft texts the site publishes for the console (`/staff/drafts/<draftId>.json`, built with the site):
 * article labels for the list and filters, and an article's text beside the comment made on it.
 */
import type { Lang } from '../../i18n.ts';
import { isRecord } from './api.ts';

export interface ArticleText {
  id: string;
  label: string;
  lines: string[];
}

export interface DraftTexts {
  /** The version the consultation is on: its articles fill the article filter. */
  currentVersion: number;
  versions: Map<number, Record<Lang, ArticleText[]>>;
}

function toArticles(v: unknown): ArticleText[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((a) =>
    isRecord(a) && typeof a.id === 'string' && typeof a.label === 'string'
      ? [
          {
            id: a.id,
            label: a.label,
            lines: Array.isArray(a.lines) ? a.lines.filter((l): l is string => typeof l === 'string') : [],
          },
        ]
      : [],
  );
}

export async function loadDraftTexts(draftId: string, currentVersion: number): Promise<DraftTexts> {
  const empty: DraftTexts = { currentVersion, versions: new Map() };
  try {
    const res = await fetch(`/staff/drafts/${encodeURIComponent(draftId)}.json`);
    if (!res.ok) return empty;
    const body: unknown = await res.json();
    if (!isRecord(body) || !isRecord(body.versions)) return empty;
    const versions = new Map<number, Record<Lang, ArticleText[]>>();
    for (const [key, v] of Object.entries(body.versions)) {
      if (isRecord(v)) versions.set(Number(key), { zh: toArticles(v.zh), en: toArticles(v.en) });
    }
    return { currentVersion, versions };
  } catch {
    return empty;
  }
}

/** The article as it was in `version`, in the page's language (falling back to the current version). */
export function findArticle(
  texts: DraftTexts,
  articleId: string,
  version: number,
  lang: Lang,
): ArticleText | undefined {
  const inVersion = texts.versions.get(version) ?? texts.versions.get(texts.currentVersion);
  return inVersion?.[lang].find((a) => a.id === articleId);
}
