import type { CommentStatus } from '../comment/comment.ts';
import type { Role } from '../staff/principal.ts';

export const MODERATION_ACTIONS = ['publish', 'reject', 'spam', 'reopen'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/** Where each action leads and from where it may start. Anything else is an illegal transition (409). */
const TRANSITIONS = {
  publish: { from: ['pending'], to: 'published' },
  reject: { from: ['pending'], to: 'rejected' },
  spam: { from: ['pending'], to: 'spam' },
  // Back to the queue: undoes a decision, so only an administrator may do it.
  reopen: { from: ['published', 'rejected', 'spam'], to: 'pending' },
} as const satisfies Record<ModerationAction, { from: readonly CommentStatus[]; to: CommentStatus }>;

const ALLOWED_ROLES = {
  publish: ['admin', 'moderator'],
  reject: ['admin', 'moderator'],
  spam: ['admin', 'moderator'],
  reopen: ['admin'],
} as const satisfies Record<ModerationAction, readonly Role[]>;

export function targetOf(action: ModerationAction): CommentStatus {
  return TRANSITIONS[action].to;
}

export function isLegal(from: CommentStatus, action: ModerationAction): boolean {
  return (TRANSITIONS[action].from as readonly CommentStatus[]).includes(from);
}

export function rolesFor(action: ModerationAction): readonly Role[] {
  return ALLOWED_ROLES[action];
}
