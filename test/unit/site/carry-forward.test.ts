import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffDrafts } from '../../../shared/draft/diff.ts';
import { articlesOf, Draft } from '../../../shared/draft/schema.ts';
import { carriedTo, countsOnCurrent } from '../../../site/src/scripts/staff/carry-forward.ts';

const DIR = join(import.meta.dirname, '../../../site/src/content/drafts/transit-safety');
const draft = (version: number) =>
  Draft.parse(JSON.parse(readFileSync(join(DIR, `v${version}.zh.json`), 'utf8')));

describe('comments carried forward to the current draft', () => {
  const v1 = draft(1);
  const v2 = draft(2);
  const successors = new Map([[1, diffDrafts(v1, v2).successors]]);

  it('follow each article of the first draft of the sample ordinance to its successors in the second', () => {
    const current = new Set(articlesOf(v2).map((a) => a.id));
    for (const article of articlesOf(v1)) {
      const to = carriedTo(successors, article.id, 1, 2);
      expect(to).toEqual(diffDrafts(v1, v2).successors[article.id] ?? []);
      for (const id of to) expect(current.has(id)).toBe(true);
    }
  });

  it('keep every comment whose article lives on, and split an article’s comments between its successors', () => {
    const split = new Map([[1, { 'art-3': ['art-3', 'art-4'], 'art-9': [] as string[] }]]);
    const counts = countsOnCurrent(
      [
        { articleId: 'art-3', draftVersion: 1, total: 4 },
        { articleId: 'art-9', draftVersion: 1, total: 5 },
        { articleId: 'art-4', draftVersion: 2, total: 1 },
        { articleId: null, draftVersion: 1, total: 2 },
      ],
      split,
      2,
    );
    expect(Object.fromEntries(counts)).toEqual({ 'art-3': 2, 'art-4': 3, whole: 2 });
  });

  it('count comments on the current version where they were made', () => {
    expect(carriedTo(successors, 'art-5', 2, 2)).toEqual(['art-5']);
  });
});
