/**
 * The texts of an imported draft, every version in both languages, as the moderation console shows them
 * beside a comment (a comment's article id refers to the version it was made on). Public content anyway,
 * so a static file: the console needs no API for it.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { diffDrafts } from '../../../../../shared/draft/diff.ts';
import {
  articleLines,
  articlesOf,
  type ImportedDraft,
  importedDrafts,
} from '../../../components/staff/imported-drafts.ts';

export const getStaticPaths = (() =>
  importedDrafts.map((draft) => ({
    params: { draftId: draft.id },
    props: { draft },
  }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ draft: ImportedDraft }> = ({ props }) => {
  const { draft } = props;
  const versions = Object.fromEntries(
    draft.versions.map((v) => [
      v.version,
      {
        zh: articlesOf(v.zh).map((a) => ({ id: a.id, label: a.label, lines: articleLines(a, '') })),
        en: articlesOf(v.en).map((a) => ({
          id: a.id,
          label: a.label,
          lines: articleLines(a, v.en.lang === 'en' ? ' ' : ''),
        })),
      },
    ]),
  );
  const latest = draft.versions[draft.versions.length - 1]?.version ?? 0;
  // Where each article of a version went in the next one (the dashboard carries comments forward with it).
  const successors = Object.fromEntries(
    draft.versions.slice(0, -1).flatMap((v, i) => {
      const next = draft.versions[i + 1];
      return next === undefined ? [] : [[v.version, diffDrafts(v.zh, next.zh).successors]];
    }),
  );
  return new Response(JSON.stringify({ id: draft.id, latestVersion: latest, versions, successors }), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
