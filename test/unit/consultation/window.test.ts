import { describe, expect, it } from 'vitest';
import { type ConsultationStatus, statusAt, viewOf } from '../../../shared/consultation/consultation.ts';
import { anOpenConsultation } from '../../support/factories.ts';

const window = {
  opensAt: '2026-11-01T00:00:00.000Z',
  closesAt: '2026-12-01T00:00:00.000Z',
};

describe('statusAt, the window state machine', () => {
  it.each<[string, string, ConsultationStatus]>([
    ['a day before it opens', '2026-10-31T00:00:00.000Z', 'scheduled'],
    ['a millisecond before it opens', '2026-10-31T23:59:59.999Z', 'scheduled'],
    ['the instant it opens', '2026-11-01T00:00:00.000Z', 'open'],
    ['in the middle of the window', '2026-11-15T12:00:00.000Z', 'open'],
    ['a millisecond before it closes', '2026-11-30T23:59:59.999Z', 'open'],
    ['the instant it closes', '2026-12-01T00:00:00.000Z', 'closed'],
    ['a year after it closed', '2027-12-01T00:00:00.000Z', 'closed'],
  ])('is %s → %s', (_when, now, expected) => {
    // Act
    const status = statusAt(window, new Date(now));

    // Assess
    expect(status).toBe(expected);
  });

  it.each([
    ['before the window', '2026-10-01T00:00:00.000Z'],
    ['during the window', '2026-11-15T00:00:00.000Z'],
    ['after the window', '2027-01-01T00:00:00.000Z'],
  ])('is concluded once concluded, whatever the clock says (%s)', (_when, now) => {
    // Prepare
    const concluded = { ...window, concludedAt: '2026-11-10T00:00:00.000Z' };

    // Act / Assess
    expect(statusAt(concluded, new Date(now))).toBe('concluded');
  });

  it('interprets offsets other than UTC as the same instants', () => {
    const beijing = { opensAt: '2026-11-01T08:00:00+08:00', closesAt: '2026-12-01T08:00:00+08:00' };

    expect(statusAt(beijing, new Date('2026-10-31T23:59:59.999Z'))).toBe('scheduled');
    expect(statusAt(beijing, new Date('2026-11-01T00:00:00.000Z'))).toBe('open');
    expect(statusAt(beijing, new Date('2026-12-01T00:00:00.000Z'))).toBe('closed');
  });
});

describe('viewOf', () => {
  it('shows the live status and count but not the pinned draft hash or article list', () => {
    // Prepare
    const consultation = anOpenConsultation();

    // Act
    const view = viewOf(consultation, 7, new Date(consultation.closesAt));

    // Assess
    expect(view.status).toBe('closed');
    expect(view.commentCount).toBe(7);
    expect(Object.keys(view).sort()).toEqual(
      [
        'closesAt',
        'commentCount',
        'draftId',
        'draftVersion',
        'id',
        'moderation',
        'notices',
        'office',
        'opensAt',
        'status',
        'title',
      ].sort(),
    );
  });
});
