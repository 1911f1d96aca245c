import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DOWNLOAD_URL_SECONDS,
  PART_BYTES,
  s3Dispatcher,
  s3Downloads,
  s3Target,
} from '../../../functions/export/s3.ts';
import { jobIdsOf } from '../../../functions/export/sqs-event.ts';
import type { ExportJob } from '../../../shared/export/jobs.ts';

const s3 = mockClient(S3Client);
const client = new S3Client({
  region: 'cn-north-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
});
const BUCKET = 'yijian-exports-test';
const JOB = { objectKey: 'transit-safety-2026/01JEXP0000000000000000PUB1.csv', format: 'csv' } as const;

beforeEach(() => {
  s3.reset();
  s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-1' });
  s3.on(UploadPartCommand).callsFake((input: { PartNumber: number }) => ({
    ETag: `"etag-${input.PartNumber}"`,
  }));
  s3.on(CompleteMultipartUploadCommand).resolves({});
  s3.on(AbortMultipartUploadCommand).resolves({});
});

async function write(stream: NodeJS.WritableStream, chunks: Buffer[]) {
  await pipeline(Readable.from(chunks), stream);
}

describe('S3 export target (multipart upload)', () => {
  it('uploads parts of at least 8 MB as the writer produces them and publishes them in order on commit', async () => {
    const part = await s3Target(client, BUCKET, JOB).open();
    const chunk = Buffer.alloc(3 * 1024 * 1024, 0x61);
    await write(part.stream, [chunk, chunk, chunk, chunk, chunk, chunk, Buffer.from('tail')]);
    const published = await part.commit();

    const created = s3.commandCalls(CreateMultipartUploadCommand)[0]?.args[0].input;
    expect(created).toMatchObject({
      Bucket: BUCKET,
      Key: `exports/${JOB.objectKey}`,
      ServerSideEncryption: 'aws:kms',
    });
    const parts = s3.commandCalls(UploadPartCommand).map((c) => c.args[0].input);
    expect(parts.map((p) => p.PartNumber)).toEqual([1, 2, 3]);
    const sizes = parts.map((p) => (p.Body as Buffer).length);
    expect(sizes.slice(0, 2).every((n) => n >= PART_BYTES)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(6 * chunk.length + 4);
    const completed = s3.commandCalls(CompleteMultipartUploadCommand)[0]?.args[0].input;
    expect(completed?.MultipartUpload?.Parts).toEqual([
      { ETag: '"etag-1"', PartNumber: 1 },
      { ETag: '"etag-2"', PartNumber: 2 },
      { ETag: '"etag-3"', PartNumber: 3 },
    ]);
    expect(published).toEqual({
      location: `s3://${BUCKET}/exports/${JOB.objectKey}`,
      bytes: 6 * chunk.length + 4,
    });
    expect(s3.commandCalls(AbortMultipartUploadCommand)).toHaveLength(0);
  });

  it('a failed attempt aborts its upload and never completes it, so nothing is published', async () => {
    const part = await s3Target(client, BUCKET, JOB).open();
    part.stream.write(Buffer.from('half a file'));
    await part.abort();
    await part.abort();
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
    expect(s3.commandCalls(AbortMultipartUploadCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: BUCKET, Key: `exports/${JOB.objectKey}`, UploadId: 'upload-1' },
    ]);
  });

  it('a part that fails to upload fails the writer', async () => {
    s3.on(UploadPartCommand).rejects(new Error('SlowDown'));
    const part = await s3Target(client, BUCKET, JOB).open();
    await expect(write(part.stream, [Buffer.alloc(PART_BYTES)])).rejects.toThrow('SlowDown');
  });
});

describe('S3 downloads and dispatch', () => {
  const job = {
    jobId: '01JEXP0000000000000000PUB1',
    consultationId: 'transit-safety-2026',
    variant: 'public',
    requestedAt: '2026-11-15T08:00:00.000Z',
    ...JOB,
  } as ExportJob;

  it('answers a presigned GET of the object valid for 5 minutes, naming the file', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: 10 });
    const download = await s3Downloads(client, BUCKET).open(job);
    if (download?.kind !== 'redirect') throw new Error('expected a redirect');
    const url = new URL(download.url);
    expect(url.hostname).toContain(BUCKET);
    expect(url.pathname).toBe(`/exports/${JOB.objectKey}`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe(String(DOWNLOAD_URL_SECONDS));
    expect(url.searchParams.get('response-content-disposition')).toContain('attachment');
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });

  it('a file the lifecycle rule has removed is undefined (the route answers 404)', async () => {
    s3.on(HeadObjectCommand).rejects(Object.assign(new Error('not found'), { name: 'NotFound' }));
    expect(await s3Downloads(client, BUCKET).open(job)).toBeUndefined();
  });

  it('dispatch writes a request object whose notification names the job', async () => {
    s3.on(PutObjectCommand).resolves({});
    await s3Dispatcher(client, BUCKET, () => new Date(1_000)).dispatch(job.jobId);
    const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put?.Key).toBe(`requests/${job.jobId}/1000.json`);
    const notification = JSON.stringify({
      Records: [{ eventName: 'ObjectCreated:Put', s3: { object: { key: put?.Key } } }],
    });
    expect(jobIdsOf(notification)).toEqual([job.jobId]);
  });

  it('the worker ignores S3 test events and refuses other messages', () => {
    expect(jobIdsOf(JSON.stringify({ Event: 's3:TestEvent' }))).toEqual([]);
    expect(() => jobIdsOf('not json')).toThrow();
    expect(() =>
      jobIdsOf(
        JSON.stringify({
          Records: [{ eventName: 'ObjectCreated:Put', s3: { object: { key: 'exports/x.csv' } } }],
        }),
      ),
    ).toThrow('not an export request');
  });
});
