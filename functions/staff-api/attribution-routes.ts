import { Hono } from 'hono';
import type { z } from 'zod';
import {
  decideReport,
  listReports,
  ReportDecisionRequest,
  type ReportDeps,
  ReportListQuery,
  readReporterContact,
} from '../../shared/attribution/decide-report.ts';
import { ValidationError } from '../../shared/errors.ts';
import type { ConsultationStore } from '../../shared/ports.ts';
import type { StaffSession } from '../../shared/staff/ports.ts';
import type { StaffPrincipal } from '../../shared/staff/principal.ts';
import { jsonBody } from '../http/json-body.ts';
import { issuesOf } from '../http/validation.ts';
import { visibleConsultation } from './visible-consultation.ts';

export interface AttributionStaffDeps extends ReportDeps {
  consultations: Pick<ConsultationStore, 'getConsultation'>;
}

type Env = { Variables: { principal: StaffPrincipal; session: StaffSession | undefined; requestId: string } };

/**
 * Reports of false attribution for staff (issue 9 §5): the open reports of a consultation with the reported
 * comments, the decisions (withhold the name and mark the comment, or dismiss with a note) and the
 * reporter's contact. Mounted into the staff API after its sign-in middleware and write checks (Origin,
 * X-Yijian-Staff), so every route here has a principal; roles and office scope are checked per route.
 */
export function attributionStaffRoutes(deps: AttributionStaffDeps) {
  const app = new Hono<Env>();
  const base = '/api/staff/consultations/:id/attribution-reports';

  app.get(base, async (c) => {
    const principal = c.get('principal');
    const consultation = await visibleConsultation(deps.consultations, c.req.param('id'), principal);
    const query = parse(ReportListQuery, c.req.query());
    return c.json(await listReports(deps, principal, consultation, query));
  });

  app.post(
    `${base}/:reportId/decision`,
    jsonBody(ReportDecisionRequest, {
      maxBytes: 8 * 1024,
      maxDepth: 2,
      invalidMessage: 'The decision is not valid; see errors.',
    }),
    async (c) => {
      const principal = c.get('principal');
      const consultation = await visibleConsultation(deps.consultations, c.req.param('id'), principal);
      return c.json(
        await decideReport(
          deps,
          principal,
          consultation,
          c.req.param('reportId'),
          c.get('body'),
          c.get('requestId'),
        ),
      );
    },
  );

  app.get(`${base}/:reportId/contact`, async (c) => {
    const principal = c.get('principal');
    const consultation = await visibleConsultation(deps.consultations, c.req.param('id'), principal);
    return c.json(
      await readReporterContact(deps, principal, consultation, c.req.param('reportId'), c.get('requestId')),
    );
  });

  return app;
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new ValidationError('The request is not valid; see errors.', issuesOf(result.error));
  return result.data;
}
