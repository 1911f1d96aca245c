import { z } from 'zod';
import { ArticleId } from '../draft/schema.ts';

/** The office's answer to feedback, as 采纳情况说明 put it. */
export const RESPONSE_DECISIONS = ['adopted', 'partly-adopted', 'not-adopted', 'noted'] as const;
export const ResponseDecision = z.enum(RESPONSE_DECISIONS);
export type ResponseDecision = z.infer<typeof ResponseDecision>;

export const MAX_RESPONSE_REASON_CHARS = 2000;
/** As many comments as the console selects on one page (the moderation bulk limit). */
export const MAX_RESPONSE_SELECTION = 100;
const COMMENT_ID = z.string().regex(/^[0-9A-Z]{26}$/, 'a comment id');
const CLUSTER_ID = z.string().regex(/^[0-9A-Za-z_-]{1,64}$/, 'a cluster id');
/** An article of the draft, or `whole` for comments on the whole draft. */
const ResponseArticle = z.union([ArticleId, z.literal('whole')]);

const reasonText = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} must not be empty`)
    .max(MAX_RESPONSE_REASON_CHARS, `${what} is longer than ${MAX_RESPONSE_REASON_CHARS} characters`);

export const ResponseTargetInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('comment'), commentId: COMMENT_ID }).strict(),
  z
    .object({
      kind: z.literal('comments'),
      commentIds: z
        .array(COMMENT_ID)
        .min(1, 'choose at least one comment')
        .max(MAX_RESPONSE_SELECTION, `at most ${MAX_RESPONSE_SELECTION} comments at once`),
    })
    .strict(),
  z.object({ kind: z.literal('cluster'), clusterId: CLUSTER_ID }).strict(),
  z.object({ kind: z.literal('article'), articleId: ResponseArticle }).strict(),
]);

export const ResponseRequest = z
  .object({
    target: ResponseTargetInput,
    decision: ResponseDecision,
    reason: z.object({ zh: reasonText('reason.zh'), en: reasonText('reason.en').optional() }).strict(),
  })
  .strict();
export type ResponseRequest = z.infer<typeof ResponseRequest>;

/** What one stored response answers: one comment, every comment of a cluster, or every comment on an article. */
export const RESPONSE_SCOPES = ['comment', 'cluster', 'article'] as const;
export type ResponseScope = (typeof RESPONSE_SCOPES)[number];
export interface ResponseTarget {
  scope: ResponseScope;
  /** Comment id, cluster id, or article id (`whole` for the whole draft). */
  id: string;
}

export const StoredResponse = z
  .object({
    consultationId: z.string(),
    scope: z.enum(RESPONSE_SCOPES),
    targetId: z.string(),
    decision: ResponseDecision,
    reason: z.object({ zh: z.string(), en: z.string().optional() }).strict(),
    by: z.object({ sub: z.string(), username: z.string() }).strict(),
    at: z.iso.datetime(),
    /** 1 for the first answer; each change adds one and keeps the earlier versions as history. */
    version: z.number().int().positive(),
  })
  .strict()
  .meta({ id: 'Response' });
export type StoredResponse = z.infer<typeof StoredResponse>;

/** The public form of a response: the office's decision and reason, never who in the office wrote it. */
export const PublicResponse = z
  .object({
    scope: z.enum(RESPONSE_SCOPES),
    decision: ResponseDecision,
    reason: z.object({ zh: z.string(), en: z.string().optional() }).strict(),
    at: z.iso.datetime(),
  })
  .strict()
  .meta({ id: 'PublicResponse' });
export type PublicResponse = z.infer<typeof PublicResponse>;

export function publicResponseOf(response: StoredResponse): PublicResponse {
  return { scope: response.scope, decision: response.decision, reason: response.reason, at: response.at };
}

const SCOPE_PREFIX = { comment: 'C', cluster: 'K', article: 'A' } as const;

/** The sort key of a target (`C#<comment>`, `K#<cluster>`, `A#<article>`). */
export function targetKey(target: ResponseTarget): string {
  return `${SCOPE_PREFIX[target.scope]}#${target.id}`;
}

/**
 * The answer a comment has: its own, else its cluster's, else its article's. The most specific wins, so an
 * office can answer an article as a whole and still single out a comment on it.
 */
export function effectiveResponse(
  comment: { id: string; articleId: string | null; clusterId?: string | undefined },
  find: (target: ResponseTarget) => StoredResponse | undefined,
): StoredResponse | undefined {
  return (
    find({ scope: 'comment', id: comment.id }) ??
    (comment.clusterId === undefined ? undefined : find({ scope: 'cluster', id: comment.clusterId })) ??
    find({ scope: 'article', id: comment.articleId ?? 'whole' })
  );
}
