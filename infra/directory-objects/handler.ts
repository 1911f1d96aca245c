import { CopyObjectCommand, DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { planDirectoryObjects } from './plan.ts';

/** HTML as the site's pages are served; the copy replaces the metadata, so it is set again. */
export const PAGE_CONTENT_TYPE = 'text/html; charset=utf-8';

/** Writes the directory objects of {@link planDirectoryObjects} into `bucket` and removes stale ones. */
export async function writeDirectoryObjects(s3: S3Client, bucket: string): Promise<number> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);

  const { copies, stale } = planDirectoryObjects(keys);
  for (const { from, to } of copies) {
    await s3.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: to,
        CopySource: `${bucket}/${from.split('/').map(encodeURIComponent).join('/')}`,
        MetadataDirective: 'REPLACE',
        ContentType: PAGE_CONTENT_TYPE,
      }),
    );
  }
  for (const key of stale) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  return copies.length;
}

const s3 = new S3Client({});

/**
 * CloudFormation custom resource, run after every site deployment in the China variant (see
 * docs/decisions.md, "China-region variant and data residency"). It answers CloudFormation itself through
 * the pre-signed response URL.
 */
export async function handler(event: CloudFormationCustomResourceEvent): Promise<void> {
  const bucket = event.ResourceProperties.BucketName;
  let status: 'SUCCESS' | 'FAILED' = 'SUCCESS';
  let reason = '';
  try {
    if (typeof bucket !== 'string' || bucket === '') throw new Error('BucketName is missing');
    // On Delete the bucket is retained with the stack's other data; its objects are left as they are.
    if (event.RequestType !== 'Delete') reason = `${await writeDirectoryObjects(s3, bucket)} pages`;
  } catch (error) {
    status = 'FAILED';
    reason = error instanceof Error ? error.message : String(error);
    console.error('directory objects failed', error);
  }
  const response = await fetch(event.ResponseURL, {
    method: 'PUT',
    // The URL is pre-signed without a content type.
    headers: { 'content-type': '' },
    body: JSON.stringify({
      Status: status,
      Reason: reason.slice(0, 1000),
      PhysicalResourceId: `${String(bucket)}-directory-objects`,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
    }),
  });
  if (!response.ok) throw new Error(`CloudFormation refused the response: ${response.status}`);
}
