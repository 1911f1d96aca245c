import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { OIDC_ENTITY, oidcKeys } from './keys.ts';

/** What oidc-provider stores for one model instance (a token, code, session, interaction, grant …). */
export type OidcPayload = Record<string, unknown>;

/** oidc-provider's storage contract (see its example/my_adapter.js), one instance per model name. */
export interface OidcAdapter {
  upsert(id: string, payload: OidcPayload, expiresIn?: number): Promise<void>;
  find(id: string): Promise<OidcPayload | undefined>;
  findByUid(uid: string): Promise<OidcPayload | undefined>;
  findByUserCode(userCode: string): Promise<OidcPayload | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
}

export interface OidcAdapterOptions {
  tableName: string;
  /** Epoch milliseconds; injected so that tests can move past an expiry. */
  now?: () => number;
}

// The models that carry a grantId and must disappear when their grant is revoked.
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
]);

const ModelItem = z.object({
  payload: z.string(),
  expiresAt: z.number().optional(),
  consumed: z.number().optional(),
});
const PointerItem = z.object({ id: z.string(), expiresAt: z.number().optional() });
const MemberItem = z.object({ model: z.string(), id: z.string() });

/**
 * A factory for oidc-provider's `adapter` option, storing every model on the single table:
 * pk=OIDC#<Model>#<id>, pointers for session uids and user codes, and per-grant member items so that a
 * grant's tokens are revoked with one Query instead of a GSI. DynamoDB's TTL deletes expired items within
 * days, not seconds, so reads ignore anything whose `expiresAt` has passed.
 */
export function dynamoDbOidcAdapter(client: DynamoDBClient, options: OidcAdapterOptions) {
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const now = options.now ?? Date.now;
  return (model: string): OidcAdapter => new DynamoDbOidcAdapter(model, doc, options.tableName, now);
}

class DynamoDbOidcAdapter implements OidcAdapter {
  readonly #model: string;
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #now: () => number;

  constructor(model: string, doc: DynamoDBDocumentClient, table: string, now: () => number) {
    this.#model = model;
    this.#doc = doc;
    this.#table = table;
    this.#now = now;
  }

  async upsert(id: string, payload: OidcPayload, expiresIn?: number) {
    const expiresAt =
      typeof expiresIn === 'number' && expiresIn > 0 ? Math.floor(this.#now() / 1000) + expiresIn : undefined;
    const common = { entity: OIDC_ENTITY, model: this.#model, expiresAt };
    const items: Record<string, unknown>[] = [
      { ...oidcKeys.model(this.#model, id), ...common, payload: JSON.stringify(payload) },
    ];
    const { grantId, uid, userCode } = payload;
    if (this.#model === 'Session' && typeof uid === 'string')
      items.push({ ...oidcKeys.sessionUid(uid), ...common, id });
    if (typeof userCode === 'string') items.push({ ...oidcKeys.userCode(userCode), ...common, id });
    if (GRANTABLE.has(this.#model) && typeof grantId === 'string') {
      items.push({ ...oidcKeys.grantMember(grantId, this.#model, id), ...common, id });
    }
    // One transaction: a token is never visible without the member item that lets its grant revoke it.
    await this.#doc.send(
      new TransactWriteCommand({
        TransactItems: items.map((Item) => ({ Put: { TableName: this.#table, Item } })),
      }),
    );
  }

  async find(id: string) {
    const item = await this.#get(oidcKeys.model(this.#model, id));
    if (item === undefined) return undefined;
    const { payload, consumed } = ModelItem.parse(item);
    const stored = z.record(z.string(), z.unknown()).parse(JSON.parse(payload));
    return consumed === undefined ? stored : { ...stored, consumed };
  }

  async findByUid(uid: string) {
    return this.#findVia(oidcKeys.sessionUid(uid));
  }

  async findByUserCode(userCode: string) {
    return this.#findVia(oidcKeys.userCode(userCode));
  }

  async consume(id: string) {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: oidcKeys.model(this.#model, id),
          // `consumed` is a DynamoDB reserved word.
          UpdateExpression: 'SET #consumed = :now',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#consumed': 'consumed' },
          ExpressionAttributeValues: { ':now': Math.floor(this.#now() / 1000) },
        }),
      );
    } catch (error) {
      // Consuming something already gone (expired and deleted) leaves nothing to mark.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async destroy(id: string) {
    await this.#doc.send(new DeleteCommand({ TableName: this.#table, Key: oidcKeys.model(this.#model, id) }));
  }

  async revokeByGrantId(grantId: string) {
    const partition = oidcKeys.grantPartition(grantId);
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': partition, ':prefix': oidcKeys.grantMemberPrefix(this.#model) },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      await Promise.all(
        (page.Items ?? []).map(async (raw) => {
          const member = MemberItem.parse(raw);
          await this.#doc.send(
            new DeleteCommand({ TableName: this.#table, Key: oidcKeys.model(member.model, member.id) }),
          );
          await this.#doc.send(
            new DeleteCommand({
              TableName: this.#table,
              Key: oidcKeys.grantMember(grantId, member.model, member.id),
            }),
          );
        }),
      );
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
  }

  async #findVia(key: { pk: string; sk: string }) {
    const pointer = await this.#get(key);
    return pointer === undefined ? undefined : this.find(PointerItem.parse(pointer).id);
  }

  /** A consistent read that treats an item past its expiry as absent. */
  async #get(key: { pk: string; sk: string }) {
    const { Item } = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: key, ConsistentRead: true }),
    );
    if (Item === undefined) return undefined;
    const expiresAt = Item.expiresAt;
    if (typeof expiresAt === 'number' && expiresAt * 1000 <= this.#now()) return undefined;
    return Item;
  }
}
