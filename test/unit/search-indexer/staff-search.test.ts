import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { staffSearch } from '../../../functions/search-indexer/staff-search.ts';
import { aComment } from '../../support/factories.ts';
import { inMemoryBucket } from '../../support/s3-double.ts';
import { intakeItems } from '../../support/stream-records.ts';

const doc = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
const client = new DynamoDBClient({
  region: 'cn-north-1',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
});
const config = { tableName: 'yijian', region: 'cn-north-1', commentShards: 16 };
afterAll(() => {
  doc.restore();
  s3.restore();
});
beforeEach(() => {
  doc.reset();
  s3.reset();
});

describe('the staff API’s search in AWS', () => {
  it('is off without SEARCH_BUCKET (the list falls back to the bounded scan)', () => {
    expect(staffSearch({}, client, config, async () => 0)).toBeUndefined();
  });

  it('refuses a malformed bucket name at start-up', () => {
    expect(() => staffSearch({ SEARCH_BUCKET: 'Not A Bucket' }, client, config, async () => 0)).toThrow(
      'search configuration',
    );
  });

  it('seeds a never-fed index from the table once, then searches it from the bucket', async () => {
    const objects = inMemoryBucket(s3);
    const stored = [
      aComment({ id: '01JSTAFF000000000000000001', body: '建议延长末班地铁的运营时间', status: 'published' }),
      aComment({ id: '01JSTAFF000000000000000002', body: '末班公交经常提前发车', status: 'pending' }),
    ];
    doc.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, unknown> }) => ({
      Items: stored
        .map((c) => intakeItems(c)[0])
        .filter((item) => item?.pk === input.ExpressionAttributeValues[':p']),
    }));
    const wired = staffSearch({ SEARCH_BUCKET: 'yijian-search-test' }, client, config, async () => 2);
    if (wired === undefined) throw new Error('search not wired');
    await wired.ensureIndexed('transit-safety-2026');
    await wired.ensureIndexed('transit-safety-2026');
    // Sixteen partitions read once, one segment appended; the staff API never writes a snapshot.
    expect(doc.commandCalls(QueryCommand)).toHaveLength(16);
    expect([...objects.keys()]).toEqual(['transit-safety-2026/log/0000000001.jsonl']);
    expect(s3.commandCalls(PutObjectCommand).every((c) => c.args[0].input.IfNoneMatch === '*')).toBe(true);
    const page = await wired.search.search('transit-safety-2026', {
      q: '末班',
      status: ['published', 'pending'],
      limit: 10,
      cursor: null,
    });
    expect(page.hits.map((h) => h.id)).toEqual([stored[1]?.id, stored[0]?.id]);
  });
});
