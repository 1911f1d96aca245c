import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ConsultationEntry,
  type DraftTexts,
  ConsultationEntry as EntrySchema,
} from '../../shared/consultation/register.ts';
import { Draft } from '../../shared/draft/schema.ts';

export const CONTENT_DIR = join(import.meta.dirname, '../../site/src/content');

/** Every consultation the site's content declares, with both language versions of its draft. */
export function readPublishedConsultations(
  contentDir = CONTENT_DIR,
): { entry: ConsultationEntry; drafts: DraftTexts }[] {
  const dir = join(contentDir, 'consultations');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const entry = EntrySchema.parse(readJson(join(dir, name)));
      const draftFile = (lang: 'zh' | 'en') =>
        join(contentDir, 'drafts', entry.draftId, `v${entry.draftVersion}.${lang}.json`);
      const zh = Draft.parse(readJson(draftFile('zh')));
      // The English translation may be published after the Chinese text.
      return existsSync(draftFile('en'))
        ? { entry, drafts: { zh, en: Draft.parse(readJson(draftFile('en'))) } }
        : { entry, drafts: { zh } };
    });
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
