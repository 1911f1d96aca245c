import { type DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/**
 * Makes a DynamoDB Local client behave as real DynamoDB does with concurrent transactions, which
 * DynamoDB Local does not model: a TransactWriteItems that includes an item another in-flight
 * transaction holds is cancelled with `TransactionConflict` on that item (AWS, "Transaction conflict
 * handling in DynamoDB"). Everything else passes through to DynamoDB Local unchanged.
 */
export function withTransactionConflicts(client: DynamoDBClient) {
  const held = new Set<string>();
  const stats = { transactions: 0, cancelled: 0, conflictingItems: new Set<string>() };
  client.middlewareStack.add(
    (next) => async (args) => {
      const items = transactItemsOf(args.input);
      if (items === undefined) return next(args);
      stats.transactions++;
      const itemKeys = items.map(itemKeyOf);
      if (itemKeys.some((key) => held.has(key))) {
        stats.cancelled++;
        for (const key of itemKeys) if (held.has(key)) stats.conflictingItems.add(key);
        // Real DynamoDB answers after a round trip: without yielding, clients that retry at once would
        // spin on microtasks and starve the in-flight transaction's I/O.
        await new Promise((resolve) => setImmediate(resolve));
        throw new TransactionCanceledException({
          message: 'Transaction cancelled, please refer cancellation reasons for specific reasons',
          $metadata: { httpStatusCode: 400 },
          CancellationReasons: itemKeys.map((key) =>
            held.has(key)
              ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }
              : { Code: 'None' },
          ),
        });
      }
      for (const key of itemKeys) held.add(key);
      try {
        return await next(args);
      } finally {
        for (const key of itemKeys) held.delete(key);
      }
    },
    // After the document client marshalled the input, before the request is signed and sent.
    { step: 'build', name: 'yijianTransactionConflicts' },
  );
  return stats;
}

type Attribute = string | { S?: string };
interface TransactItem {
  Put?: { TableName?: string; Item?: Record<string, Attribute> };
  Update?: { TableName?: string; Key?: Record<string, Attribute> };
  Delete?: { TableName?: string; Key?: Record<string, Attribute> };
  ConditionCheck?: { TableName?: string; Key?: Record<string, Attribute> };
}

function transactItemsOf(input: unknown): TransactItem[] | undefined {
  if (typeof input !== 'object' || input === null || !('TransactItems' in input)) return undefined;
  const items = input.TransactItems;
  return Array.isArray(items) ? items : undefined;
}

/** Table, partition key and sort key of the item one transaction entry touches. */
export function itemKeyOf(entry: TransactItem): string {
  const operation = entry.Put ?? entry.Update ?? entry.Delete ?? entry.ConditionCheck;
  const key = entry.Put?.Item ?? entry.Update?.Key ?? entry.Delete?.Key ?? entry.ConditionCheck?.Key ?? {};
  const text = (value: Attribute | undefined) => (typeof value === 'string' ? value : (value?.S ?? ''));
  return `${operation?.TableName ?? ''}|${text(key.pk)}|${text(key.sk)}`;
}
