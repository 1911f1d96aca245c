import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CONTENT_DIR, readPublishedConsultations } from '../../scripts/local/content.ts';
import { seedConsultations } from '../../scripts/local/seed.ts';
import { statusAt } from '../../shared/consultation/consultation.ts';
import { endOfDayInShanghai } from '../../shared/consultation/register.ts';
import { articlesOf } from '../../shared/draft/schema.ts';
import type { CommentIntake } from '../../shared/ports.ts';
import { shardOf } from '../../shared/store/dynamodb/keys.ts';
import { ensureTable } from '../../shared/store/dynamodb/table.ts';
import { aFreshTable } from '../support/dynamodb.ts';
import { aComment, anOpenConsultation, daysFrom } from '../support/factories.ts';

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

describe('seeding after a re-import of the same draft version', () => {
  it('takes the English translation added to the version the consultation is on (another draftHash)', async () => {
    // Prepare: the consultation was first registered from the Chinese text alone
    const fresh = await aFreshTable(inject('dynamoEndpoint'), 'seed-hash-it');
    const chineseOnly = mkdtempSync(join(tmpdir(), 'yijian-content-'));
    cpSync(CONTENT_DIR, chineseOnly, { recursive: true });
    const [sample] = readPublishedConsultations();
    if (sample?.drafts.en === undefined) throw new Error('the sample needs its English translation');
    rmSync(join(chineseOnly, 'drafts', sample.entry.draftId, `v${sample.entry.draftVersion}.en.json`));
    try {
      await seedConsultations(fresh.store, new Date(), chineseOnly);
      const before = await fresh.store.getConsultation(sample.entry.id);

      // Act
      const result = await seedConsultations(fresh.store, daysFrom(new Date(), 1));

      // Assess
      const after = await fresh.store.getConsultation(sample.entry.id);
      expect(before?.title.en).toBe(sample.drafts.zh.title);
      expect(result).toEqual({ created: [], revised: [sample.entry.id] });
      expect(after?.draftVersion).toBe(before?.draftVersion);
      expect(after?.title.en).toBe(sample.drafts.en.title);
      expect(after?.draftHash).not.toBe(before?.draftHash);
      expect({ opensAt: after?.opensAt, closesAt: after?.closesAt }).toEqual({
        opensAt: before?.opensAt,
        closesAt: before?.closesAt,
      });
      expect(await seedConsultations(fresh.store, daysFrom(new Date(), 2))).toEqual({
        created: [],
        revised: [],
      });
    } finally {
      await fresh.drop();
    }
  });
});

// What both adapters must do is in store-contract.test.ts; here is what only the table shows.
describe('DynamoDbStore against DynamoDB Local', () => {
  it('keeps contact details only in the contact item, with an expiry', async () => {
    // Prepare
    const consultation = anOpenConsultation({ id: 'store-contact-2026' }, new Date());
    await table.store.createConsultation(consultation);
    const comment = aComment({
      id: '01JD0000000000000000000002',
      consultationId: consultation.id,
      receipt: 'CNTC-CNTC-2345',
      submittedAt: new Date().toISOString(),
    });
    const contact = { email: 'citizen@example.cn', phone: '+86 138 0000 0000' };

    // Act
    await table.store.storeComment(anIntake({ comment, contact, contactExpiresAt: 1_912_345_678 }));

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
});
