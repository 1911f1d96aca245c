import { describe, expect, it } from 'vitest';
import { diffDrafts } from '../../../shared/draft/diff.ts';
import { importDraft, readDocx } from '../../../shared/draft/importer/index.ts';
import { makeDocx, ORDINANCE_V1, ORDINANCE_V2 } from '../../fixtures/drafts/make-docx.ts';

describe('a revised draft (第二次征求意见稿) against the first', () => {
  it('shows what changed article by article', async () => {
    // Prepare
    const v1 = importDraft(await readDocx(await makeDocx(ORDINANCE_V1)), { id: 'e-bike' }).draft;
    const v2Result = importDraft(await readDocx(await makeDocx(ORDINANCE_V2)), { id: 'e-bike' });
    const v2 = v2Result.draft;

    // Act
    const { changes, counts, successors } = diffDrafts(v1, v2);

    // Assess
    expect(v2Result.versionFrom).toBe('stage');
    expect(v2.version).toBe(2);
    expect(counts).toEqual({
      unchanged: 7,
      renumbered: 3,
      modified: 2,
      inserted: 1,
      deleted: 1,
      split: 1,
      merged: 1,
    });
    const labels = changes.map((c) => {
      const side = (s: unknown) =>
        s === undefined
          ? '—'
          : [s]
              .flat()
              .map((r) => (r as { label: string }).label)
              .join('+');
      return `${c.kind} ${side('old' in c ? c.old : undefined)} → ${side('new' in c ? c.new : undefined)}`;
    });
    expect(labels).toEqual([
      'unchanged 第一条 → 第一条',
      'unchanged 第二条 → 第二条',
      'split 第三条 → 第三条+第四条',
      'unchanged 第五条 → 第五条',
      'unchanged 第六条 → 第六条',
      'inserted — → 第七条',
      'modified 第七条 → 第八条',
      'renumbered 第四条 → 第九条',
      'merged 第八条+第九条 → 第十条',
      'renumbered 第十条 → 第十一条',
      'renumbered 第十一条 → 第十二条',
      'deleted 第十二条 → —',
      'unchanged 第十三条 → 第十三条',
      'modified 第十四条 → 第十四条',
      'unchanged 第十五条 → 第十五条',
      'unchanged 第十六条 → 第十六条',
    ]);
    expect(changes.find((c) => c.kind === 'renumbered' && c.old.id === 'art-4')).toMatchObject({
      moved: true,
    });
    // Comments made on v1's 第八条 and 第九条 now point at v2's 第十条.
    expect(successors).toMatchObject({
      'art-8': ['art-10'],
      'art-9': ['art-10'],
      'art-12': [],
      'art-3': ['art-3', 'art-4'],
    });
  });
});
