import { consultationFor } from '../../shared/consultation/register.ts';
import type { ConsultationStore } from '../../shared/ports.ts';
import { readPublishedConsultations } from './content.ts';

export interface SeedResult {
  /** Consultations registered now, opening now. */
  created: string[];
  /** Consultations moved to a newer draft version, window and comments kept. */
  revised: string[];
}

/**
 * Brings the store in line with the consultations the site publishes: registers new ones and moves
 * existing ones to a newer draft version. Idempotent, so that a restart keeps windows and comments.
 */
export async function seedConsultations(
  store: ConsultationStore,
  now: Date,
  contentDir?: string,
): Promise<SeedResult> {
  const result: SeedResult = { created: [], revised: [] };
  for (const { entry, drafts } of readPublishedConsultations(contentDir)) {
    const consultation = consultationFor(entry, drafts, now);
    if (await store.createConsultation(consultation)) result.created.push(entry.id);
    else if (await store.reviseDraft(entry.id, consultation)) result.revised.push(entry.id);
  }
  return result;
}
