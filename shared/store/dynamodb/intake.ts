import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../../moderation/views.ts';
import type { CommentIntake } from '../../ports.ts';
import { ENTITY, keys, shardOf } from './keys.ts';
import { CONSULTATION_SUBJECT, STAFF_ENTITY, staffKeys } from './staff-keys.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The intake transaction of one comment, and where each item sits in it (to read cancellation reasons). */
export interface IntakeTransaction {
  items: TransactItem[];
  at: { comment: number; receipt: number; idempotency: number | null };
}

/**
 * The items one comment's intake writes: the comment, its receipt pointer, its idempotency record and
 * its contact details, every one keyed by something only this comment has (its id, its receipt, its
 * client's Idempotency-Key). No consultation item and no counter is in it, so two comments never contend
 * for an item; the window is enforced before the write (docs/decisions.md, "Intake without a shared item").
 */
export function intakeTransaction(
  tableName: string,
  intake: CommentIntake,
  commentShards: number,
): IntakeTransaction {
  const { comment, contact, idempotency } = intake;
  const shard = shardOf(comment.id, commentShards);
  const commentKey = keys.comment(comment.consultationId, shard, comment.id);
  const items: TransactItem[] = [
    {
      Put: {
        TableName: tableName,
        Item: {
          ...commentKey,
          ...keys.moderationIndex(
            comment.consultationId,
            comment.status,
            shard,
            comment.submittedAt,
            comment.id,
          ),
          entity: ENTITY.comment,
          ...comment,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: tableName,
        Item: {
          ...keys.receipt(comment.receipt),
          entity: ENTITY.receipt,
          commentPk: commentKey.pk,
          commentSk: commentKey.sk,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
  let idempotencyAt: number | null = null;
  if (idempotency !== null) {
    idempotencyAt = items.length;
    items.push({
      Put: {
        TableName: tableName,
        Item: {
          ...keys.idempotency(comment.consultationId, idempotency.key),
          entity: ENTITY.idempotency,
          requestHash: idempotency.requestHash,
          receipt: comment.receipt,
          expiresAt: idempotency.expiresAt,
        },
        // TTL deletion can lag by days: a record past its expiry no longer holds the key.
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': epochSeconds(comment.submittedAt) },
      },
    });
  }
  if (contact !== null) {
    items.push({
      Put: {
        TableName: tableName,
        Item: {
          ...keys.contact(comment.id),
          // Indexed per consultation so that a window change can recompute retention (staff-keys.ts S6).
          ...staffKeys.contactIndex(comment.consultationId, shard, comment.id),
          entity: ENTITY.contact,
          consultationId: comment.consultationId,
          ...contact,
          expiresAt: intake.contactExpiresAt,
        },
      },
    });
  }
  // Its own partition (staff-keys.ts S4), so intake still shares no item with any other comment.
  if (intake.audit !== undefined) items.push({ Put: auditPut(tableName, intake.audit, commentShards) });
  return { items, at: { comment: 0, receipt: 1, idempotency: idempotencyAt } };
}

/** Epoch seconds, the unit of the table's TTL attribute. */
export function epochSeconds(at: string | Date): number {
  return Math.floor((typeof at === 'string' ? Date.parse(at) : at.getTime()) / 1000);
}

/** The one shape of an audit item, written once and never replaced (staff-keys.ts S4, S5). */
export function auditPut(tableName: string, entry: AuditEntry, commentShards: number) {
  const subject = entry.commentId ?? CONSULTATION_SUBJECT;
  return {
    TableName: tableName,
    Item: {
      ...staffKeys.audit(entry.consultationId, subject, entry.at, entry.id),
      ...staffKeys.auditIndex(
        entry.consultationId,
        shardOf(entry.id, commentShards),
        entry.at,
        entry.id,
        subject,
      ),
      entity: STAFF_ENTITY.audit,
      ...entry,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  };
}
