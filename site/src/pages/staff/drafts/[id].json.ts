/**
 * The texts of a consultation's draft, every published version in both languages, as the moderation
 * console shows them beside a comment (a comment's article id refers to the version it was made on).
 * Public content anyway, so a static file: the console needs no API for it.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { type Article, articlesOf, type Consultation, consultationPaths } from '../../../lib/content.ts';
import { versionPath } from '../../../lib/versions.ts';

export const getStaticPaths = (() => consultationPaths()) satisfies GetStaticPaths;

/** An article as lines of plain text: each paragraph, then its items and sub-items with their labels. */
function lines(article: Article, sep: string): string[] {
  return article.paragraphs.flatMap((p) => [
    p.text,
    ...p.items.flatMap((item) => [
      `${item.label}${sep}${item.text}`,
      ...item.subItems.map((sub) => `${sub.label}${sep}${sub.text}`),
    ]),
  ]);
}

export const GET: APIRoute<{ consultation: Consultation }> = ({ props }) => {
  const { consultation } = props;
  const versions = Object.fromEntries(
    consultation.versions.map((v) => [
      v.version,
      {
        path: versionPath(consultation, v.version),
        zh: articlesOf(v.drafts.zh).map((a) => ({ id: a.id, label: a.label, lines: lines(a, '') })),
        en: articlesOf(v.drafts.en).map((a) => ({
          id: a.id,
          label: a.label,
          lines: lines(a, v.drafts.en.lang === 'en' ? ' ' : ''),
        })),
      },
    ]),
  );
  return new Response(
    JSON.stringify({ id: consultation.id, currentVersion: consultation.draftVersion, versions }),
    { headers: { 'Content-Type': 'application/json; charset=utf-8' } },
  );
};
