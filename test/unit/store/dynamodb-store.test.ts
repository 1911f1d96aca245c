import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../../shared/errors.ts';
import type { CommentIntake } from '../../../shared/ports.ts';
import { DynamoDbStore } from '../../../shared/store/dynamodb/dynamodb-store.ts';
import { keys, shardOf } from '../../../shared/store/dynamodb/keys.ts';
import { aComment, anOpenConsultation, NOW } from '../../support/factories.ts';

// The store wraps its client in DynamoDBDocumentClient.from(): mocking DynamoDBClient does not intercept
// the document client's sends, so the document client is what is mocked.
const doc = mockClient(DynamoDBDocumentClient);

const TABLE = 'yijian-test';
const OPTIONS = { tableName: TABLE, commentShards: 16, counterShards: 8 };

function aStore() {
  // An unroutable endpoint: if a command were not mocked it would fail at once instead of reaching AWS.
  const client = new DynamoDBClient({
    region: 'local',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  return new DynamoDbStore(client, OPTIONS);
}

function anIntake(overrides: Partial<CommentIntake> = {}): CommentIntake {
  return {
    comment: aComment(),
    contact: null,
    contactExpiresAt: 1_800_000_000,
    idempotency: { key: 'key-1', requestHash: 'hash-1', expiresAt: 1_700_000_000 },
    ...overrides,
  };
}

type Reason = { Code: string };
const ok: Reason = { Code: 'None' };
const failed: Reason = { Code: 'ConditionalCheckFailed' };

function cancelled(reasons: Reason[]) {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: reasons,
  });
}

beforeEach(() => {
  doc.reset();
});

afterEach(() => {
  doc.reset();
});

describe('DynamoDbStore.storeComment', () => {
  it('writes the intake as one transaction guarded by the window and uniqueness conditions', async () => {
    // Prepare
    doc.on(TransactWriteCommand).resolves({});
    const comment = aComment();
    const shard = shardOf(comment.id, OPTIONS.commentShards);

    // Act
    const outcome = await aStore().storeComment(anIntake(), NOW);

    // Assess
    expect(outcome).toEqual({ kind: 'stored' });
    expect(doc).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    expect(doc.calls()).toHaveLength(1);
    const items = doc.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items).toHaveLength(4);
    expect(items[0]).toEqual({
      ConditionCheck: {
        TableName: TABLE,
        Key: { pk: 'CONS#transit-safety-2026', sk: 'META' },
        ConditionExpression: expect.stringContaining('attribute_exists(pk)'),
        ExpressionAttributeValues: { ':now': NOW.toISOString() },
      },
    });
    const window = items[0]?.ConditionCheck?.ConditionExpression ?? '';
    expect(window).toContain('opensAt <= :now');
    expect(window).toContain('closesAt > :now');
    expect(window).toContain('attribute_not_exists(concludedAt)');
    expect(items[1]?.Put).toEqual({
      TableName: TABLE,
      Item: expect.objectContaining({
        pk: `CONS#transit-safety-2026#S${shard}`,
        sk: `CMT#${comment.id}`,
        gsi1pk: `CONS#transit-safety-2026#pending#S${shard}`,
        gsi1sk: `${comment.submittedAt}#${comment.id}`,
        entity: 'comment',
        ...comment,
      }),
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(items[2]?.Put).toEqual({
      TableName: TABLE,
      Item: {
        pk: 'RCPT#ABCD-EFGH-JKMN',
        sk: 'RCPT',
        entity: 'receipt',
        commentPk: `CONS#transit-safety-2026#S${shard}`,
        commentSk: `CMT#${comment.id}`,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(items[3]?.Put).toEqual({
      TableName: TABLE,
      Item: {
        pk: 'IDEM#transit-safety-2026#key-1',
        sk: 'IDEM',
        entity: 'idempotency',
        requestHash: 'hash-1',
        receipt: 'ABCD-EFGH-JKMN',
        expiresAt: 1_700_000_000,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('writes no idempotency item when no key was sent', async () => {
    doc.on(TransactWriteCommand).resolves({});

    await aStore().storeComment(anIntake({ idempotency: null }), NOW);

    const items = doc.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items).toHaveLength(3);
    expect(items.map((i) => i.Put?.Item?.entity ?? 'check')).toEqual(['check', 'comment', 'receipt']);
  });

  it('keeps contact details in their own item with an expiry, never in the comment', async () => {
    // Prepare
    doc.on(TransactWriteCommand).resolves({});
    const contact = { email: 'citizen@example.cn', phone: '13800000000' };

    // Act
    await aStore().storeComment(anIntake({ contact, contactExpiresAt: 1_812_345_678 }), NOW);

    // Assess
    const items = doc.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    const contactItems = items.filter((i) => i.Put?.Item?.entity === 'contact');
    expect(contactItems).toEqual([
      {
        Put: {
          TableName: TABLE,
          Item: {
            pk: `CONTACT#${aComment().id}`,
            sk: 'CONTACT',
            // Indexed per consultation so a window change can recompute retention (staff-keys.ts S6).
            gsi1pk: `CONTACTS#transit-safety-2026#S${shardOf(aComment().id, 16)}`,
            gsi1sk: aComment().id,
            entity: 'contact',
            consultationId: 'transit-safety-2026',
            email: 'citizen@example.cn',
            phone: '13800000000',
            expiresAt: 1_812_345_678,
          },
        },
      },
    ]);
    for (const item of items.filter((i) => i.Put?.Item?.entity !== 'contact')) {
      expect(JSON.stringify(item)).not.toContain('citizen@example.cn');
      expect(JSON.stringify(item)).not.toContain('13800000000');
    }
  });

  it.each([
    ['the window check', [failed, ok, ok, ok], 'window-not-open'],
    ['the window check and the idempotency record', [failed, ok, ok, failed], 'window-not-open'],
    ['the idempotency record', [ok, ok, ok, failed], 'idempotency-key-taken'],
    ['the idempotency record and the receipt', [ok, ok, failed, failed], 'idempotency-key-taken'],
    ['the receipt', [ok, ok, failed, ok], 'receipt-taken'],
  ])('reports a failed condition on %s', async (_case, reasons, kind) => {
    doc.on(TransactWriteCommand).rejects(cancelled(reasons));

    const outcome = await aStore().storeComment(anIntake(), NOW);

    expect(outcome).toEqual({ kind });
  });

  it('reports a taken receipt when there is no idempotency item', async () => {
    doc.on(TransactWriteCommand).rejects(cancelled([ok, ok, failed]));

    const outcome = await aStore().storeComment(anIntake({ idempotency: null }), NOW);

    expect(outcome).toEqual({ kind: 'receipt-taken' });
  });

  it.each([
    ['a transaction conflict', cancelled([ok, { Code: 'TransactionConflict' }, ok, ok])],
    ['a cancellation without reasons', cancelled([])],
    ['a clash of comment ids', cancelled([ok, failed, ok, ok])],
    ['throttling', new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} })],
    ['a network failure', Object.assign(new Error('socket hang up'), { name: 'TimeoutError' })],
  ])('answers %s with a retryable StoreUnavailableError', async (_case, error) => {
    doc.on(TransactWriteCommand).rejects(error);

    const attempt = aStore().storeComment(anIntake(), NOW);

    await expect(attempt).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(attempt).rejects.toMatchObject({ kind: 'store-unavailable', cause: error });
  });

  it('spreads comments over the configured shards', async () => {
    // Prepare
    doc.on(TransactWriteCommand).resolves({});
    const store = aStore();
    const { newCommentId } = await import('../../../shared/comment/comment-id.ts');

    // Act
    for (let i = 0; i < 400; i++) {
      const id = newCommentId(NOW);
      await store.storeComment(anIntake({ comment: aComment({ id }), idempotency: null }), NOW);
    }

    // Assess
    const partitions = doc
      .commandCalls(TransactWriteCommand)
      .map((call) => call.args[0].input.TransactItems?.[1]?.Put?.Item?.pk as string);
    const shards = new Set(partitions.map((pk) => Number(pk.replace('CONS#transit-safety-2026#S', ''))));
    expect(shards.size).toBe(OPTIONS.commentShards);
    for (const shard of shards) expect(shard).toBeGreaterThanOrEqual(0);
    for (const shard of shards) expect(shard).toBeLessThan(OPTIONS.commentShards);
    const perShard = Object.values(Object.groupBy(partitions, (pk) => pk));
    // 400 over 16 is 25 on average; no shard should be a hot spot.
    for (const group of perShard) expect(group?.length ?? 0).toBeLessThan(60);
  });
});

describe('shardOf', () => {
  it('is stable for a comment id and within range', () => {
    for (const shards of [1, 8, 16, 256]) {
      const shard = shardOf('01JCXYZ0000000000000000000', shards);
      expect(shardOf('01JCXYZ0000000000000000000', shards)).toBe(shard);
      expect(shard).toBeGreaterThanOrEqual(0);
      expect(shard).toBeLessThan(shards);
    }
  });
});

describe('DynamoDbStore.createConsultation', () => {
  it('creates the consultation only if absent, listed in the consultations index', async () => {
    doc.on(PutCommand).resolves({});
    const consultation = anOpenConsultation();

    const created = await aStore().createConsultation(consultation);

    expect(created).toBe(true);
    expect(doc).toHaveReceivedCommandWith(PutCommand, {
      TableName: TABLE,
      Item: {
        pk: 'CONS#transit-safety-2026',
        sk: 'META',
        gsi1pk: 'CONSULTATIONS',
        gsi1sk: `${consultation.opensAt}#transit-safety-2026`,
        entity: 'consultation',
        ...consultation,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('answers false when the consultation already exists', async () => {
    doc.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));

    expect(await aStore().createConsultation(anOpenConsultation())).toBe(false);
  });

  it('turns other failures into StoreUnavailableError', async () => {
    doc.on(PutCommand).rejects(new Error('boom'));

    await expect(aStore().createConsultation(anOpenConsultation())).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
  });
});

describe('DynamoDbStore reads', () => {
  it('reads a consultation back without its key attributes', async () => {
    const consultation = anOpenConsultation();
    doc.on(GetCommand).resolves({
      Item: {
        ...keys.consultation(consultation.id),
        gsi1pk: 'CONSULTATIONS',
        gsi1sk: 'x',
        entity: 'consultation',
        ...consultation,
      },
    });

    expect(await aStore().getConsultation(consultation.id)).toEqual(consultation);
  });

  it('pages through the consultations index', async () => {
    const a = anOpenConsultation({ id: 'first-2026' });
    const b = anOpenConsultation({ id: 'second-2026' });
    doc
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ ...keys.consultation(a.id), ...a }], LastEvaluatedKey: { pk: 'x', sk: 'y' } })
      .resolvesOnce({ Items: [{ ...keys.consultation(b.id), ...b }] });

    const list = await aStore().listConsultations();

    expect(list.map((c) => c.id)).toEqual(['first-2026', 'second-2026']);
    expect(doc).toHaveReceivedCommandTimes(QueryCommand, 2);
    expect(doc.commandCalls(QueryCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual({ pk: 'x', sk: 'y' });
  });

  it('finds a comment by receipt through the receipt pointer with consistent reads', async () => {
    // Prepare
    const comment = aComment();
    const commentKey = keys.comment(comment.consultationId, 3, comment.id);
    doc
      .on(GetCommand, { Key: keys.receipt(comment.receipt) })
      .resolves({
        Item: { ...keys.receipt(comment.receipt), commentPk: commentKey.pk, commentSk: commentKey.sk },
      })
      .on(GetCommand, { Key: commentKey })
      .resolves({ Item: { ...commentKey, gsi1pk: 'g', gsi1sk: 'g', entity: 'comment', ...comment } });

    // Act
    const found = await aStore().findCommentByReceipt(comment.receipt);

    // Assess
    expect(found).toEqual(comment);
    for (const call of doc.commandCalls(GetCommand)) expect(call.args[0].input.ConsistentRead).toBe(true);
  });

  it('finds nothing for an unknown receipt', async () => {
    doc.on(GetCommand).resolves({});

    expect(await aStore().findCommentByReceipt('ABCD-EFGH-JKMN')).toBeUndefined();
    expect(doc).toHaveReceivedCommandTimes(GetCommand, 1);
  });

  it('sums the counter shards of a consultation', async () => {
    doc.on(QueryCommand).resolves({ Items: [{ n: 3 }, { n: 4 }, { n: 13 }] });

    expect(await aStore().countComments('transit-safety-2026')).toBe(20);
    expect(doc).toHaveReceivedCommandWith(QueryCommand, {
      ExpressionAttributeValues: { ':pk': 'CONS#transit-safety-2026', ':prefix': 'COUNT#ALL#' },
    });
  });

  it('turns a failed read into StoreUnavailableError', async () => {
    doc.on(GetCommand).rejects(new Error('network down'));

    await expect(aStore().getConsultation('transit-safety-2026')).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
  });
});

describe('DynamoDbStore.countComment', () => {
  it('adds one to the consultation total and to the article, on the same counter shard', async () => {
    doc.on(UpdateCommand).resolves({});
    const shard = shardOf('01JCXYZ0000000000000000000', OPTIONS.counterShards);

    await aStore().countComment('transit-safety-2026', 'art-5', '01JCXYZ0000000000000000000');

    expect(doc).toHaveReceivedCommandTimes(UpdateCommand, 2);
    const counted = doc.commandCalls(UpdateCommand).map((c) => c.args[0].input.Key);
    expect(counted).toEqual(
      expect.arrayContaining([
        { pk: 'CONS#transit-safety-2026', sk: `COUNT#ALL#S${shard}` },
        { pk: 'CONS#transit-safety-2026', sk: `COUNT#art-5#S${shard}` },
      ]),
    );
    expect(doc).toHaveReceivedCommandWith(UpdateCommand, {
      UpdateExpression: 'ADD #n :one SET entity = :entity',
    });
  });

  it('counts a whole-draft comment under DRAFT', async () => {
    doc.on(UpdateCommand).resolves({});

    await aStore().countComment('transit-safety-2026', null, 'id');

    const scopes = doc.commandCalls(UpdateCommand).map((c) => String(c.args[0].input.Key?.sk).split('#')[1]);
    expect(scopes.sort()).toEqual(['ALL', 'DRAFT']);
  });
});
