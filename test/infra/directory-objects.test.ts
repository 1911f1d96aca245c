import { CopyObjectCommand, DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { PAGE_CONTENT_TYPE, writeDirectoryObjects } from '../../infra/directory-objects/handler.ts';
import { planDirectoryObjects } from '../../infra/directory-objects/plan.ts';

describe('directory objects for CloudFront without functions (China variant)', () => {
  it('copies every page under a directory to the key of its URL, and nothing else', () => {
    const plan = planDirectoryObjects([
      'index.html',
      'favicon.svg',
      'en/index.html',
      'consultations/transit-safety-2026/index.html',
      'consultations/transit-safety-2026/changes/index.html',
      '_astro/form.js',
      'consultations/transit-safety-2026/',
    ]);
    expect(plan.copies).toEqual([
      { from: 'en/index.html', to: 'en/' },
      { from: 'consultations/transit-safety-2026/index.html', to: 'consultations/transit-safety-2026/' },
      {
        from: 'consultations/transit-safety-2026/changes/index.html',
        to: 'consultations/transit-safety-2026/changes/',
      },
    ]);
    expect(plan.stale).toEqual([]);
  });

  it('removes the directory object of a page that is gone', () => {
    expect(planDirectoryObjects(['en/index.html', 'en/', 'consultations/old/']).stale).toEqual([
      'consultations/old/',
    ]);
  });

  it('writes the copies as HTML through every page of the bucket listing', async () => {
    const s3 = mockClient(S3Client);
    s3.on(ListObjectsV2Command, { ContinuationToken: undefined })
      .resolves({
        Contents: [{ Key: 'index.html' }, { Key: 'zh 中文/index.html' }],
        IsTruncated: true,
        NextContinuationToken: 't2',
      })
      .on(ListObjectsV2Command, { ContinuationToken: 't2' })
      .resolves({ Contents: [{ Key: 'lookup/index.html' }, { Key: 'gone/' }], IsTruncated: false });
    const client = new S3Client({ region: 'cn-north-1' });

    expect(await writeDirectoryObjects(client, 'site-bucket')).toBe(2);

    expect(s3.commandCalls(CopyObjectCommand).map((call) => call.args[0].input)).toEqual([
      {
        Bucket: 'site-bucket',
        Key: 'zh 中文/',
        CopySource: `site-bucket/${encodeURIComponent('zh 中文')}/index.html`,
        MetadataDirective: 'REPLACE',
        ContentType: PAGE_CONTENT_TYPE,
      },
      {
        Bucket: 'site-bucket',
        Key: 'lookup/',
        CopySource: 'site-bucket/lookup/index.html',
        MetadataDirective: 'REPLACE',
        ContentType: PAGE_CONTENT_TYPE,
      },
    ]);
    expect(s3.commandCalls(DeleteObjectCommand).map((call) => call.args[0].input)).toEqual([
      { Bucket: 'site-bucket', Key: 'gone/' },
    ]);
    s3.restore();
  });
});
