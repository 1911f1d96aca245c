import type { ResponseStore, ResponseWrite } from './ports.ts';
import { type ResponseTarget, type StoredResponse, targetKey } from './response.ts';

/** The ResponseStore in memory, for unit tests; the same version rule as the DynamoDB one. */
export class MemoryResponseStore implements ResponseStore {
  readonly current = new Map<string, StoredResponse>();
  readonly history = new Map<string, StoredResponse[]>();

  async putResponse(next: StoredResponse): Promise<ResponseWrite> {
    const key = keyOf(next.consultationId, { scope: next.scope, id: next.targetId });
    const current = this.current.get(key);
    if ((current?.version ?? 0) !== next.version - 1) return { kind: 'conflict', current };
    this.current.set(key, structuredClone(next));
    this.history.set(key, [...(this.history.get(key) ?? []), structuredClone(next)]);
    return { kind: 'done' };
  }

  async getResponse(consultationId: string, target: ResponseTarget) {
    const found = this.current.get(keyOf(consultationId, target));
    return found === undefined ? undefined : structuredClone(found);
  }

  async getResponses(consultationId: string, targets: readonly ResponseTarget[]) {
    const found = await Promise.all(targets.map((t) => this.getResponse(consultationId, t)));
    return found.filter((r): r is StoredResponse => r !== undefined);
  }

  async listResponses(consultationId: string) {
    return [...this.current.values()]
      .filter((r) => r.consultationId === consultationId)
      .map((r) => structuredClone(r));
  }

  async responseHistory(consultationId: string, target: ResponseTarget) {
    return structuredClone(this.history.get(keyOf(consultationId, target)) ?? []);
  }
}

const keyOf = (consultationId: string, target: ResponseTarget) => `${consultationId}#${targetKey(target)}`;
