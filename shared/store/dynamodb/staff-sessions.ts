import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { StoreUnavailableError } from '../../errors.ts';
import type { PendingLogin, SessionStore, StaffSession } from '../../staff/ports.ts';
import { Role } from '../../staff/principal.ts';
import { STAFF_ENTITY, staffKeys } from './staff-keys.ts';

const SessionItem = z.object({
  idHash: z.string(),
  principal: z.object({
    sub: z.string(),
    username: z.string(),
    name: z.string(),
    roles: z.array(Role),
    office: z.string().nullable(),
  }),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  absoluteExpiresAt: z.string(),
  expiresAt: z.number(),
  idToken: z.string().optional(),
});

const LoginItem = z.object({
  state: z.string(),
  nonce: z.string(),
  codeVerifier: z.string(),
  returnTo: z.string(),
  bindingHash: z.string(),
  expiresAt: z.string(),
});

/** Staff sessions and pending sign-ins on the single table (staff-keys.ts S1–S3). */
export class DynamoSessionStore implements SessionStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, tableName: string) {
    this.#doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.#table = tableName;
  }

  async putSession(session: StaffSession) {
    const absolute = Math.ceil(Date.parse(session.absoluteExpiresAt) / 1000);
    await this.#call(() =>
      this.#doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                Item: { ...staffKeys.session(session.idHash), entity: STAFF_ENTITY.session, ...session },
              },
            },
            {
              Put: {
                TableName: this.#table,
                Item: {
                  ...staffKeys.userSession(session.principal.sub, session.idHash),
                  entity: STAFF_ENTITY.userSession,
                  expiresAt: absolute,
                },
              },
            },
          ],
        }),
      ),
    );
  }

  async getSession(idHash: string) {
    const { Item } = await this.#call(() =>
      this.#doc.send(
        new GetCommand({ TableName: this.#table, Key: staffKeys.session(idHash), ConsistentRead: true }),
      ),
    );
    if (Item === undefined) return undefined;
    const parsed = SessionItem.safeParse(Item);
    return parsed.success ? parsed.data : undefined;
  }

  async touchSession(idHash: string, lastSeenAt: string, expiresAt: number) {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: staffKeys.session(idHash),
          UpdateExpression: 'SET lastSeenAt = :l, expiresAt = :e',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':l': lastSeenAt, ':e': expiresAt },
        }),
      );
    } catch (error) {
      // Ended meanwhile (sign out everywhere): the next request finds no session.
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return;
      throw new StoreUnavailableError('The session store did not answer.', error);
    }
  }

  async deleteSession(idHash: string) {
    const session = await this.getSession(idHash);
    await this.#call(() =>
      Promise.all([
        this.#doc.send(new DeleteCommand({ TableName: this.#table, Key: staffKeys.session(idHash) })),
        session === undefined
          ? Promise.resolve()
          : this.#doc.send(
              new DeleteCommand({
                TableName: this.#table,
                Key: staffKeys.userSession(session.principal.sub, idHash),
              }),
            ),
      ]),
    );
  }

  async deleteSessionsOf(sub: string) {
    let ended = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#call(() =>
        this.#doc.send(
          new QueryCommand({
            TableName: this.#table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': staffKeys.userSessions(sub) },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        ),
      );
      for (const item of page.Items ?? []) {
        if (typeof item.sk !== 'string') continue;
        const idHash = item.sk;
        await this.#call(() =>
          Promise.all([
            this.#doc.send(new DeleteCommand({ TableName: this.#table, Key: staffKeys.session(idHash) })),
            this.#doc.send(
              new DeleteCommand({ TableName: this.#table, Key: staffKeys.userSession(sub, idHash) }),
            ),
          ]),
        );
        ended++;
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return ended;
  }

  async putLogin(login: PendingLogin) {
    await this.#call(() =>
      this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...staffKeys.login(login.state),
            entity: STAFF_ENTITY.login,
            ...login,
            // TTL attribute is epoch seconds; the ISO expiresAt of the login is kept as `until`.
            expiresAt: Math.ceil(Date.parse(login.expiresAt) / 1000),
            until: login.expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async takeLogin(state: string) {
    try {
      const { Attributes } = await this.#doc.send(
        new DeleteCommand({
          TableName: this.#table,
          Key: staffKeys.login(state),
          ConditionExpression: 'attribute_exists(pk)',
          ReturnValues: 'ALL_OLD',
        }),
      );
      if (Attributes === undefined) return undefined;
      const parsed = LoginItem.safeParse({ ...Attributes, expiresAt: Attributes.until });
      return parsed.success ? parsed.data : undefined;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return undefined;
      throw new StoreUnavailableError('The session store did not answer.', error);
    }
  }

  async #call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new StoreUnavailableError('The session store did not answer.', error);
    }
  }
}
