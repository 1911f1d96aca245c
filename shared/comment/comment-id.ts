import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A time-ordered comment id (ULID layout: 10 chars of milliseconds, 16 of randomness), so that comments
 * sort by arrival within a shard without a separate timestamp index.
 */
export function newCommentId(now: Date): string {
  let time = now.getTime();
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = CROCKFORD.charAt(time % 32) + head;
    time = Math.floor(time / 32);
  }
  let tail = '';
  for (const byte of randomBytes(16)) tail += CROCKFORD.charAt(byte % 32);
  return head + tail;
}

/** What {@link newCommentId} makes (also the shape of report, audit and job ids made with it). */
export const COMMENT_ID_PATTERN = /^[0-9A-Z]{26}$/;
