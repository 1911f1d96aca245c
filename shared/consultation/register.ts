import { createHash } from 'node:crypto';
import { z } from 'zod';
import { articlesOf, type Draft, SLUG_PATTERN } from '../draft/schema.ts';
import { Bilingual, type Consultation, ConsultationId } from './consultation.ts';

/** A consultation as the site's content declares it (site/src/content/consultations/<id>.json). */
export const ConsultationEntry = z
  .object({
    id: ConsultationId,
    draftId: z.string().min(1),
    draftVersion: z.number().int().positive(),
    office: Bilingual,
    contact: Bilingual,
    /** Length of the window opened when the consultation is first registered; the law asks for ≥ 30 days. */
    defaultWindowDays: z.number().int().min(1).max(365),
    /** The drafting office's id, for staff office scope (e.g. `transport`). */
    officeId: z.string().regex(SLUG_PATTERN).optional(),
  })
  .strict();
export type ConsultationEntry = z.infer<typeof ConsultationEntry>;

const DAY_MS = 86_400_000;
// Asia/Shanghai has kept UTC+8 without daylight saving since 1991.
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/**
 * The end (24:00 Beijing time) of the day `days` days after `from`: a window announced as "until 26
 * December" must stay open for the whole of that day.
 */
export function endOfDayInShanghai(from: Date, days: number): Date {
  const local = from.getTime() + SHANGHAI_OFFSET_MS + days * DAY_MS;
  const nextLocalMidnight = Math.floor(local / DAY_MS) * DAY_MS + DAY_MS;
  return new Date(nextLocalMidnight - SHANGHAI_OFFSET_MS);
}

/** Both language versions of a draft; the English translation may follow later than the Chinese text. */
export interface DraftTexts {
  zh: Draft;
  en?: Draft;
}

/** The consultation record for a published draft, opening now and closing at the end of the window's last day. */
export function consultationFor(entry: ConsultationEntry, drafts: DraftTexts, now: Date): Consultation {
  for (const draft of [drafts.zh, drafts.en]) {
    if (draft === undefined) continue;
    if (draft.id !== entry.draftId || draft.version !== entry.draftVersion) {
      throw new Error(
        `Consultation ${entry.id} expects draft ${entry.draftId} v${entry.draftVersion}, got ${draft.id} v${draft.version}`,
      );
    }
  }
  const zhIds = articlesOf(drafts.zh).map((a) => a.id);
  const enIds = drafts.en === undefined ? zhIds : articlesOf(drafts.en).map((a) => a.id);
  if (zhIds.join() !== enIds.join()) {
    throw new Error(`The zh and en texts of ${entry.draftId} v${entry.draftVersion} have different articles`);
  }
  return {
    id: entry.id,
    draftId: entry.draftId,
    draftVersion: entry.draftVersion,
    draftHash: draftHash(drafts),
    title: { zh: drafts.zh.title, en: drafts.en?.title ?? drafts.zh.title },
    office: entry.office,
    articleIds: zhIds,
    opensAt: now.toISOString(),
    closesAt: endOfDayInShanghai(now, entry.defaultWindowDays).toISOString(),
    createdAt: now.toISOString(),
    ...(entry.officeId === undefined ? {} : { officeId: entry.officeId }),
  };
}

export function draftHash(drafts: DraftTexts): string {
  return createHash('sha256')
    .update(JSON.stringify([drafts.zh, drafts.en ?? null]))
    .digest('hex')
    .slice(0, 16);
}
