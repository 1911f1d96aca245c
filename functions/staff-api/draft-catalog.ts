import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConsultationEntry, draftHash } from '../../shared/consultation/register.ts';
import { articlesOf, Draft, SLUG_PATTERN } from '../../shared/draft/schema.ts';
import type { DraftCatalog, DraftInfo } from '../../shared/staff/windows.ts';

/** The imported drafts as the importer publishes them into the site's content (drafts/<id>/v<n>.<lang>.json). */
export function contentDraftCatalog(contentDir: string): DraftCatalog {
  return {
    async latest(draftId: string): Promise<DraftInfo | undefined> {
      if (!SLUG_PATTERN.test(draftId)) return undefined;
      const dir = join(contentDir, 'drafts', draftId);
      if (!existsSync(dir)) return undefined;
      const versions = readdirSync(dir)
        .map((name) => /^v(\d+)\.zh\.json$/.exec(name)?.[1])
        .filter((v): v is string => v !== undefined)
        .map(Number);
      if (versions.length === 0) return undefined;
      const version = Math.max(...versions);
      const zh = Draft.parse(JSON.parse(readFileSync(join(dir, `v${version}.zh.json`), 'utf8')));
      const enFile = join(dir, `v${version}.en.json`);
      const en = existsSync(enFile) ? Draft.parse(JSON.parse(readFileSync(enFile, 'utf8'))) : undefined;
      const drafts = en === undefined ? { zh } : { zh, en };
      return {
        draftId,
        draftVersion: version,
        draftHash: draftHash(drafts),
        title: { zh: zh.title, en: en?.title ?? zh.title },
        articleIds: articlesOf(zh).map((a) => a.id),
        ...officeNameOf(contentDir, draftId),
      };
    },
  };
}

function officeNameOf(contentDir: string, draftId: string): { officeName?: { zh: string; en: string } } {
  const dir = join(contentDir, 'consultations');
  if (!existsSync(dir)) return {};
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const entry = ConsultationEntry.safeParse(JSON.parse(readFileSync(join(dir, name), 'utf8')));
    if (entry.success && entry.data.draftId === draftId) return { officeName: entry.data.office };
  }
  return {};
}
