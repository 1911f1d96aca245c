import {
  DeleteObjectsCommand,
  type DeleteObjectsCommandInput,
  GetObjectCommand,
  type GetObjectCommandInput,
  ListObjectsV2Command,
  type ListObjectsV2CommandInput,
  NoSuchKey,
  PutObjectCommand,
  type PutObjectCommandInput,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { mockClient } from 'aws-sdk-client-mock';

type S3Mock = ReturnType<typeof mockClient>;

/**
 * An in-memory S3 bucket behind aws-sdk-client-mock, faithful in what the search storage relies on:
 * `If-None-Match: *` answered with 412 PreconditionFailed, GetObject of a missing key with NoSuchKey,
 * ListObjectsV2 in key order with Prefix, StartAfter, MaxKeys (1,000 at most) and continuation tokens,
 * and DeleteObjects of up to 1,000 keys.
 */
export function inMemoryBucket(s3: S3Mock) {
  const objects = new Map<string, Uint8Array>();
  s3.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
    const key = String(input.Key);
    if (input.IfNoneMatch === '*' && objects.has(key))
      throw new S3ServiceException({
        name: 'PreconditionFailed',
        $fault: 'client',
        $metadata: { httpStatusCode: 412 },
        message: 'At least one of the pre-conditions you specified did not hold',
      });
    if (!(input.Body instanceof Uint8Array)) throw new TypeError('the double stores byte bodies only');
    objects.set(key, new Uint8Array(input.Body));
    return { ETag: `"${objects.size}"` };
  });
  s3.on(GetObjectCommand).callsFake((input: GetObjectCommandInput) => {
    const bytes = objects.get(String(input.Key));
    if (bytes === undefined)
      throw new NoSuchKey({
        $metadata: { httpStatusCode: 404 },
        message: 'The specified key does not exist.',
      });
    const copy = new Uint8Array(bytes);
    return { Body: { transformToByteArray: async () => copy } };
  });
  s3.on(ListObjectsV2Command).callsFake((input: ListObjectsV2CommandInput) => {
    const max = Math.min(input.MaxKeys ?? 1000, 1000);
    const after =
      input.ContinuationToken === undefined
        ? (input.StartAfter ?? '')
        : Buffer.from(input.ContinuationToken, 'base64url').toString('utf8');
    const matching = [...objects.keys()]
      .filter((key) => key.startsWith(input.Prefix ?? '') && key > after)
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const page = matching.slice(0, max);
    const truncated = matching.length > max;
    return {
      Contents: page.map((Key) => ({ Key, Size: objects.get(Key)?.length ?? 0 })),
      KeyCount: page.length,
      IsTruncated: truncated,
      ...(truncated ? { NextContinuationToken: Buffer.from(page.at(-1) ?? '').toString('base64url') } : {}),
    };
  });
  s3.on(DeleteObjectsCommand).callsFake((input: DeleteObjectsCommandInput) => {
    const keys = (input.Delete?.Objects ?? []).map((o) => String(o.Key));
    if (keys.length > 1000) throw new Error('DeleteObjects takes at most 1,000 keys');
    for (const key of keys) objects.delete(key);
    return input.Delete?.Quiet === true ? {} : { Deleted: keys.map((Key) => ({ Key })) };
  });
  return objects;
}
