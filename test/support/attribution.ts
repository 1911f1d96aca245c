import { vi } from 'vitest';
import type { AbuseGuards } from '../../functions/public-api/abuse.ts';
import { createPublicApi } from '../../functions/public-api/app.ts';
import type { AttributionReport } from '../../shared/attribution/report.ts';
import type { Comment } from '../../shared/comment/comment.ts';
import type { Clock } from '../../shared/ports.ts';
import { MemoryAttributionStore } from '../../shared/store/memory-attribution-store.ts';
import { MemoryStaffStore } from '../../shared/store/memory-staff-store.ts';
import { MemoryStore } from '../../shared/store/memory-store.ts';
import { aComment, anOpenConsultation, fixedClock, NOW } from './factories.ts';

export const CONSULTATION = 'transit-safety-2026';
/** Comment ids are 26 Crockford characters; fixed so that tests can name them. */
export const PUBLISHED_ID = '01JCXYZ0000000000000000001';
export const PENDING_ID = '01JCXYZ0000000000000000002';

/** A published comment whose author consented to show the name 王小明. */
export function aPublishedComment(overrides: Partial<Comment> = {}): Comment {
  return aComment({
    id: PUBLISHED_ID,
    receipt: 'ABCD-EFGH-JKM2',
    status: 'published',
    version: 1,
    displayName: '王小明',
    publishName: true,
    ...overrides,
  });
}

/** A stored report on the published comment, as the intake writes it. */
export function aReport(overrides: Partial<AttributionReport> = {}): AttributionReport {
  return {
    id: '01JCXYZR000000000000000001',
    receipt: 'RSTU-VWXY-Z234',
    consultationId: CONSULTATION,
    commentId: PUBLISHED_ID,
    articleId: 'art-5',
    draftVersion: 1,
    reason: '我从未提交过这条意见，署名是我的名字。',
    status: 'received',
    hasContact: false,
    submittedAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    version: 0,
    ...overrides,
  };
}

/** In-memory stores holding an open consultation, one published and one pending comment. */
export function attributionStores() {
  const base = new MemoryStore();
  base.consultations.set(CONSULTATION, anOpenConsultation());
  base.consultations.set('justice-rules-2026', anOpenConsultation({ id: 'justice-rules-2026' }));
  for (const comment of [
    aPublishedComment(),
    aComment({ id: PENDING_ID, receipt: 'ABCD-EFGH-JKM3', displayName: '李四', publishName: true }),
  ])
    base.comments.set(comment.receipt, comment);
  const staff = new MemoryStaffStore(base, 16);
  const reports = new MemoryAttributionStore(base, staff);
  return { base, staff, reports };
}

/** The public API with published comments and reports over in-memory stores. */
export function aPublicApiWithReports(
  clock: Clock = fixedClock(),
  abuse?: (store: MemoryStore) => AbuseGuards,
) {
  const stores = attributionStores();
  const logError = vi.fn();
  const app = createPublicApi({
    store: stores.base,
    clock,
    contactRetentionDays: 180,
    idempotencyTtlHours: 24,
    logError,
    published: { store: stores.staff, shards: 16 },
    attribution: { reports: stores.reports, comments: stores.staff },
    ...(abuse === undefined ? {} : { abuse: abuse(stores.base) }),
  });
  return { ...stores, app, logError };
}

type App = ReturnType<typeof aPublicApiWithReports>['app'];

export const reportPath = (consultationId = CONSULTATION, commentId = PUBLISHED_ID) =>
  `/api/consultations/${consultationId}/comments/${commentId}/attribution-reports`;

/** POSTs a report; objects are sent as JSON, strings as they are. */
export function postReport(
  app: App,
  body: unknown,
  headers: Record<string, string> = {},
  path = reportPath(),
): Promise<Response> {
  return Promise.resolve(
    app.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}
