import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Consultation } from '../../shared/consultation/consultation.ts';
import { Draft, SLUG_PATTERN } from '../../shared/draft/schema.ts';
import { articleIndexOf } from '../../shared/export/articles.ts';
import type { ArticleIndex } from '../../shared/export/model.ts';

/**
 * Every Chinese version of the consultation's draft from the imported content (drafts/<id>/v<n>.zh.json),
 * so that a comment on the first draft is named by that draft's article. The files travel with the
 * function bundle in AWS, as for the staff API.
 */
export function contentArticles(contentDir: string): (consultation: Consultation) => Promise<ArticleIndex> {
  return async (consultation) => {
    const dir = join(contentDir, 'drafts', consultation.draftId);
    if (!SLUG_PATTERN.test(consultation.draftId) || !existsSync(dir)) return articleIndexOf([]);
    const names = (await readdir(dir)).filter((name) => /^v\d+\.zh\.json$/.test(name));
    const drafts = await Promise.all(
      names.map(async (name) => Draft.parse(JSON.parse(await readFile(join(dir, name), 'utf8')))),
    );
    return articleIndexOf(drafts);
  };
}
