/** Moderation decisions as the API answers them: the status each action leads to, and per-item outcomes. */
import type { CommentStatus } from '../../i18n.ts';
import type { ModerationAction } from '../../i18n-staff.ts';
import { isRecord, type StaffComment, toComment } from './api.ts';

const TARGET = {
  publish: 'published',
  reject: 'rejected',
  spam: 'spam',
  reopen: 'pending',
} as const satisfies Record<ModerationAction, CommentStatus>;

export function target(action: ModerationAction): CommentStatus {
  return TARGET[action];
}

export interface Outcome {
  commentId: string;
  /** `done`, `conflict` (decided meanwhile by someone else), `illegal` or `not-found`. */
  outcome: string;
  comment: StaffComment | undefined;
}

export function toOutcomes(body: unknown): Outcome[] {
  if (!isRecord(body) || !Array.isArray(body.results)) return [];
  return body.results.flatMap((r) =>
    isRecord(r) && typeof r.commentId === 'string'
      ? [
          {
            commentId: r.commentId,
            outcome: typeof r.outcome === 'string' ? r.outcome : '',
            comment: toComment(r.comment),
          },
        ]
      : [],
  );
}
