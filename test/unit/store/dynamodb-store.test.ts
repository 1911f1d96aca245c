import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  InternalServerError,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Consultation } from '../../../shared/consultation/consultation.ts';
import { StoreRequestInvalidError, StoreUnavailableError } from '../../../shared/errors.ts';
import type { CommentIntake } from '../../../shared/ports.ts';
import { DynamoDbStore } from '../../../shared/store/dynamodb/dynamodb-store.ts';
import { keys, shardOf } from '../../../shared/store/dynamodb/keys.ts';
import { aComment, anOpenConsultation, NOW } from '../../support/factories.ts';

// The store wraps its client in DynamoDBDocumentClient.from(): mocking DynamoDBClient does not intercept
// the document client's sends, so the document client is what is mocked.
const doc = mockClient(DynamoDBDocumentClient);

const TABLE = 'yijian-test';
// No waiting between retries in unit tests; the jitter itself is tested in failures.test.ts.
const OPTIONS = {
  tableName: TABLE,
  commentShards: 16,
  counterShards: 8,
  retry: { attempts: 4, baseDelayMs: 0, maxDelayMs: 0 },
};

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

/** The consultation item as the consistent read before the write returns it. */
function consultationItem(overrides: Partial<Consultation> = {}) {
  const consultation = anOpenConsultation(overrides);
  return { Item: { ...keys.consultation(consultation.id), entity: 'consultation', ...consultation } };
}

function intakeItems() {
  return doc.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
}

describe('DynamoDbStore.storeComment', () => {
  beforeEach(() => {
    doc.on(GetCommand, { Key: keys.consultation('transit-safety-2026') }).resolves(consultationItem());
  });

  it('reads the window consistently, then writes only the items of that one comment', async () => {
    // Prepare
    doc.on(TransactWriteCommand).resolves({});
    const comment = aComment();
    const shard = shardOf(comment.id, OPTIONS.commentShards);

    // Act
    const outcome = await aStore().storeComment(anIntake());

    // Assess
    expect(outcome).toEqual({ kind: 'stored' });
    expect(doc).toHaveReceivedCommandWith(GetCommand, {
      Key: { pk: 'CONS#transit-safety-2026', sk: 'META' },
      ConsistentRead: true,
    });
    expect(doc).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    const items = intakeItems();
    expect(items).toHaveLength(3);
    expect(items.every((item) => item.ConditionCheck === undefined)).toBe(true);
    expect(JSON.stringify(items)).not.toContain('"sk":"META"');
    expect(items[0]?.Put).toEqual({
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
    expect(items[1]?.Put).toEqual({
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
    expect(items[2]?.Put).toEqual({
      TableName: TABLE,
      Item: {
        pk: 'IDEM#transit-safety-2026#key-1',
        sk: 'IDEM',
        entity: 'idempotency',
        requestHash: 'hash-1',
        receipt: 'ABCD-EFGH-JKMN',
        expiresAt: 1_700_000_000,
      },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': Math.floor(NOW.getTime() / 1000) },
    });
  });

  it('writes no idempotency item when no key was sent', async () => {
    doc.on(TransactWriteCommand).resolves({});

    await aStore().storeComment(anIntake({ idempotency: null }));

    expect(intakeItems().map((i) => i.Put?.Item?.entity)).toEqual(['comment', 'receipt']);
  });

  it('keeps contact details in their own item with an expiry, never in the comment', async () => {
    // Prepare
    doc.on(TransactWriteCommand).resolves({});
    const contact = { email: 'citizen@example.cn', phone: '13800000000' };

    // Act
    await aStore().storeComment(anIntake({ contact, contactExpiresAt: 1_812_345_678 }));

    // Assess
    const items = intakeItems();
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
    ['closed', { closesAt: NOW.toISOString() }],
    ['scheduled', { opensAt: new Date(NOW.getTime() + 1).toISOString() }],
    ['concluded', { concludedAt: NOW.toISOString() }],
  ] as const)(
    'refuses without writing when the consistent read shows the window %s at submittedAt',
    async (status, overrides) => {
      doc
        .on(GetCommand, { Key: keys.consultation('transit-safety-2026') })
        .resolves(consultationItem(overrides));

      const outcome = await aStore().storeComment(anIntake());

      expect(outcome).toEqual({ kind: 'window-not-open', status });
      expect(doc).toHaveReceivedCommandTimes(TransactWriteCommand, 0);
    },
  );

  it('compares instants, not strings: a close at 08:00:00Z is before a comment at 08:00:00.500Z', async () => {
    // As strings "…08:00:00Z" > "…08:00:00.500Z" ('Z' sorts after '.'), which would keep the window open.
    const closesAt = '2026-11-15T08:00:00Z';
    doc
      .on(GetCommand, { Key: keys.consultation('transit-safety-2026') })
      .resolves(consultationItem({ closesAt }));
    const comment = aComment({ submittedAt: '2026-11-15T08:00:00.500Z' });

    const outcome = await aStore().storeComment(anIntake({ comment }));

    expect(outcome).toEqual({ kind: 'window-not-open', status: 'closed' });
  });

  it('answers no-consultation when the consultation is gone', async () => {
    doc.on(GetCommand, { Key: keys.consultation('transit-safety-2026') }).resolves({});

    expect(await aStore().storeComment(anIntake())).toEqual({ kind: 'no-consultation' });
  });

  it.each([
    ['the idempotency record', [ok, ok, failed], 'idempotency-key-taken'],
    ['the idempotency record and the receipt', [ok, failed, failed], 'idempotency-key-taken'],
    ['the receipt', [ok, failed, ok], 'receipt-taken'],
  ])('reports a failed condition on %s', async (_case, reasons, kind) => {
    doc.on(TransactWriteCommand).rejects(cancelled(reasons));

    const outcome = await aStore().storeComment(anIntake());

    expect(outcome).toEqual({ kind });
  });

  it('reports a taken receipt when there is no idempotency item', async () => {
    doc.on(TransactWriteCommand).rejects(cancelled([ok, failed]));

    const outcome = await aStore().storeComment(anIntake({ idempotency: null }));

    expect(outcome).toEqual({ kind: 'receipt-taken' });
  });

  it.each([
    ['a transaction conflict', cancelled([ok, { Code: 'TransactionConflict' }, ok])],
    ['throttling inside the transaction', cancelled([{ Code: 'ThrottlingError' }, ok, ok])],
    ['a cancellation without reasons', cancelled([])],
    [
      'throughput exceeded',
      new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }),
    ],
    ['a throttled request', Object.assign(new Error('slow down'), { name: 'ThrottlingException' })],
    ['a request limit', Object.assign(new Error('limit'), { name: 'RequestLimitExceeded' })],
    ['an internal server error', new InternalServerError({ message: 'oops', $metadata: {} })],
    ['a 503', Object.assign(new Error('unavailable'), { $metadata: { httpStatusCode: 503 } })],
    ['a timeout', Object.assign(new Error('socket hang up'), { name: 'TimeoutError' })],
    ['a reset connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
  ])('retries %s with backoff and stores the comment once it passes', async (_case, error) => {
    doc.on(TransactWriteCommand).rejectsOnce(error).rejectsOnce(error).resolves({});

    const outcome = await aStore().storeComment(anIntake());

    expect(outcome).toEqual({ kind: 'stored' });
    expect(doc).toHaveReceivedCommandTimes(TransactWriteCommand, 3);
  });

  it.each([
    ['a transaction conflict', cancelled([ok, { Code: 'TransactionConflict' }, ok])],
    ['throttling', new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} })],
    ['a timeout', Object.assign(new Error('socket hang up'), { name: 'TimeoutError' })],
    ['a clash of comment ids', cancelled([failed, ok, ok])],
  ])('answers %s that outlasts the retries with a retryable StoreUnavailableError', async (_case, error) => {
    doc.on(TransactWriteCommand).rejects(error);

    const attempt = aStore().storeComment(anIntake());

    await expect(attempt).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(attempt).rejects.toMatchObject({ kind: 'store-unavailable', cause: error });
    expect(doc.commandCalls(TransactWriteCommand).length).toBeLessThanOrEqual(OPTIONS.retry.attempts);
  });

  it.each([
    [
      'a ValidationException',
      Object.assign(new Error('One or more parameter values were invalid'), {
        name: 'ValidationException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
      }),
    ],
    ['a validation error inside the transaction', cancelled([{ Code: 'ValidationError' }, ok, ok])],
    ['a value that cannot be marshalled', new Error('Unsupported type passed: function')],
    [
      'a missing table',
      Object.assign(new Error('Requested resource not found'), { name: 'ResourceNotFoundException' }),
    ],
  ])('answers %s as a bug at once: no retry, not a 503', async (_case, error) => {
    doc.on(TransactWriteCommand).rejects(error);

    const attempt = aStore().storeComment(anIntake());

    await expect(attempt).rejects.toBeInstanceOf(StoreRequestInvalidError);
    await expect(attempt).rejects.toMatchObject({ kind: 'store-request-invalid', cause: error });
    expect(doc).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('spreads comments over the configured shards', async () => {
    // Prepare
    doc.on(TransactWriteCommand).resolves({});
    const store = aStore();
    const { newCommentId } = await import('../../../shared/comment/comment-id.ts');

    // Act
    for (let i = 0; i < 400; i++) {
      const id = newCommentId(NOW);
      await store.storeComment(anIntake({ comment: aComment({ id }), idempotency: null }));
    }

    // Assess
    const partitions = doc
      .commandCalls(TransactWriteCommand)
      .map((call) => call.args[0].input.TransactItems?.[0]?.Put?.Item?.pk as string);
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

  it('turns a throttled write that outlasts the retries into StoreUnavailableError', async () => {
    doc
      .on(PutCommand)
      .rejects(new ProvisionedThroughputExceededException({ message: 'slow', $metadata: {} }));

    await expect(aStore().createConsultation(anOpenConsultation())).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    expect(doc).toHaveReceivedCommandTimes(PutCommand, OPTIONS.retry.attempts);
  });

  it('stores every instant in the one 24-character format', async () => {
    doc.on(PutCommand).resolves({});

    await aStore().createConsultation(
      anOpenConsultation({ opensAt: '2026-11-14T08:00:00Z', closesAt: '2026-12-15T00:00:00+08:00' }),
    );

    expect(doc).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({
        opensAt: '2026-11-14T08:00:00.000Z',
        closesAt: '2026-12-14T16:00:00.000Z',
        gsi1sk: '2026-11-14T08:00:00.000Z#transit-safety-2026',
      }),
    });
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

  it('sums the counter shards of a consultation, each on its own partition', async () => {
    doc
      .on(GetCommand)
      .resolves({})
      .on(GetCommand, { Key: keys.counter('transit-safety-2026', 'ALL', 0) })
      .resolves({ Item: { n: 3 } })
      .on(GetCommand, { Key: keys.counter('transit-safety-2026', 'ALL', 5) })
      .resolves({ Item: { n: 4 } })
      .on(GetCommand, { Key: keys.counter('transit-safety-2026', 'ALL', 7) })
      .resolves({ Item: { n: 13 } });

    expect(await aStore().countComments('transit-safety-2026')).toBe(20);
    const read = doc.commandCalls(GetCommand).map((call) => call.args[0].input.Key?.pk);
    expect(read.sort()).toEqual(
      Array.from({ length: OPTIONS.counterShards }, (_, k) => `CONS#transit-safety-2026#C${k}`).sort(),
    );
  });

  it('turns a read that keeps failing on the network into StoreUnavailableError', async () => {
    doc.on(GetCommand).rejects(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));

    await expect(aStore().getConsultation('transit-safety-2026')).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
  });
});

describe('DynamoDbStore.countComment', () => {
  const bumpsOf = () =>
    (doc.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []).flatMap((item) =>
      item.Update === undefined ? [] : [item.Update],
    );

  it('adds one to the consultation total and to the article, on the same counter shard', async () => {
    doc.on(TransactWriteCommand).resolves({});
    const shard = shardOf('01JCXYZ0000000000000000000', OPTIONS.counterShards);

    await aStore().countComment('transit-safety-2026', 'art-5', '01JCXYZ0000000000000000000');

    expect(doc).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    expect(bumpsOf().map((u) => u.Key)).toEqual(
      expect.arrayContaining([
        { pk: `CONS#transit-safety-2026#C${shard}`, sk: 'COUNT#ALL' },
        { pk: `CONS#transit-safety-2026#C${shard}`, sk: 'COUNT#art-5' },
      ]),
    );
    expect(bumpsOf().every((u) => u.UpdateExpression === 'ADD #n :one SET entity = :entity')).toBe(true);
  });

  it('writes the bumps together with a marker only that comment has, on condition it is absent', async () => {
    doc.on(TransactWriteCommand).resolves({});

    await aStore().countComment('transit-safety-2026', null, '01JCXYZ0000000000000000000');

    const [marker] = doc.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(marker?.Put?.Item).toMatchObject(keys.counted('01JCXYZ0000000000000000000'));
    expect(marker?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
  });

  it('counts nothing and fails nothing when the comment was counted already (a retried bump)', async () => {
    doc.on(TransactWriteCommand).rejects(
      Object.assign(new Error('cancelled'), {
        name: 'TransactionCanceledException',
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }],
      }),
    );

    await expect(aStore().countComment('transit-safety-2026', 'art-5', 'id')).resolves.toBeUndefined();
    expect(doc).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('counts a whole-draft comment under DRAFT', async () => {
    doc.on(TransactWriteCommand).resolves({});

    await aStore().countComment('transit-safety-2026', null, 'id');

    const scopes = bumpsOf().map((u) => String(u.Key?.sk).split('#')[1]);
    expect(bumpsOf().every((u) => String(u.Key?.pk).includes('#C'))).toBe(true);
    expect(scopes.sort()).toEqual(['ALL', 'DRAFT']);
  });
});
