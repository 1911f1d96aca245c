import { consultationFor } from '../../shared/consultation/register.ts';
import type { ConsultationStore } from '../../shared/ports.ts';
import { readPublishedConsultations } from './content.ts';

/**
 * Registers every published consultation that the store does not know yet; idempotent, so that a
 * restart keeps windows (and comments) as they were.
 */
export async function seedConsultations(
  store: ConsultationStore,
  now: Date,
  contentDir?: string,
): Promise<string[]> {
  const created: string[] = [];
  for (const { entry, drafts } of readPublishedConsultations(contentDir)) {
    if (await store.createConsultation(consultationFor(entry, drafts, now))) created.push(entry.id);
  }
  return created;
}
