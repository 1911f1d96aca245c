import { z } from 'zod';
import { type Comment, CommentStatus, Stance } from '../comment/comment.ts';
import { ArticleId, Lang } from '../draft/schema.ts';
import { SCREENING_FLAGS, screen } from './screening.ts';

/** A comment as staff see it: the original text, flags and the masked public text; never contact data. */
export const StaffComment = z
  .object({
    id: z.string(),
    receipt: z.string(),
    articleId: ArticleId.nullable(),
    draftVersion: z.number().int(),
    stance: Stance,
    body: z.string(),
    proposedWording: z.string().nullable(),
    displayName: z.string().nullable(),
    publishName: z.boolean(),
    lang: Lang,
    status: CommentStatus,
    reason: z.string().nullable(),
    reasonCode: z.string().nullable(),
    submittedAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.number().int().nonnegative(),
    flags: z.array(z.enum(SCREENING_FLAGS)),
    publicBody: z.string(),
    clusterId: z.string().nullable(),
  })
  .strict()
  .meta({ id: 'StaffComment' });
export type StaffComment = z.infer<typeof StaffComment>;

export function staffViewOf(comment: Comment): StaffComment {
  const body = screen(comment.body);
  const wording = comment.proposedWording === null ? null : screen(comment.proposedWording);
  const name = comment.displayName === null ? null : screen(comment.displayName);
  const flags = new Set([...body.flags, ...(wording?.flags ?? []), ...(name?.flags ?? [])]);
  return {
    id: comment.id,
    receipt: comment.receipt,
    articleId: comment.articleId,
    draftVersion: comment.draftVersion,
    stance: comment.stance,
    body: comment.body,
    proposedWording: comment.proposedWording,
    displayName: comment.displayName,
    publishName: comment.publishName,
    lang: comment.lang,
    status: comment.status,
    reason: comment.reason ?? null,
    reasonCode: comment.reasonCode ?? null,
    submittedAt: comment.submittedAt,
    updatedAt: comment.updatedAt,
    version: comment.version ?? 0,
    flags: SCREENING_FLAGS.filter((f) => flags.has(f)),
    publicBody: body.masked,
    clusterId: comment.clusterId ?? null,
  };
}

/** A published comment as anyone may read it: masked text, the name only where its author consented. */
export const PublicComment = z
  .object({
    id: z.string(),
    articleId: ArticleId.nullable(),
    stance: Stance,
    body: z.string(),
    proposedWording: z.string().nullable(),
    displayName: z.string().nullable(),
    submittedAt: z.iso.datetime(),
  })
  .strict()
  .meta({ id: 'PublishedComment' });
export type PublicComment = z.infer<typeof PublicComment>;

export function publicViewOf(comment: Comment): PublicComment {
  return {
    id: comment.id,
    articleId: comment.articleId,
    stance: comment.stance,
    body: screen(comment.body).masked,
    proposedWording: comment.proposedWording === null ? null : screen(comment.proposedWording).masked,
    displayName:
      comment.publishName && comment.displayName !== null ? screen(comment.displayName).masked : null,
    submittedAt: comment.submittedAt,
  };
}

export const AUDIT_ACTIONS = [
  'publish',
  'reject',
  'spam',
  'reopen',
  'read-contact',
  'register',
  'reschedule',
  'extend',
  'close-early',
  'reopen-window',
  'conclude',
  'recluster',
  // Issue 10 §4: an internal export (it may hold contact data) is audited when started and when downloaded.
  'export-internal',
  'download-export',
  'respond',
  // Post-moderation: a comment published on receipt is recorded as a decision of the system.
  'auto-publish',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One immutable line of the audit trail. */
export const AuditEntry = z
  .object({
    id: z.string(),
    at: z.iso.datetime(),
    actor: z.object({ sub: z.string(), username: z.string() }).strict(),
    action: z.enum(AUDIT_ACTIONS),
    consultationId: z.string(),
    commentId: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    reason: z.string().optional(),
    /** The cluster decided at once, when the comment was decided with its cluster. */
    clusterId: z.string().optional(),
    /** What a response answered (`comment:<id>`, `cluster:<id>`, `article:<id>`). */
    target: z.string().optional(),
    requestId: z.string(),
  })
  .strict()
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntry>;

export const StatusCounts = z
  .object({
    pending: z.number().int(),
    published: z.number().int(),
    rejected: z.number().int(),
    spam: z.number().int(),
  })
  .strict();
export type StatusCounts = z.infer<typeof StatusCounts>;
