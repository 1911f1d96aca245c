import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aComment } from '../../support/factories.ts';
import { inMemoryBucket } from '../../support/s3-double.ts';
import { intakeItems, streamRecord } from '../../support/stream-records.ts';

const doc = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
let handler: (event: unknown) => Promise<unknown>;
const savedEnv = { ...process.env };
let objects: Map<string, Uint8Array>;

beforeAll(async () => {
  process.env.TABLE_NAME = 'yijian-indexer-test';
  process.env.SEARCH_BUCKET = 'yijian-search-test';
  process.env.AWS_REGION = 'cn-north-1';
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  process.env.DYNAMODB_ENDPOINT = 'http://127.0.0.1:9';
  process.env.LOG_LEVEL = 'SILENT';
  ({ handler } = await import('../../../functions/search-indexer/handler.ts'));
});
afterAll(() => {
  process.env = savedEnv;
  doc.restore();
  s3.restore();
});
beforeEach(() => {
  doc.reset();
  s3.reset();
  objects = inMemoryBucket(s3);
  // The table: counters read as zero, every comment partition holds the one comment given below.
  doc.on(GetCommand).resolves({});
  doc.on(QueryCommand).resolves({ Items: [] });
});

const stored = aComment({ id: '01JHANDLER0000000000000001', body: '地铁换乘通道太长，建议增设自动步道。' });

describe('search indexer handler', () => {
  it('answers a stream batch with its partial failures and writes one segment per consultation', async () => {
    const good = streamRecord('INSERT', { newItem: intakeItems(stored)[0] ?? {} });
    const bad = streamRecord('INSERT', {
      newItem: { ...(intakeItems(aComment({ id: '01JHANDLER0000000000000002' }))[0] ?? {}), stance: 'none' },
    });
    const answer = await handler({ Records: [good, bad] });
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: bad.dynamodb.SequenceNumber }] });
    expect([...objects.keys()].filter((k) => k.includes('/log/'))).toEqual([
      'transit-safety-2026/log/0000000001.jsonl',
    ]);
  });

  it('reseeds a consultation on request from every stored comment', async () => {
    doc.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, unknown> }) => ({
      Items: String(input.ExpressionAttributeValues[':p']).endsWith(`#S${shardOfStored()}`)
        ? [intakeItems(stored)[0]]
        : [],
    }));
    expect(await handler({ reseed: 'transit-safety-2026' })).toEqual({ reseeded: 1 });
    const segments = [...objects.entries()].filter(([k]) => k.startsWith('transit-safety-2026/log/'));
    expect(new TextDecoder().decode(segments.at(-1)?.[1])).toContain('自动步道');
  });

  it('refuses an event that is neither a stream batch nor a reseed request', async () => {
    await expect(handler({ reseed: '../other' })).rejects.toThrow();
    await expect(handler({ Records: 'none' })).rejects.toThrow();
  });
});

function shardOfStored(): string {
  const item = intakeItems(stored)[0];
  return String(item?.pk).split('#S')[1] ?? '';
}
