import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** What DynamoDB (or the network) does to one request. */
export type Fault =
  /** Refused before it reaches the table: nothing is written. */
  | { when: 'before'; error: Error }
  /** Applied by the table, but the answer is lost: the caller sees an error for a write that happened. */
  | { when: 'after'; error: Error };

/** Decides the fault, if any, for the n-th request (1-based) of a command, e.g. `TransactWriteItemsCommand`. */
export type FaultPlan = (command: string, n: number) => Fault | undefined;

/**
 * Injects faults into a real DynamoDB Local client, around the request DynamoDB Local really serves: an
 * error before the request is sent, or after DynamoDB Local applied it (the lost answer of a write that
 * succeeded), so that retries meet the table's real state.
 */
export function withFaults(client: DynamoDBClient) {
  let plan: FaultPlan = () => undefined;
  const counts = new Map<string, number>();
  const injected: { command: string; when: Fault['when'] }[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      const n = (counts.get(command) ?? 0) + 1;
      counts.set(command, n);
      const fault = plan(command, n);
      if (fault?.when === 'before') {
        injected.push({ command, when: 'before' });
        throw fault.error;
      }
      const result = await next(args);
      if (fault?.when === 'after') {
        injected.push({ command, when: 'after' });
        throw fault.error;
      }
      return result;
    },
    { step: 'initialize', name: 'yijianFaults' },
  );
  return {
    injected,
    /** Replaces the plan and restarts the per-command request counts. */
    plan(next: FaultPlan) {
      plan = next;
      counts.clear();
      injected.length = 0;
    },
  };
}

export const throttled = () =>
  Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
    name: 'ThrottlingException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
export const serverError = () =>
  Object.assign(new Error('Internal server error'), {
    name: 'InternalServerError',
    $fault: 'server',
    $metadata: { httpStatusCode: 500 },
  });
export const timedOut = () =>
  Object.assign(new Error('Connection timed out after 3000 ms'), { name: 'TimeoutError', $metadata: {} });
