import { Writable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  downloadNameOf,
  EXPORT_CONTENT_TYPES,
  type ExportDispatcher,
  type ExportJob,
} from '../../shared/export/jobs.ts';
import type { ExportPart, ExportTarget } from '../../shared/export/ports.ts';
import type { ExportDownloads } from '../staff-api/export-routes.ts';

/** S3's smallest part but the last; larger parts mean fewer requests for a million-row file. */
export const PART_BYTES = 8 * 1024 * 1024;
/** The presigned GET's lifetime: long enough to start the download, short enough not to be shared. */
export const DOWNLOAD_URL_SECONDS = 300;
/** Prefixes of the exports bucket: finished files, and the requests whose creation queues a job. */
export const EXPORTS_PREFIX = 'exports/';
export const REQUESTS_PREFIX = 'requests/';

/**
 * An export attempt as an S3 multipart upload: parts are uploaded as the writer produces them (memory stays
 * at one part), and the object exists only once CompleteMultipartUpload succeeds, so a crashed attempt
 * publishes nothing (the bucket's lifecycle rule aborts its stray upload) and a retry replaces the key whole.
 */
export function s3Target(
  client: S3Client,
  bucket: string,
  job: Pick<ExportJob, 'objectKey' | 'format'>,
): ExportTarget {
  const Key = `${EXPORTS_PREFIX}${job.objectKey}`;
  return {
    async open(): Promise<ExportPart> {
      const created = await client.send(
        new CreateMultipartUploadCommand({
          Bucket: bucket,
          Key,
          ContentType: EXPORT_CONTENT_TYPES[job.format],
          ServerSideEncryption: 'aws:kms',
        }),
      );
      const uploadId = created.UploadId;
      if (uploadId === undefined) throw new Error('S3 returned no upload id');
      const parts: { ETag: string; PartNumber: number }[] = [];
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      let bytes = 0;
      const upload = async () => {
        const body = Buffer.concat(pending);
        pending = [];
        pendingBytes = 0;
        const PartNumber = parts.length + 1;
        const answer = await client.send(
          new UploadPartCommand({ Bucket: bucket, Key, UploadId: uploadId, PartNumber, Body: body }),
        );
        if (answer.ETag === undefined) throw new Error(`S3 returned no ETag for part ${PartNumber}`);
        parts.push({ ETag: answer.ETag, PartNumber });
      };
      const stream = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          pending.push(chunk);
          pendingBytes += chunk.length;
          bytes += chunk.length;
          // Waiting for the part's upload is the writer's backpressure.
          if (pendingBytes >= PART_BYTES) upload().then(() => callback(), callback);
          else callback();
        },
        final(callback) {
          // The last part may be small; an empty file still needs one part.
          if (pendingBytes > 0 || parts.length === 0) upload().then(() => callback(), callback);
          else callback();
        },
      });
      let aborted = false;
      return {
        stream,
        async commit() {
          if (!stream.writableFinished)
            await new Promise<void>((resolve, reject) => {
              stream.once('finish', resolve);
              stream.once('error', reject);
            });
          await client.send(
            new CompleteMultipartUploadCommand({
              Bucket: bucket,
              Key,
              UploadId: uploadId,
              MultipartUpload: { Parts: parts },
            }),
          );
          return { location: `s3://${bucket}/${Key}`, bytes };
        },
        async abort() {
          stream.on('error', () => {});
          stream.destroy();
          if (aborted) return;
          aborted = true;
          await client
            .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key, UploadId: uploadId }))
            .catch((error: unknown) => {
              if (!(error instanceof Error && error.name === 'NoSuchUpload')) throw error;
            });
        },
      };
    },
  };
}

/** Downloads in AWS: after the staff API's checks (and audit), a 5-minute presigned GET of the object. */
export function s3Downloads(client: S3Client, bucket: string): ExportDownloads {
  return {
    async open(job) {
      const Key = `${EXPORTS_PREFIX}${job.objectKey}`;
      const found = await client
        .send(new HeadObjectCommand({ Bucket: bucket, Key }))
        .catch((error: unknown) => {
          if (error instanceof Error && (error.name === 'NotFound' || error.name === 'NoSuchKey'))
            return undefined;
          throw error;
        });
      if (found === undefined) return undefined;
      const url = await getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket: bucket,
          Key,
          ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(downloadNameOf(job))}`,
        }),
        { expiresIn: DOWNLOAD_URL_SECONDS },
      );
      return { kind: 'redirect', url };
    },
  };
}

/**
 * Queues a job by writing a small request object: the bucket notifies the export queue (SQS) of every
 * object created under requests/, so the staff API needs no queue client and only s3:PutObject on that
 * prefix. Each dispatch (a retry too) writes a new key, so each is a new notification.
 */
export function s3Dispatcher(client: S3Client, bucket: string, now: () => Date): ExportDispatcher {
  return {
    async dispatch(jobId) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `${REQUESTS_PREFIX}${jobId}/${now().getTime()}.json`,
          Body: JSON.stringify({ jobId }),
          ContentType: 'application/json',
          ServerSideEncryption: 'aws:kms',
        }),
      );
    },
  };
}
