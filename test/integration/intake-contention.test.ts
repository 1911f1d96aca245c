/**
 * Intake under real DynamoDB's transaction-conflict rule, which DynamoDB Local does not apply by itself
 * (support/transaction-conflicts.ts applies it to the client).
 */
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localClient } from '../../scripts/local/dynamodb-local.ts';
import { seedConsultations } from '../../scripts/local/seed.ts';
import { newCommentId } from '../../shared/comment/comment-id.ts';
import { newReceipt } from '../../shared/comment/receipt.ts';
import { systemClock } from '../../shared/ports.ts';
import { DynamoDbStore } from '../../shared/store/dynamodb/dynamodb-store.ts';
import { intakeTransaction } from '../../shared/store/dynamodb/intake.ts';
import { keys } from '../../shared/store/dynamodb/keys.ts';
import { anApi, postComment } from '../support/api.ts';
import { aFreshTable, STORE_OPTIONS, tablesOn } from '../support/dynamodb.ts';
import { aComment, aSubmission } from '../support/factories.ts';
import { withTransactionConflicts } from './support/transaction-conflicts.ts';

const SAMPLE = 'transit-safety-2026';
const CLIENTS = 16;
const COMMENTS = 200;

let table: Awaited<ReturnType<typeof aFreshTable>>;
let conflicts: ReturnType<typeof withTransactionConflicts>;
let store: DynamoDbStore;
let doc: DynamoDBDocumentClient;

beforeAll(async () => {
  const plain = await aFreshTable(inject('dynamoEndpoint'), 'contention-it');
  // A second client on the same table, with real DynamoDB's conflict rule applied.
  const client = localClient(inject('dynamoEndpoint'));
  conflicts = withTransactionConflicts(client);
  table = { ...tablesOn(client, plain.tableName), drop: plain.drop };
  store = new DynamoDbStore(client, { tableName: plain.tableName, ...STORE_OPTIONS });
  doc = DynamoDBDocumentClient.from(client);
  await seedConsultations(store, new Date());
});

afterAll(async () => {
  await table.drop();
});

/** Runs `total` jobs over `clients` concurrent workers, each sending its next as soon as the last is answered. */
async function inParallel<T>(clients: number, total: number, job: (n: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let n = next++; n < total; n = next++) results[n] = await job(n);
    }),
  );
  return results;
}

describe('the conflict rule of the test double', () => {
  it('cancels concurrent transactions that share an item, as a ConditionCheck on the consultation would', async () => {
    // Prepare: the intake as it was, with a ConditionCheck on the consultation in every transaction
    const before = { ...conflicts };
    const now = new Date();
    const send = (n: number) => {
      const comment = aComment({
        id: newCommentId(now),
        consultationId: SAMPLE,
        receipt: newReceipt(),
        body: `control ${n}`,
        submittedAt: now.toISOString(),
      });
      const { items } = intakeTransaction(
        table.tableName,
        { comment, contact: null, contactExpiresAt: 0, idempotency: null },
        16,
      );
      const windowCheck = {
        ConditionCheck: {
          TableName: table.tableName,
          Key: keys.consultation(SAMPLE),
          ConditionExpression: 'attribute_exists(pk)',
        },
      };
      return doc
        .send(new TransactWriteCommand({ TransactItems: [windowCheck, ...items] }))
        .then(() => 'stored' as const)
        .catch((error: Error) => error.name);
    };

    // Act
    const outcomes = await inParallel(CLIENTS, 64, send);

    // Assess
    const cancelled = outcomes.filter((o) => o === 'TransactionCanceledException').length;
    expect(cancelled).toBeGreaterThan(0);
    expect(conflicts.cancelled - before.cancelled).toBe(cancelled);
    expect(outcomes.filter((o) => o !== 'stored' && o !== 'TransactionCanceledException')).toEqual([]);
  });
});

describe('intake under the conflict rule', () => {
  it(`answers ${COMMENTS} concurrent comments from ${CLIENTS} clients all with 202 and stores each exactly once`, {
    timeout: 120_000,
  }, async () => {
    // Prepare
    const { app, logError } = anApi(store, systemClock);
    conflicts.conflictingItems.clear();
    const commentsBefore = (await table.itemsOf('comment')).filter((i) => i.consultationId === SAMPLE).length;
    const countBefore = await store.countComments(SAMPLE);

    // Act
    const answers = await inParallel(CLIENTS, COMMENTS, async (n) => {
      const response = await postComment(
        app,
        SAMPLE,
        aSubmission({ body: `并发意见 ${n}：建议增加夜间公交的安全员。` }),
        { 'Idempotency-Key': `contention-${n}` },
      );
      return { status: response.status, body: (await response.json()) as { receipt?: string } };
    });

    // Assess
    expect(answers.map((a) => a.status)).toEqual(Array(COMMENTS).fill(202));
    expect(logError).not.toHaveBeenCalled();
    const receipts = answers.map((a) => a.body.receipt);
    expect(new Set(receipts).size).toBe(COMMENTS);
    const comments = (await table.itemsOf('comment')).filter((i) => i.consultationId === SAMPLE);
    expect(comments.length - commentsBefore).toBe(COMMENTS);
    const stored = comments.map((c) => c.receipt);
    for (const receipt of receipts) expect(stored.filter((r) => r === receipt)).toHaveLength(1);
    const bodies = new Set(comments.map((c) => c.body));
    for (let n = 0; n < COMMENTS; n++)
      expect(bodies.has(`并发意见 ${n}：建议增加夜间公交的安全员。`)).toBe(true);
    // No intake transaction shared an item with another, so the rule never had to cancel one; only the
    // counter bumps (a transaction of a per-comment marker and the shard's counters) ever met, on counters.
    expect([...conflicts.conflictingItems].every((key) => key.includes('|COUNT#'))).toBe(true);
    expect(await store.countComments(SAMPLE)).toBe(countBefore + COMMENTS);
  });
});
