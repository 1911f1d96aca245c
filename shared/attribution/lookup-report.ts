import { normalizeReceipt } from '../comment/rules.ts';
import { MalformedRequestError, NotFoundError } from '../errors.ts';
import type { ReportIntakeStore } from './ports.ts';
import { type ReportStatusView, reportStatusViewOf } from './report.ts';

/** What became of a report, by its receipt: status, dates and the moderator's public note only. */
export async function lookupReport(
  store: Pick<ReportIntakeStore, 'findReportByReceipt'>,
  receiptInput: string,
): Promise<ReportStatusView> {
  const receipt = normalizeReceipt(receiptInput);
  if (receipt === undefined) {
    throw new MalformedRequestError(
      'A receipt has 12 letters and digits, e.g. ABCD-EFGH-JKMN (no 0, 1, I, L or O).',
    );
  }
  const report = await store.findReportByReceipt(receipt);
  if (report === undefined) throw new NotFoundError(`No report has the receipt ${receipt}.`);
  return reportStatusViewOf(report);
}
