import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { STAFF_ROLES, type StaffAccount, type StaffAccountStore } from '../../staff/accounts.ts';
import { STAFF_ACCOUNT_ENTITY, staffAccountKey } from './keys.ts';

/** What an account item holds besides its keys; read back through this schema, never cast. */
const AccountItem = z.object({
  username: z.string(),
  name: z.string(),
  roles: z.array(z.enum(STAFF_ROLES)),
  office: z.string().nullable(),
  passwordHash: z.string(),
  failedAttempts: z.number().int().min(0),
  lockedUntil: z.string().nullable(),
});

/** Staff accounts of the built-in issuer on the single table (pk=STAFF#<username>, sk=ACCOUNT). */
export class DynamoDbStaffAccountStore implements StaffAccountStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, tableName: string) {
    this.#doc = DynamoDBDocumentClient.from(client);
    this.#table = tableName;
  }

  async get(username: string) {
    const { Item } = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: staffAccountKey(username), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : AccountItem.parse(Item);
  }

  async create(account: StaffAccount) {
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...staffAccountKey(account.username), entity: STAFF_ACCOUNT_ENTITY, ...account },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async countFailure(username: string) {
    // ADD is atomic: concurrent wrong guesses each count, so a burst cannot slip past the limit.
    const { Attributes } = await this.#doc.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: staffAccountKey(username),
        UpdateExpression: 'ADD failedAttempts :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return z.object({ failedAttempts: z.number() }).parse(Attributes).failedAttempts;
  }

  async lock(username: string, until: string) {
    await this.#set(username, 0, until);
  }

  async clearFailures(username: string) {
    await this.#set(username, 0, null);
  }

  async #set(username: string, failedAttempts: number, lockedUntil: string | null) {
    await this.#doc.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: staffAccountKey(username),
        UpdateExpression: 'SET failedAttempts = :n, lockedUntil = :until',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':n': failedAttempts, ':until': lockedUntil },
      }),
    );
  }
}
