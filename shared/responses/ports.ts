import type { ResponseTarget, StoredResponse } from './response.ts';

export type ResponseWrite = { kind: 'done' } | { kind: 'conflict'; current: StoredResponse | undefined };

/** Where responses live: the current one per target, and every earlier version as an immutable item. */
export interface ResponseStore {
  /**
   * Writes `next` as the target's current response and adds it to the target's history, atomically,
   * provided the current response still has `next.version - 1` (none when 1); otherwise changes nothing.
   */
  putResponse(next: StoredResponse): Promise<ResponseWrite>;
  getResponse(consultationId: string, target: ResponseTarget): Promise<StoredResponse | undefined>;
  /** Several targets at once (a comment's own, cluster and article answers). */
  getResponses(consultationId: string, targets: readonly ResponseTarget[]): Promise<StoredResponse[]>;
  /** Every current response of a consultation (the adoption report, the dashboard). */
  listResponses(consultationId: string): Promise<StoredResponse[]>;
  /** Every version of one target's response, oldest first. */
  responseHistory(consultationId: string, target: ResponseTarget): Promise<StoredResponse[]>;
}
