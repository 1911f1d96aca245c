import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3SearchIndexStorage, segmentKey } from '../../../functions/search-indexer/s3-storage.ts';
import { inMemoryBucket } from '../../support/s3-double.ts';
import { storageContract } from '../search/storage-contract.ts';

const s3 = mockClient(S3Client);
const client = new S3Client({
  region: 'cn-north-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
});
const BUCKET = 'yijian-search-test';
const ID = 'transit-safety-2026';
const bytes = (text: string) => new TextEncoder().encode(text);
const failure = (name: string, httpStatusCode: number) =>
  new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode }, message: name });

beforeEach(() => {
  s3.reset();
});

// The same contract as the local files, through a faithful in-memory bucket behind the SDK mock.
storageContract('S3 (in-memory bucket)', () => {
  s3.reset();
  inMemoryBucket(s3);
  return new S3SearchIndexStorage(client, BUCKET);
});

describe('S3 search storage: keys and conditional writes', () => {
  it('creates a segment with If-None-Match: * under <index>/log/, zero-padded so listing order is numeric', async () => {
    s3.on(PutObjectCommand).resolves({});
    expect(await new S3SearchIndexStorage(client, BUCKET).appendSegment(ID, 42, bytes('{}\n'))).toBe(true);
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: BUCKET,
      Key: 'transit-safety-2026/log/0000000042.jsonl',
      IfNoneMatch: '*',
    });
  });

  it('reports the lost race (412 PreconditionFailed) as false, so the writer reads the winner and moves on', async () => {
    s3.on(PutObjectCommand).rejects(failure('PreconditionFailed', 412));
    expect(await new S3SearchIndexStorage(client, BUCKET).appendSegment(ID, 7, bytes('{}\n'))).toBe(false);
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 1);
  });

  it('retries a 409 ConditionalRequestConflict, as S3 asks, and then learns the outcome', async () => {
    s3.on(PutObjectCommand)
      .rejectsOnce(failure('ConditionalRequestConflict', 409))
      .rejectsOnce(failure('ConditionalRequestConflict', 409))
      .resolves({});
    expect(await new S3SearchIndexStorage(client, BUCKET).appendSegment(ID, 7, bytes('{}\n'))).toBe(true);
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 3);
  });

  it('turns any other failure into StoreUnavailableError (503), never a lost race', async () => {
    s3.on(PutObjectCommand).rejects(failure('AccessDenied', 403));
    await expect(
      new S3SearchIndexStorage(client, BUCKET).appendSegment(ID, 7, bytes('x')),
    ).rejects.toMatchObject({
      kind: 'store-unavailable',
    });
    s3.on(GetObjectCommand).rejects(failure('InternalError', 500));
    await expect(new S3SearchIndexStorage(client, BUCKET).readSnapshot(ID)).rejects.toMatchObject({
      kind: 'store-unavailable',
    });
  });

  it('writes and reads the snapshot at <index>/snapshot.bin; a missing one is undefined', async () => {
    s3.on(GetObjectCommand).rejects(
      new NoSuchKey({ $metadata: { httpStatusCode: 404 }, message: 'missing' }),
    );
    s3.on(PutObjectCommand).resolves({});
    const storage = new S3SearchIndexStorage(client, BUCKET);
    expect(await storage.readSnapshot(ID)).toBeUndefined();
    await storage.writeSnapshot(ID, bytes('snapshot'));
    const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put).toMatchObject({ Bucket: BUCKET, Key: 'transit-safety-2026/snapshot.bin' });
    // A snapshot replaces the old one: no condition on it.
    expect(put?.IfNoneMatch).toBeUndefined();
  });
});

describe('S3 search storage: listing', () => {
  it('follows ListObjectsV2 continuation tokens and starts after the last segment read', async () => {
    s3.on(ListObjectsV2Command)
      .resolvesOnce({
        Contents: [{ Key: segmentKey(ID, 4) }, { Key: segmentKey(ID, 5) }],
        IsTruncated: true,
        NextContinuationToken: 'page-2',
      })
      .resolvesOnce({ Contents: [{ Key: segmentKey(ID, 6) }], IsTruncated: false });
    s3.on(GetObjectCommand).callsFake((input: { Key: string }) => ({
      Body: { transformToByteArray: async () => bytes(input.Key) },
    }));
    const segments = await new S3SearchIndexStorage(client, BUCKET).readSegments(ID, 3);
    expect(segments.map((s) => s.seq)).toEqual([4, 5, 6]);
    const lists = s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input);
    expect(lists).toEqual([
      expect.objectContaining({ Prefix: `${ID}/log/`, StartAfter: segmentKey(ID, 3) }),
      expect.objectContaining({ Prefix: `${ID}/log/`, ContinuationToken: 'page-2' }),
    ]);
    expect(lists[1]?.StartAfter).toBeUndefined();
  });

  it('pages through 2,500 segments with S3’s own page size', async () => {
    const objects = inMemoryBucket(s3);
    for (let seq = 1; seq <= 2500; seq++) objects.set(segmentKey(ID, seq), bytes(`s${seq}`));
    const segments = await new S3SearchIndexStorage(client, BUCKET).readSegments(ID, 0);
    expect(segments).toHaveLength(2500);
    expect(segments.every((s, i) => s.seq === i + 1)).toBe(true);
    expect(s3).toHaveReceivedCommandTimes(ListObjectsV2Command, 3);
  });

  it('skips a segment a compaction deleted between the listing and the read', async () => {
    s3.on(ListObjectsV2Command).resolves({
      Contents: [{ Key: segmentKey(ID, 1) }, { Key: segmentKey(ID, 2) }],
      IsTruncated: false,
    });
    s3.on(GetObjectCommand, { Key: segmentKey(ID, 1) }).rejects(
      new NoSuchKey({ $metadata: { httpStatusCode: 404 }, message: 'gone' }),
    );
    s3.on(GetObjectCommand, { Key: segmentKey(ID, 2) }).resolves({
      Body: Object.assign(new ReadableStream(), {
        transformToByteArray: async () => bytes('two'),
        transformToString: async () => 'two',
        transformToWebStream: () => new ReadableStream(),
      }),
    });
    const segments = await new S3SearchIndexStorage(client, BUCKET).readSegments(ID, 0);
    expect(segments.map((s) => s.seq)).toEqual([2]);
  });
});

describe('S3 search storage: compaction', () => {
  it('deletes the segments through a number in batches of 1,000 and stops listing at the first one kept', async () => {
    const objects = inMemoryBucket(s3);
    for (let seq = 1; seq <= 2600; seq++) objects.set(segmentKey(ID, seq), bytes(`s${seq}`));
    objects.set(`${ID}/snapshot.bin`, bytes('snapshot'));
    await new S3SearchIndexStorage(client, BUCKET, { listPageSize: 1000 }).deleteSegments(ID, 2536);
    const deletes = s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input.Delete?.Objects?.length);
    expect(deletes).toEqual([1000, 1000, 536]);
    expect([...objects.keys()].sort()).toEqual([
      `${ID}/log/0000002537.jsonl`,
      ...Array.from({ length: 63 }, (_, i) => segmentKey(ID, 2538 + i)),
      `${ID}/snapshot.bin`,
    ]);
    // The third page (keys 2001–2600) holds the first key to keep: no fourth listing.
    expect(s3).toHaveReceivedCommandTimes(ListObjectsV2Command, 3);
  });

  it('reports keys S3 could not delete instead of pretending the log was compacted', async () => {
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: segmentKey(ID, 1) }], IsTruncated: false });
    s3.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: segmentKey(ID, 1), Code: 'AccessDenied' }] });
    await expect(new S3SearchIndexStorage(client, BUCKET).deleteSegments(ID, 1)).rejects.toMatchObject({
      kind: 'store-unavailable',
      message: expect.stringContaining('AccessDenied'),
    });
  });

  it('deletes nothing when no segment is old enough', async () => {
    await new S3SearchIndexStorage(client, BUCKET).deleteSegments(ID, 0);
    expect(s3).toHaveReceivedCommandTimes(ListObjectsV2Command, 0);
    expect(s3).toHaveReceivedCommandTimes(DeleteObjectsCommand, 0);
  });
});
