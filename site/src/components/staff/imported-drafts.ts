/**
 * Every imported draft in the site's content (`src/content/drafts/<draftId>/v<n>.<lang>.json`), validated,
 * whether or not a consultation shows it yet: the console registers consultations for them and shows their
 * articles beside the comments made on them.
 */
import { type Article, articlesOf, Draft } from '../../../../shared/draft/schema.ts';

export interface ImportedDraft {
  id: string;
  /** Versions by number, oldest first; `en` is the Chinese text while no translation is published. */
  versions: { version: number; zh: Draft; en: Draft }[];
}

const files = import.meta.glob<unknown>('../../content/drafts/*/*.json', { eager: true, import: 'default' });

function load(): ImportedDraft[] {
  const byId = new Map<string, Map<number, { zh?: Draft; en?: Draft }>>();
  for (const data of Object.values(files)) {
    const draft = Draft.parse(data);
    const versions = byId.get(draft.id) ?? new Map<number, { zh?: Draft; en?: Draft }>();
    versions.set(draft.version, { ...versions.get(draft.version), [draft.lang]: draft });
    byId.set(draft.id, versions);
  }
  return [...byId.entries()]
    .map(([id, versions]) => ({
      id,
      versions: [...versions.entries()]
        .sort(([a], [b]) => a - b)
        .flatMap(([version, texts]) =>
          texts.zh ? [{ version, zh: texts.zh, en: texts.en ?? texts.zh }] : [],
        ),
    }))
    .filter((d) => d.versions.length > 0)
    .sort((a, b) => a.id.localeCompare(b.id));
}

export const importedDrafts: readonly ImportedDraft[] = load();

/** An article as lines of plain text: each paragraph, then its items and sub-items with their labels. */
export function articleLines(article: Article, sep: string): string[] {
  return article.paragraphs.flatMap((p) => [
    p.text,
    ...p.items.flatMap((item) => [
      `${item.label}${sep}${item.text}`,
      ...item.subItems.map((sub) => `${sub.label}${sep}${sub.text}`),
    ]),
  ]);
}

export { articlesOf };
