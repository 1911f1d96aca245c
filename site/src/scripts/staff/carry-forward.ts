/**
 * Comments carried forward across draft versions: an article of one version maps to its successors in the
 * next (`diffDrafts`' `successors`, published with the draft texts), so a comment on the first draft counts
 * under the article of the current draft it became. Pure functions, for the dashboard and its tests.
 */

/** version → article id → its successors in the next version ([] when the article was removed). */
export type Successors = ReadonlyMap<number, Readonly<Record<string, readonly string[]>>>;

/** The current version's articles an article of an earlier version became (empty: removed). */
export function carriedTo(
  successors: Successors,
  articleId: string,
  version: number,
  currentVersion: number,
): string[] {
  let ids = [articleId];
  for (let v = version; v < currentVersion; v++) {
    const map = successors.get(v);
    // No mapping for a version: the ids are taken to have stayed the same.
    if (map === undefined) continue;
    ids = ids.flatMap((id) => [...(map[id] ?? [])]);
  }
  return ids;
}

/**
 * Comments per article of the current version, its own plus those carried forward (an article split in
 * two passes half its comments to each), and `whole` for comments on the whole draft.
 */
export function countsOnCurrent(
  rows: readonly { articleId: string | null; draftVersion: number; total: number }[],
  successors: Successors,
  currentVersion: number,
): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (id: string, n: number) => counts.set(id, (counts.get(id) ?? 0) + n);
  for (const row of rows) {
    if (row.articleId === null) {
      add('whole', row.total);
      continue;
    }
    const targets =
      row.draftVersion === currentVersion
        ? [row.articleId]
        : carriedTo(successors, row.articleId, row.draftVersion, currentVersion);
    for (const target of targets) add(target, row.total / targets.length);
  }
  return counts;
}
