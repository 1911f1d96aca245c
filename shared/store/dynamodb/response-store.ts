import { type DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { StoreUnavailableError } from '../../errors.ts';
import type { ResponseStore, ResponseWrite } from '../../responses/ports.ts';
import { type ResponseTarget, StoredResponse, targetKey } from '../../responses/response.ts';
import { FEEDBACK_ENTITY, feedbackKeys } from './feedback-keys.ts';

type Item = Record<string, unknown>;

/** Responses on the single table (feedback-keys.ts, F3–F5). */
export class DynamoResponseStore implements ResponseStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, tableName: string) {
    this.#doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.#table = tableName;
  }

  async putResponse(next: StoredResponse): Promise<ResponseWrite> {
    const key = targetKey({ scope: next.scope, id: next.targetId });
    const first = next.version === 1;
    try {
      await this.#doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                Item: {
                  ...feedbackKeys.response(next.consultationId, key),
                  entity: FEEDBACK_ENTITY.response,
                  ...next,
                },
                ConditionExpression: first ? 'attribute_not_exists(pk)' : 'version = :previous',
                ...(first ? {} : { ExpressionAttributeValues: { ':previous': next.version - 1 } }),
              },
            },
            {
              // History items are written once and never changed.
              Put: {
                TableName: this.#table,
                Item: {
                  ...feedbackKeys.responseHistory(next.consultationId, key, next.at, next.version),
                  entity: FEEDBACK_ENTITY.responseHistory,
                  ...next,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return { kind: 'done' };
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        if (reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict'))
          return {
            kind: 'conflict',
            current: await this.getResponse(next.consultationId, { scope: next.scope, id: next.targetId }),
          };
      }
      throw new StoreUnavailableError('The store did not answer.', error);
    }
  }

  async getResponse(consultationId: string, target: ResponseTarget) {
    const { Item } = await this.#call(() =>
      this.#doc.send(
        new GetCommand({
          TableName: this.#table,
          Key: feedbackKeys.response(consultationId, targetKey(target)),
          ConsistentRead: true,
        }),
      ),
    );
    return Item === undefined ? undefined : responseFrom(Item);
  }

  async getResponses(consultationId: string, targets: readonly ResponseTarget[]) {
    // A handful of single reads rather than BatchGetItem: the public function (the receipt lookup) is granted
    // GetItem only, and three parallel reads cost what one batch does.
    const found = await Promise.all(targets.map((t) => this.getResponse(consultationId, t)));
    return found.filter((r): r is StoredResponse => r !== undefined);
  }

  async listResponses(consultationId: string) {
    return this.#queryAll(feedbackKeys.responsesPartition(consultationId));
  }

  async responseHistory(consultationId: string, target: ResponseTarget) {
    return this.#queryAll(feedbackKeys.responseHistoryPartition(consultationId, targetKey(target)));
  }

  async #queryAll(pk: string): Promise<StoredResponse[]> {
    const items: StoredResponse[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#call(() =>
        this.#doc.send(
          new QueryCommand({
            TableName: this.#table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': pk },
            ...(start === undefined ? {} : { ExclusiveStartKey: start }),
          }),
        ),
      );
      items.push(...(page.Items ?? []).map(responseFrom));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  }

  async #call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new StoreUnavailableError('The store did not answer.', error);
    }
  }
}

function responseFrom(item: Item): StoredResponse {
  const { pk: _pk, sk: _sk, entity: _entity, ...rest } = item;
  return StoredResponse.parse(rest);
}
