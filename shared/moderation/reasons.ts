import { z } from 'zod';

/** A reason a moderator can pick instead of writing one; the zh/en text is what the citizen sees. */
export const ModerationReason = z
  .object({ code: z.string().regex(/^[a-z0-9-]{2,40}$/), zh: z.string().min(1), en: z.string().min(1) })
  .strict();
export type ModerationReason = z.infer<typeof ModerationReason>;

/** The default list; a deployment replaces it through configuration (STAFF_MODERATION_REASONS, JSON). */
export const DEFAULT_REASONS: readonly ModerationReason[] = [
  { code: 'off-topic', zh: '与本草案无关', en: 'Not about this draft' },
  { code: 'abusive', zh: '含有辱骂、人身攻击内容', en: 'Abusive or insulting' },
  { code: 'personal-data', zh: '含有他人个人信息', en: "Contains other people's personal data" },
  { code: 'advertising', zh: '广告或商业推广', en: 'Advertising' },
  { code: 'unlawful', zh: '含有违法内容', en: 'Unlawful content' },
  { code: 'duplicate', zh: '重复提交', en: 'Duplicate submission' },
];

/** The public text of a reason: the written one, else the picked one in both languages. */
export function publicReason(
  reasons: readonly ModerationReason[],
  reason: string | undefined,
  code: string | undefined,
): string | undefined {
  if (reason !== undefined && reason.trim() !== '') return reason.trim();
  const picked = reasons.find((r) => r.code === code);
  return picked === undefined ? undefined : `${picked.zh} / ${picked.en}`;
}
