import { z } from 'zod';
import { ArticleId, Lang } from '../draft/schema.ts';
import { PublicResponse } from '../responses/response.ts';
import {
  cleanText,
  EMAIL_PATTERN,
  isBlank,
  MAX_BODY_CHARS,
  MAX_DISPLAY_NAME_CHARS,
  MAX_EMAIL_CHARS,
  MAX_PHONE_CHARS,
  MAX_WORDING_CHARS,
  PHONE_PATTERN,
  type TextProblem,
  textProblem,
} from './rules.ts';

export const STANCES = ['support', 'oppose', 'suggest', 'other'] as const;
export const Stance = z.enum(STANCES);
export type Stance = z.infer<typeof Stance>;

export const COMMENT_STATUSES = ['pending', 'published', 'rejected', 'spam'] as const;
export const CommentStatus = z.enum(COMMENT_STATUSES);
export type CommentStatus = z.infer<typeof CommentStatus>;

// Limits, patterns and normalisers are shared with the comment form: they live in rules.ts.
export { charCount, MAX_BODY_CHARS, MAX_DISPLAY_NAME_CHARS } from './rules.ts';

const TEXT_MESSAGES: Record<TextProblem, (what: string, max: number) => string> = {
  'lone-surrogate': (what) => `${what} contains an unpaired surrogate (not valid Unicode text)`,
  'control-characters': (what) => `${what} contains control characters`,
  'bidi-override': (what) => `${what} contains bidirectional override characters`,
  'too-long': (what, max) => `${what} is longer than ${max} characters`,
};

/**
 * A text field: cleaned first (invisible characters removed, line separators made line feeds; see
 * rules.ts), then checked, so that the limit counts what a reader sees and what is stored.
 */
export function text(max: number, what: string) {
  return z
    .string()
    .overwrite(cleanText)
    .check((ctx) => {
      const problem = textProblem(ctx.value, max);
      if (problem !== undefined) {
        ctx.issues.push({
          code: 'custom',
          message: TEXT_MESSAGES[problem](what, max),
          params: { code: problem },
          input: ctx.value,
        });
      }
    });
}

export const ContactDetails = z
  .object({
    email: z
      .string()
      .max(MAX_EMAIL_CHARS, { message: `email is longer than ${MAX_EMAIL_CHARS} characters` })
      .regex(EMAIL_PATTERN, { message: 'email is not a valid address' })
      .optional(),
    phone: z
      .string()
      .max(MAX_PHONE_CHARS, { message: `phone is longer than ${MAX_PHONE_CHARS} characters` })
      .regex(PHONE_PATTERN, {
        message: 'phone must be 5–20 digits, optionally with +, spaces, dashes or brackets',
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
      if (isBlank(ctx.value)) {
        ctx.issues.push({
          code: 'custom',
          message: 'body must not be empty',
          params: { code: 'blank' },
          input: ctx.value,
        });
      }
    }),
    proposedWording: text(MAX_WORDING_CHARS, 'proposedWording').optional(),
    displayName: text(MAX_DISPLAY_NAME_CHARS, 'displayName').optional(),
    /** Separate consent to publish the display name (PIPL Art.25). */
    publishName: z.boolean(),
    contact: ContactDetails.optional(),
    lang: Lang,
    website: z
      .string()
      .max(200)
      .optional()
      .meta({
        description:
          'Leave absent or empty. A field the form hides from people (a honeypot); a request that fills it ' +
          'is refused with 400 `bot-suspected` and nothing is stored.',
      }),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.publishName && (value.displayName === undefined || isBlank(value.displayName))) {
      ctx.addIssue({
        code: 'custom',
        path: ['displayName'],
        params: { code: 'name-required' },
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
  /** The cluster of near-identical comments (issue 9), set after intake; absent until clustered. */
  clusterId: z.string().optional(),
  /**
   * Set when a moderator upheld a report that the comment was made in someone's name without consent
   * (issue 9 §5); `publishName` is then false, so no public view or export shows the name.
   */
  falseAttribution: z.object({ reportId: z.string(), markedAt: z.iso.datetime() }).optional(),
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
  /** The office's answer to the comment, once the consultation is concluded (its own, its cluster's or its article's). */
  response: PublicResponse.optional(),
});
export type CommentStatusView = z.infer<typeof CommentStatusView>;
