import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { localClient } from '../../scripts/local/dynamodb-local.ts';
import { DynamoDbStore } from '../../shared/store/dynamodb/dynamodb-store.ts';
import { ensureTable } from '../../shared/store/dynamodb/table.ts';

export const STORE_OPTIONS = { commentShards: 16, counterShards: 8 } as const;

/** A fresh table on DynamoDB Local, a store on it, and helpers to look at what was really written. */
export async function aFreshTable(endpoint: string, prefix: string) {
  const client = localClient(endpoint);
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  await ensureTable(client, tableName);
  return tablesOn(client, tableName);
}

export function tablesOn(client: DynamoDBClient, tableName: string) {
  const store = new DynamoDbStore(client, { tableName, ...STORE_OPTIONS });
  const doc = DynamoDBDocumentClient.from(client);
  return {
    client,
    tableName,
    store,
    /** Every item of the table (tests only ever hold a few hundred). */
    async scan(): Promise<Record<string, unknown>[]> {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(
          new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }),
        );
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
      return items;
    },
    async itemsOf(entity: string) {
      return (await this.scan()).filter((item) => item.entity === entity);
    },
    async drop() {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      client.destroy();
    },
  };
}
