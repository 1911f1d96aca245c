import { type Consultation, ConsultationId } from '../../shared/consultation/consultation.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { ConsultationStore } from '../../shared/ports.ts';
import { coversOffice, type StaffPrincipal } from '../../shared/staff/principal.ts';

/**
 * The consultation, if it exists and the principal's office covers it; otherwise 404, so that staff of
 * another office cannot even learn that it exists.
 */
export async function visibleConsultation(
  consultations: Pick<ConsultationStore, 'getConsultation'>,
  id: string,
  principal: StaffPrincipal,
): Promise<Consultation> {
  const consultation = ConsultationId.safeParse(id).success
    ? await consultations.getConsultation(id)
    : undefined;
  if (consultation === undefined || !coversOffice(principal, consultation.officeId))
    throw new NotFoundError(`There is no consultation "${id}".`);
  return consultation;
}
