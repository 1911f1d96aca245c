import { z } from 'zod';
import { Comment } from '../../shared/comment/comment.ts';
import { type IndexChange, indexChangeOf } from '../../shared/search/change-log.ts';
import { searchDocumentOf } from '../../shared/search/document.ts';
import { commentOfKey } from '../../shared/store/dynamodb/keys.ts';

/** A DynamoDB attribute value in the stream's JSON form, turned into the plain value the store wrote. */
type Plain = string | number | boolean | null | Uint8Array | Plain[] | { [key: string]: Plain };
const AttributeValue: z.ZodType<Plain> = z.lazy(() =>
  z.union([
    z
      .object({ S: z.string() })
      .strict()
      .transform((v) => v.S),
    z
      .object({ N: z.string() })
      .strict()
      .transform((v) => Number(v.N)),
    z
      .object({ BOOL: z.boolean() })
      .strict()
      .transform((v) => v.BOOL),
    z
      .object({ NULL: z.literal(true) })
      .strict()
      .transform(() => null),
    z
      .object({ B: z.base64() })
      .strict()
      .transform((v) => new Uint8Array(Buffer.from(v.B, 'base64'))),
    z
      .object({ SS: z.array(z.string()) })
      .strict()
      .transform((v) => v.SS),
    z
      .object({ NS: z.array(z.string()) })
      .strict()
      .transform((v) => v.NS.map(Number)),
    z
      .object({ L: z.array(AttributeValue) })
      .strict()
      .transform((v) => v.L),
    z
      .object({ M: z.record(z.string(), AttributeValue) })
      .strict()
      .transform((v) => v.M),
  ]),
);
const Image = z.record(z.string(), AttributeValue);
const Keys = z.object({ pk: z.object({ S: z.string() }), sk: z.object({ S: z.string() }) });

/**
 * One record of the table's stream as Lambda delivers it. Not strict: AWS adds fields to stream records
 * (userIdentity on TTL deletions, record format versions), and only these are read.
 */
export const StreamRecord = z.object({
  eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
  dynamodb: z.object({
    Keys,
    SequenceNumber: z.string().min(1),
    NewImage: z.unknown().optional(),
    OldImage: z.unknown().optional(),
  }),
});
export type StreamRecord = z.infer<typeof StreamRecord>;

export const StreamEvent = z.object({ Records: z.array(z.unknown()) });

/** What one stream record means for the search index. */
export type RecordChange =
  /** Not a comment item (contact, receipt, counter, session…): never read beyond its key. */
  | { kind: 'ignored' }
  /** A comment item whose change touches nothing the index holds (a reason, a version bump). */
  | { kind: 'unchanged'; consultationId: string }
  /**
   * A comment item deleted. Comments are never deleted by the application; the index has no removal, so
   * it keeps the comment, and the staff list drops it because the store no longer has it.
   */
  | { kind: 'removed'; consultationId: string; commentId: string }
  | { kind: 'change'; consultationId: string; change: IndexChange };

/**
 * Maps one stream record (NEW_AND_OLD_IMAGES) to its index change, through the same `indexChangeOf` and
 * `searchDocumentOf` as local mode. Only comment items, recognised by their key (keys.ts), are parsed;
 * the images of every other item, contact details among them, are never read. Throws on a comment image
 * that does not parse: the batch reports that record as failed instead of indexing something wrong.
 */
export function changeOfRecord(raw: unknown): RecordChange {
  const record = StreamRecord.parse(raw);
  const key = commentOfKey(record.dynamodb.Keys.pk.S, record.dynamodb.Keys.sk.S);
  if (key === undefined) return { kind: 'ignored' };
  const { consultationId, commentId } = key;
  if (record.eventName === 'REMOVE') return { kind: 'removed', consultationId, commentId };
  const after = commentOf(record.dynamodb.NewImage, key);
  if (after === undefined)
    throw new Error(`stream record ${record.dynamodb.SequenceNumber} of a comment carries no new image`);
  const before = record.eventName === 'MODIFY' ? commentOf(record.dynamodb.OldImage, key) : undefined;
  const change = indexChangeOf(
    before === undefined ? undefined : searchDocumentOf(before, before.clusterId ?? null),
    searchDocumentOf(after, after.clusterId ?? null),
  );
  return change === undefined
    ? { kind: 'unchanged', consultationId }
    : { kind: 'change', consultationId, change };
}

function commentOf(image: unknown, key: { consultationId: string; commentId: string }): Comment | undefined {
  if (image === undefined) return undefined;
  const item = Image.parse(image);
  // As the store reads it back (dynamodb-store.ts commentFrom): optional text fields may be absent.
  const comment = Comment.parse({ proposedWording: null, displayName: null, ...item });
  if (comment.id !== key.commentId || comment.consultationId !== key.consultationId)
    throw new Error('a comment image does not match its key');
  return comment;
}
