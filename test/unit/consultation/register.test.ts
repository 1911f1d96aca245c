import { describe, expect, it } from 'vitest';
import { readPublishedConsultations } from '../../../scripts/local/content.ts';
import { consultationFor, endOfDayInShanghai } from '../../../shared/consultation/register.ts';

describe('endOfDayInShanghai', () => {
  it.each([
    ['2026-11-25T20:49:00Z', 30, '2026-12-26T16:00:00.000Z'], // 04:49 on 26 Nov in Beijing → 24:00 on 26 Dec
    ['2026-11-25T10:00:00Z', 30, '2026-12-25T16:00:00.000Z'], // 18:00 on 25 Nov in Beijing → 24:00 on 25 Dec
    ['2026-11-25T16:00:00Z', 0, '2026-11-26T16:00:00.000Z'], // exactly midnight in Beijing counts as the new day
  ])('from %s plus %i days ends at %s', (from, days, expected) => {
    expect(endOfDayInShanghai(new Date(from), days).toISOString()).toBe(expected);
  });
});

describe('consultationFor', () => {
  const [sample] = readPublishedConsultations();

  it('opens now, closes at the end of the last day in Beijing time, and pins every article of the draft', () => {
    if (sample === undefined) throw new Error('the sample consultation is missing');
    const now = new Date('2026-11-25T20:49:00Z');

    const consultation = consultationFor(sample.entry, sample.drafts, now);

    expect(consultation.opensAt).toBe(now.toISOString());
    expect(consultation.closesAt).toBe('2026-12-26T16:00:00.000Z');
    expect(consultation.articleIds).toContain('art-5');
    expect(consultation.title.zh).toBe(sample.drafts.zh.title);
    expect(consultation.draftHash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('takes the Chinese title for English until a translation is published', () => {
    if (sample === undefined) throw new Error('the sample consultation is missing');

    const consultation = consultationFor(sample.entry, { zh: sample.drafts.zh }, new Date());

    expect(consultation.title).toEqual({ zh: sample.drafts.zh.title, en: sample.drafts.zh.title });
  });

  it('refuses a draft whose languages have different articles', () => {
    if (sample === undefined) throw new Error('the sample consultation is missing');
    const { en: translation } = sample.drafts;
    if (translation === undefined) throw new Error('the sample has an English translation');
    const en = { ...translation, chapters: translation.chapters.slice(1) };

    expect(() => consultationFor(sample.entry, { zh: sample.drafts.zh, en }, new Date())).toThrow(
      /different articles/,
    );
  });
});
