import type { Comment, ContactDetails } from '../../shared/comment/comment.ts';
import { intakeTransaction } from '../../shared/store/dynamodb/intake.ts';
import { keys, shardOf } from '../../shared/store/dynamodb/keys.ts';

export type Item = Record<string, unknown>;

/** A stored value in DynamoDB's JSON form, as a stream record carries it (what the SDK's marshall does). */
function attributeValue(value: unknown): unknown {
  if (value === null) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(attributeValue) };
  if (typeof value === 'object') return { M: image(Object.fromEntries(Object.entries(value))) };
  throw new TypeError(`cannot store ${typeof value}`);
}

export function image(item: Item): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(item)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, attributeValue(v)]),
  );
}

let sequence = 100_000_000_000_000_000_000n;

/** A record of the table's stream as Lambda hands it over (NEW_AND_OLD_IMAGES). */
export function streamRecord(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  images: { newItem?: Item; oldItem?: Item },
) {
  const item = images.newItem ?? images.oldItem;
  if (item === undefined) throw new Error('a record needs an image');
  sequence += 1n;
  return {
    eventID: `event-${sequence}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'cn-north-1',
    dynamodb: {
      ApproximateCreationDateTime: 1_763_193_600,
      Keys: { pk: { S: String(item.pk) }, sk: { S: String(item.sk) } },
      ...(images.newItem === undefined ? {} : { NewImage: image(images.newItem) }),
      ...(images.oldItem === undefined ? {} : { OldImage: image(images.oldItem) }),
      SequenceNumber: String(sequence),
      SizeBytes: 512,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: 'arn:aws-cn:dynamodb:cn-north-1:111122223333:table/Yijian/stream/2026-11-15T00:00:00.000',
  };
}

/** The items one intake writes (comment, receipt, idempotency record, contact), exactly as the store builds them. */
export function intakeItems(comment: Comment, contact: ContactDetails | null = null): Item[] {
  const { items } = intakeTransaction(
    'yijian',
    {
      comment,
      contact,
      contactExpiresAt: 1_800_000_000,
      idempotency: { key: `key-${comment.id}`, requestHash: 'hash', expiresAt: 1_800_000_000 },
    },
    16,
  );
  return items.map((i) => {
    if (i.Put?.Item === undefined) throw new Error('intake writes puts only');
    return i.Put.Item;
  });
}

/** The comment item after a moderation decision, as staff-store.ts `decide` leaves it. */
export function decidedItem(comment: Comment, changes: Partial<Comment>): Item {
  const after = { ...comment, ...changes };
  const shard = shardOf(comment.id, 16);
  return {
    ...keys.comment(comment.consultationId, shard, comment.id),
    ...keys.moderationIndex(comment.consultationId, after.status, shard, comment.submittedAt, comment.id),
    entity: 'comment',
    ...after,
  };
}
