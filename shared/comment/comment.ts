import { z } from 'zod';
import { ArticleId, Lang } from '../draft/schema.ts';

export const STANCES = ['support', 'oppose', 'suggest', 'other'] as const;
export const Stance = z.enum(STANCES);
export type Stance = z.infer<typeof Stance>;

export const COMMENT_STATUSES = ['pending', 'published', 'rejected', 'spam'] as const;
export const CommentStatus = z.enum(COMMENT_STATUSES);
export type CommentStatus = z.infer<typeof CommentStatus>;

export const MAX_BODY_CHARS = 5000;
export const MAX_DISPLAY_NAME_CHARS = 40;

// C0 controls other than tab, line feed and carriage return, DEL, and C1 controls: never meaningful in a
// comment, and a classic way to corrupt exports and logs.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// Bidi overrides can make displayed text differ from stored text.
const BIDI_OVERRIDES = /[\u202A-\u202E\u2066-\u2069]/;

/** Counts user-perceived characters as people do (an emoji or a CJK character is one). */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function text(max: number, what: string) {
  return z
    .string()
    .refine((s) => !CONTROL_CHARS.test(s), { message: `${what} contains control characters` })
    .refine((s) => !BIDI_OVERRIDES.test(s), { message: `${what} contains bidirectional override characters` })
    .refine((s) => charCount(s) <= max, { message: `${what} is longer than ${max} characters` });
}

const nonBlank = (what: string) => (s: string) => s.trim().length > 0 || `${what} must not be empty`;

export const ContactDetails = z
  .object({
    email: z.email({ message: 'email is not a valid address' }).max(254).optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9][0-9 -]{5,19}$/, {
        message: 'phone must be digits, optionally with +, spaces or dashes',
      })
      .optional(),
  })
  .strict();
export type ContactDetails = z.infer<typeof ContactDetails>;

/** What a citizen submits. Strict: any field not listed here is refused, not ignored. */
export const CommentSubmission = z
  .object({
    articleId: ArticleId.optional().meta({
      description: 'The article commented on; omit for the whole draft.',
    }),
    stance: Stance,
    body: text(MAX_BODY_CHARS, 'body').check((ctx) => {
      const problem = nonBlank('body')(ctx.value);
      if (problem !== true) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
    }),
    proposedWording: text(MAX_BODY_CHARS, 'proposedWording').optional(),
    displayName: text(MAX_DISPLAY_NAME_CHARS, 'displayName').optional(),
    /** Separate consent to publish the display name (PIPL Art.25). */
    publishName: z.boolean(),
    contact: ContactDetails.optional(),
    lang: Lang,
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.publishName && (value.displayName === undefined || value.displayName.trim() === '')) {
      ctx.addIssue({
        code: 'custom',
        path: ['displayName'],
        message: 'a display name is required when you consent to publish it',
      });
    }
  });
export type CommentSubmission = z.infer<typeof CommentSubmission>;

/** A comment as stored. Contact details live apart (see CommentIntake) so that they never travel with it. */
export const Comment = z.object({
  id: z.string(),
  consultationId: z.string(),
  receipt: z.string(),
  articleId: ArticleId.nullable(),
  /** The draft version the comment was made on; its article id refers to that version. */
  draftVersion: z.number().int().positive(),
  stance: Stance,
  body: z.string(),
  proposedWording: z.string().nullable(),
  displayName: z.string().nullable(),
  publishName: z.boolean(),
  lang: Lang,
  status: CommentStatus,
  contentHash: z.string(),
  submittedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Bumped by every moderation decision (optimistic concurrency); absent on a comment never decided. */
  version: z.number().int().nonnegative().optional(),
  /** The public reason of a rejection, written or taken from the configured list (reasonCode). */
  reason: z.string().optional(),
  reasonCode: z.string().optional(),
});
export type Comment = z.infer<typeof Comment>;

export const Receipt = z.object({
  receipt: z.string(),
  status: CommentStatus,
  consultationId: z.string(),
  articleId: ArticleId.nullable(),
  draftVersion: z.number().int().positive(),
  submittedAt: z.iso.datetime(),
});
export type Receipt = z.infer<typeof Receipt>;

/** What a receipt lookup may show: status only, never the body's author or contact details. */
export const CommentStatusView = Receipt.extend({
  updatedAt: z.iso.datetime(),
  /** Why a rejected comment was not published (the public reason, never a moderator's name). */
  reason: z.string().optional(),
});
export type CommentStatusView = z.infer<typeof CommentStatusView>;
