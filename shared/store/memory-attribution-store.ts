import type {
  ReportCounts,
  ReportDecision,
  ReportDecisionOutcome,
  ReportIntake,
  ReportIntakeOutcome,
  ReportIntakeStore,
  ReportQuery,
  ReportStaffStore,
} from '../attribution/ports.ts';
import type { AttributionReport, ReporterContact } from '../attribution/report.ts';
import type { IdempotencyRecord } from '../ports.ts';
import type { MemoryStaffStore } from './memory-staff-store.ts';
import type { MemoryStore } from './memory-store.ts';

const position = (r: AttributionReport) => `${r.submittedAt}#${r.id}`;
const epochSeconds = (at: Date | string) => Math.floor(new Date(at).getTime() / 1000);

/**
 * Reports of false attribution in memory, for unit tests and beside the DynamoDB adapters in the contract
 * suite: the same uniqueness, all-or-nothing writes, ordering and conditional decisions. A decision that
 * hides a name changes the comment in the MemoryStore and appends to the MemoryStaffStore's audit.
 */
export class MemoryAttributionStore implements ReportIntakeStore, ReportStaffStore {
  readonly reports = new Map<string, AttributionReport>();
  readonly receipts = new Map<string, string>();
  readonly contacts = new Map<
    string,
    { consultationId: string; contact: ReporterContact; expiresAt: number }
  >();
  readonly idempotency = new Map<string, IdempotencyRecord & { expiresAt: number }>();
  readonly #base: MemoryStore;
  readonly #staff: MemoryStaffStore;

  constructor(base: MemoryStore, staff: MemoryStaffStore) {
    this.#base = base;
    this.#staff = staff;
  }

  async storeReport(intake: ReportIntake): Promise<ReportIntakeOutcome> {
    const { report, idempotency, contact } = intake;
    const idemKey = idempotency === null ? undefined : `${report.consultationId}#${idempotency.key}`;
    if (idemKey !== undefined) {
      const held = this.idempotency.get(idemKey);
      if (held !== undefined && held.expiresAt >= epochSeconds(report.submittedAt))
        return { kind: 'idempotency-key-taken' };
    }
    if (this.receipts.has(report.receipt)) return { kind: 'receipt-taken' };
    if (this.reports.has(report.id)) throw new Error(`report ${report.id} exists`);
    this.reports.set(report.id, structuredClone(report));
    this.receipts.set(report.receipt, report.id);
    if (contact !== null)
      this.contacts.set(report.id, {
        consultationId: report.consultationId,
        contact: structuredClone(contact),
        expiresAt: intake.contactExpiresAt,
      });
    if (idemKey !== undefined && idempotency !== null)
      this.idempotency.set(idemKey, {
        requestHash: idempotency.requestHash,
        receipt: report.receipt,
        expiresAt: idempotency.expiresAt,
      });
    return { kind: 'stored' };
  }

  async findReportByReceipt(receipt: string) {
    const id = this.receipts.get(receipt);
    return id === undefined ? undefined : this.getReport(id);
  }

  async getReportIdempotencyRecord(consultationId: string, key: string, now: Date) {
    const record = this.idempotency.get(`${consultationId}#${key}`);
    if (record === undefined || record.expiresAt < epochSeconds(now)) return undefined;
    return { requestHash: record.requestHash, receipt: record.receipt };
  }

  async getReport(reportId: string) {
    const report = this.reports.get(reportId);
    return report === undefined ? undefined : structuredClone(report);
  }

  async listReports(query: ReportQuery) {
    const all = [...this.reports.values()]
      .filter(
        (r) =>
          r.consultationId === query.consultationId &&
          r.status === query.status &&
          (query.after === undefined || position(r) < query.after),
      )
      .sort((a, b) => (position(a) < position(b) ? 1 : -1));
    const items = all.slice(0, query.limit).map((r) => structuredClone(r));
    const lastItem = items.at(-1);
    return {
      items,
      last: all.length > query.limit && lastItem !== undefined ? position(lastItem) : undefined,
    };
  }

  async countReports(consultationId: string): Promise<ReportCounts> {
    const counts: ReportCounts = { received: 0, name_hidden: 0, dismissed: 0 };
    for (const report of this.reports.values())
      if (report.consultationId === consultationId) counts[report.status]++;
    return counts;
  }

  async decideReport(decision: ReportDecision): Promise<ReportDecisionOutcome> {
    const current = this.reports.get(decision.reportId);
    if (current === undefined || current.consultationId !== decision.consultationId)
      return { kind: 'not-found' };
    if (current.status !== decision.expectedStatus || current.version !== decision.expectedVersion)
      return { kind: 'conflict', current: structuredClone(current) };
    let comment: ReturnType<MemoryStore['comments']['get']>;
    if (decision.hideNameOf !== undefined) {
      const { commentId } = decision.hideNameOf;
      const found = [...this.#base.comments.values()].find(
        (c) => c.id === commentId && c.consultationId === decision.consultationId,
      );
      if (found === undefined) return { kind: 'not-found' };
      comment = {
        ...found,
        publishName: false,
        falseAttribution: { reportId: decision.reportId, markedAt: decision.at },
        updatedAt: decision.at,
        version: (found.version ?? 0) + 1,
      };
      this.#base.comments.set(found.receipt, comment);
    }
    const { note: _note, ...rest } = current;
    const report: AttributionReport = {
      ...rest,
      status: decision.to,
      version: current.version + 1,
      updatedAt: decision.at,
      decidedAt: decision.at,
      decidedBy: decision.decidedBy,
      ...(decision.note === undefined ? {} : { note: decision.note }),
    };
    this.reports.set(report.id, report);
    await this.#staff.appendAudit(decision.audit);
    return {
      kind: 'done',
      report: structuredClone(report),
      ...(comment === undefined ? {} : { comment: structuredClone(comment) }),
    };
  }

  async getReporterContact(consultationId: string, reportId: string) {
    const kept = this.contacts.get(reportId);
    return kept === undefined || kept.consultationId !== consultationId
      ? undefined
      : structuredClone(kept.contact);
  }
}
