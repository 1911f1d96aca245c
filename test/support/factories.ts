import type { Comment } from '../../shared/comment/comment.ts';
import type { Consultation } from '../../shared/consultation/consultation.ts';
import type { Clock } from '../../shared/ports.ts';

const DAY_MS = 86_400_000;

/** The instant every unit test lives at unless it says otherwise. */
export const NOW = new Date('2026-11-15T08:00:00.000Z');

export function fixedClock(at: Date = NOW): Clock {
  return { now: () => new Date(at.getTime()) };
}

export function daysFrom(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

/** A valid submission as a citizen's browser sends it (plain JSON, before parsing). */
export function aSubmission(overrides: Record<string, unknown> = {}) {
  return {
    articleId: 'art-5',
    stance: 'suggest',
    body: '建议第五条增加夜间公交的安全员配置要求。',
    publishName: false,
    lang: 'zh',
    ...overrides,
  };
}

/** A consultation whose window is open at `at` (opened a day before, closes in 29 days). */
export function anOpenConsultation(overrides: Partial<Consultation> = {}, at: Date = NOW): Consultation {
  return {
    id: 'transit-safety-2026',
    draftId: 'transit-safety',
    draftVersion: 1,
    draftHash: 'abcdef0123456789',
    title: {
      zh: '示例市城市公共交通安全管理条例',
      en: 'Shili City Urban Public Transport Safety Regulations',
    },
    office: { zh: '示例市司法局', en: 'Shili City Justice Bureau' },
    articleIds: ['art-1', 'art-2', 'art-3', 'art-4', 'art-5', 'art-12-1'],
    opensAt: daysFrom(at, -1).toISOString(),
    closesAt: daysFrom(at, 29).toISOString(),
    createdAt: daysFrom(at, -1).toISOString(),
    ...overrides,
  };
}

/** A consultation whose window closed the day before `at`. */
export function aClosedConsultation(overrides: Partial<Consultation> = {}, at: Date = NOW): Consultation {
  return anOpenConsultation(
    {
      id: 'closed-consultation',
      opensAt: daysFrom(at, -31).toISOString(),
      closesAt: daysFrom(at, -1).toISOString(),
      createdAt: daysFrom(at, -31).toISOString(),
      ...overrides,
    },
    at,
  );
}

/** A consultation whose window opens the day after `at`. */
export function aScheduledConsultation(overrides: Partial<Consultation> = {}, at: Date = NOW): Consultation {
  return anOpenConsultation(
    {
      id: 'scheduled-consultation',
      opensAt: daysFrom(at, 1).toISOString(),
      closesAt: daysFrom(at, 31).toISOString(),
      ...overrides,
    },
    at,
  );
}

/** A consultation concluded early, while its window would still be open. */
export function aConcludedConsultation(overrides: Partial<Consultation> = {}, at: Date = NOW): Consultation {
  return anOpenConsultation(
    { id: 'concluded-consultation', concludedAt: at.toISOString(), ...overrides },
    at,
  );
}

/** A stored comment, for adapter tests that bypass submitComment. */
export function aComment(overrides: Partial<Comment> = {}): Comment {
  return {
    id: '01JCXYZ0000000000000000000',
    consultationId: 'transit-safety-2026',
    receipt: 'ABCD-EFGH-JKMN',
    articleId: 'art-5',
    draftVersion: 1,
    stance: 'suggest',
    body: '建议增加夜间公交的安全员配置要求。',
    proposedWording: null,
    displayName: null,
    publishName: false,
    lang: 'zh',
    status: 'pending',
    contentHash: 'hash',
    submittedAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    ...overrides,
  };
}
