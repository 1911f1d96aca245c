import { z } from 'zod';
import { JOB_ID } from '../../shared/export/jobs.ts';
import { REQUESTS_PREFIX } from './s3.ts';

const S3Notification = z.object({
  Records: z
    .array(z.object({ eventName: z.string(), s3: z.object({ object: z.object({ key: z.string() }) }) }))
    .optional(),
  Event: z.string().optional(),
});

/**
 * The job ids named by one SQS message: an S3 event notification for objects created under requests/
 * (keys `requests/<jobId>/<ms>.json`, URL-encoded by S3). The test event S3 sends when the notification is
 * set up names none. Anything else is refused: it did not come from our bucket.
 */
export function jobIdsOf(messageBody: string): string[] {
  let raw: unknown;
  try {
    raw = JSON.parse(messageBody);
  } catch {
    throw new Error('export queue message is not JSON');
  }
  const parsed = S3Notification.safeParse(raw);
  if (!parsed.success) throw new Error('export queue message is not an S3 notification');
  if (parsed.data.Event === 's3:TestEvent') return [];
  return (parsed.data.Records ?? []).map((record) => {
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    const jobId = key.startsWith(REQUESTS_PREFIX)
      ? key.slice(REQUESTS_PREFIX.length).split('/')[0]
      : undefined;
    if (jobId === undefined || !JOB_ID.test(jobId)) throw new Error(`not an export request: ${key}`);
    return jobId;
  });
}
