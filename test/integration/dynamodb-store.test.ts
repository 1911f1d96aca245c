import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readPublishedConsultations } from '../../scripts/local/content.ts';
import { seedConsultations } from '../../scripts/local/seed.ts';
import { statusAt } from '../../shared/consultation/consultation.ts';
import { endOfDayInShanghai } from '../../shared/consultation/register.ts';
import { articlesOf } from '../../shared/draft/schema.ts';
import type { CommentIntake } from '../../shared/ports.ts';
import { shardOf } from '../../shared/store/dynamodb/keys.ts';
import { ensureTable } from '../../shared/store/dynamodb/table.ts';
import { aFreshTable } from '../support/dynamodb.ts';
import { aClosedConsultation, aComment, anOpenConsultation, daysFrom } from '../support/factories.ts';

let table: Awaited<ReturnType<typeof aFreshTable>>;

beforeAll(async () => {
  table = await aFreshTable(inject('dynamoEndpoint'), 'store-it');
});

afterAll(async () => {
  await table.drop();
});

function anIntake(overrides: Partial<CommentIntake> = {}): CommentIntake {
  return {
    comment: aComment(),
    contact: null,
    contactExpiresAt: 1_900_000_000,
    idempotency: null,
    ...overrides,
  };
}

describe('the table', () => {
  it('has TTL enabled on expiresAt', async () => {
    const { TimeToLiveDescription } = await table.client.send(
      new DescribeTimeToLiveCommand({ TableName: table.tableName }),
    );

    expect(TimeToLiveDescription?.AttributeName).toBe('expiresAt');
    expect(TimeToLiveDescription?.TimeToLiveStatus).toMatch(/^ENABL(ED|ING)$/);
  });

  it('is left as it is by a second ensureTable', async () => {
    expect(await ensureTable(table.client, table.tableName)).toBe('existed');

    const { Table } = await table.client.send(new DescribeTableCommand({ TableName: table.tableName }));
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(['gsi1']);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
  });
});

describe('seeding the sample consultation', () => {
  const sample = readPublishedConsultations().find((c) => c.entry.id === 'transit-safety-2026');
  if (sample === undefined) throw new Error('the sample consultation is missing from site/src/content');

  it('creates it open until the end of the 30th day once, and a second seed creates nothing and keeps the window', async () => {
    // Prepare
    const firstStart = new Date();
    const restartedLater = daysFrom(firstStart, 3);

    // Act
    const first = await seedConsultations(table.store, firstStart);
    const before = await table.store.getConsultation('transit-safety-2026');
    const second = await seedConsultations(table.store, restartedLater);
    const after = await table.store.getConsultation('transit-safety-2026');

    // Assess
    expect(first).toEqual({ created: ['transit-safety-2026'], revised: [] });
    expect(second).toEqual({ created: [], revised: [] });
    expect(after).toEqual(before);
    expect(after?.opensAt).toBe(firstStart.toISOString());
    expect(after?.closesAt).toBe(endOfDayInShanghai(firstStart, 30).toISOString());
    expect(after?.articleIds).toEqual(articlesOf(sample.drafts.zh).map((a) => a.id));
    expect(statusAt(after ?? anOpenConsultation(), restartedLater)).toBe('open');
    expect(await table.itemsOf('consultation')).toHaveLength(1);
    expect((await table.store.listConsultations()).map((c) => c.id)).toContain('transit-safety-2026');
  });
});

describe('revising the draft of a consultation', () => {
  it('moves it to a newer version once, keeping its window, and stamps later comments with that version', async () => {
    // Prepare
    const consultation = anOpenConsultation({ id: 'store-revise-2026', draftVersion: 1 }, new Date());
    await table.store.createConsultation(consultation);
    const revision = {
      draftVersion: 2,
      draftHash: 'second-draft-hash',
      articleIds: ['art-1', 'art-2', 'art-3'],
      title: { zh: '第二次征求意见稿', en: 'Second draft' },
    };

    // Act
    const first = await table.store.reviseDraft(consultation.id, revision);
    const again = await table.store.reviseDraft(consultation.id, revision);
    const backwards = await table.store.reviseDraft(consultation.id, { ...revision, draftVersion: 1 });
    const unknown = await table.store.reviseDraft('no-such-consultation', revision);

    // Assess
    expect([first, again, backwards, unknown]).toEqual([true, false, false, false]);
    expect(await table.store.getConsultation(consultation.id)).toEqual({ ...consultation, ...revision });
  });
});

describe('DynamoDbStore against DynamoDB Local', () => {
  it('stores a comment and finds it by receipt', async () => {
    // Prepare
    const consultation = anOpenConsultation({ id: 'store-find-2026' }, new Date());
    await table.store.createConsultation(consultation);
    const comment = aComment({
      id: '01JD0000000000000000000001',
      consultationId: consultation.id,
      receipt: 'FIND-FIND-2345',
    });

    // Act
    const outcome = await table.store.storeComment(anIntake({ comment }), new Date());

    // Assess
    expect(outcome).toEqual({ kind: 'stored' });
    expect(await table.store.findCommentByReceipt('FIND-FIND-2345')).toEqual(comment);
  });

  it('keeps contact details only in the contact item, with an expiry', async () => {
    // Prepare
    const consultation = anOpenConsultation({ id: 'store-contact-2026' }, new Date());
    await table.store.createConsultation(consultation);
    const comment = aComment({
      id: '01JD0000000000000000000002',
      consultationId: consultation.id,
      receipt: 'CNTC-CNTC-2345',
    });
    const contact = { email: 'citizen@example.cn', phone: '+86 138 0000 0000' };

    // Act
    await table.store.storeComment(
      anIntake({ comment, contact, contactExpiresAt: 1_912_345_678 }),
      new Date(),
    );

    // Assess
    const items = await table.scan();
    const holding = items.filter((item) => JSON.stringify(item).includes('citizen@example.cn'));
    expect(holding).toEqual([
      {
        pk: `CONTACT#${comment.id}`,
        sk: 'CONTACT',
        // Indexed per consultation so a window change can recompute retention (staff-keys.ts S6).
        gsi1pk: `CONTACTS#${consultation.id}#S${shardOf(comment.id, 16)}`,
        gsi1sk: comment.id,
        entity: 'contact',
        consultationId: consultation.id,
        email: 'citizen@example.cn',
        phone: '+86 138 0000 0000',
        expiresAt: 1_912_345_678,
      },
    ]);
    expect(items.filter((item) => JSON.stringify(item).includes('138 0000'))).toHaveLength(1);
  });

  it('refuses a comment outside the window and writes nothing', async () => {
    // Prepare
    const consultation = aClosedConsultation({ id: 'store-closed-2026' }, new Date());
    await table.store.createConsultation(consultation);
    const before = (await table.scan()).length;
    const comment = aComment({
      id: '01JD0000000000000000000003',
      consultationId: consultation.id,
      receipt: 'CLSD-CLSD-2345',
    });

    // Act
    const outcome = await table.store.storeComment(
      anIntake({
        comment,
        contact: { email: 'x@example.cn' },
        idempotency: { key: 'k', requestHash: 'h', expiresAt: 1 },
      }),
      new Date(),
    );

    // Assess
    expect(outcome).toEqual({ kind: 'window-not-open' });
    expect(await table.scan()).toHaveLength(before);
  });

  it('refuses a comment on a consultation that does not exist', async () => {
    const comment = aComment({
      id: '01JD0000000000000000000004',
      consultationId: 'ghost-2026',
      receipt: 'GHST-GHST-2345',
    });

    expect(await table.store.storeComment(anIntake({ comment }), new Date())).toEqual({
      kind: 'window-not-open',
    });
    expect(await table.store.findCommentByReceipt('GHST-GHST-2345')).toBeUndefined();
  });

  it('never issues a receipt twice', async () => {
    // Prepare
    const consultation = anOpenConsultation({ id: 'store-receipt-2026' }, new Date());
    await table.store.createConsultation(consultation);
    const first = aComment({
      id: '01JD0000000000000000000005',
      consultationId: consultation.id,
      receipt: 'TWCE-TWCE-2345',
    });
    const second = { ...first, id: '01JD0000000000000000000006', body: 'another comment' };
    await table.store.storeComment(anIntake({ comment: first }), new Date());

    // Act
    const outcome = await table.store.storeComment(anIntake({ comment: second }), new Date());

    // Assess
    expect(outcome).toEqual({ kind: 'receipt-taken' });
    expect(await table.store.findCommentByReceipt('TWCE-TWCE-2345')).toEqual(first);
  });

  it('refuses a second intake with a taken Idempotency-Key, atomically', async () => {
    // Prepare
    const consultation = anOpenConsultation({ id: 'store-idem-2026' }, new Date());
    await table.store.createConsultation(consultation);
    const idempotency = { key: 'same-key', requestHash: 'h1', expiresAt: 1_900_000_000 };
    const first = aComment({
      id: '01JD0000000000000000000007',
      consultationId: consultation.id,
      receipt: 'IDEM-AAAA-2345',
    });
    const second = aComment({
      id: '01JD0000000000000000000008',
      consultationId: consultation.id,
      receipt: 'IDEM-BBBB-2345',
    });
    await table.store.storeComment(anIntake({ comment: first, idempotency }), new Date());

    // Act
    const outcome = await table.store.storeComment(
      anIntake({
        comment: second,
        idempotency: { ...idempotency, requestHash: 'h2' },
        contact: { email: 'b@example.cn' },
      }),
      new Date(),
    );

    // Assess
    expect(outcome).toEqual({ kind: 'idempotency-key-taken' });
    expect(await table.store.findCommentByReceipt('IDEM-BBBB-2345')).toBeUndefined();
    expect(await table.store.getIdempotencyRecord(consultation.id, 'same-key')).toEqual({
      requestHash: 'h1',
      receipt: 'IDEM-AAAA-2345',
    });
    expect((await table.itemsOf('contact')).filter((i) => i.email === 'b@example.cn')).toHaveLength(0);
  });
});
