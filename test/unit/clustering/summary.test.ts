import { describe, expect, it, vi } from 'vitest';
import { differences, summariseCluster } from '../../../shared/clustering/summary.ts';
import { EN_TEMPLATES, ZH_TEMPLATES } from './corpus-text.ts';

// Property runs and corpora take a second or two alone; the shared machine can make that many times longer.
vi.setConfig({ testTimeout: 30_000 });

const zh = ZH_TEMPLATES[0]?.join('') ?? '';
const en = EN_TEMPLATES[2]?.join(' ') ?? '';

describe('how a variant differs from the representative', () => {
  it.each([
    [
      'an inserted Chinese phrase',
      zh,
      zh.replace('我坚决支持', '我坚决支持并呼吁'),
      [{ kind: 'inserted', text: '并呼吁' }],
    ],
    [
      'a removed Chinese phrase',
      zh,
      zh.replace('恳请起草机关采纳以上意见。', ''),
      [{ kind: 'removed', text: '恳请起草机关采纳以上意见' }],
    ],
    [
      'an inserted English word',
      en,
      en.replace('far too light', 'really far too light'),
      [{ kind: 'inserted', text: 'really' }],
    ],
    [
      'a sentence moved to the end',
      en,
      `${en.slice(en.indexOf('The penalties'))} Bus drivers deserve protection.`,
      [{ kind: 'moved', text: 'bus drivers deserve protection' }],
    ],
    [
      'only width, punctuation and traditional characters',
      zh,
      zh.replaceAll('，', ', ').replace('规定', '規定'),
      [],
    ],
  ])('reports %s', (_name, from, to, expected) => {
    expect(differences(from, to)).toEqual(expected);
  });

  it('gives up on texts too different for a short list', () => {
    expect(differences(zh, ZH_TEMPLATES[3]?.join('') ?? '')).toBeUndefined();
  });
});

describe('summariseCluster', () => {
  const members = [
    { id: 'C03', text: zh.replace('三年', '两年') },
    { id: 'C01', text: `我是一名退休教师。${zh}望采纳。` },
    { id: 'C02', text: zh },
    { id: 'C04', text: ` ${zh.replaceAll('。', '. ')}` },
    { id: 'C05', text: `${zh}望采纳。` },
  ];

  it('takes the medoid as representative, counts exact copies and lists what the others change', () => {
    const summary = summariseCluster({ clusterId: 'C01', size: 120, members });
    expect(summary.size).toBe(120);
    expect(summary.representative.id).toBe('C02');
    expect(summary.exactCopies).toBe(1);
    expect(summary.variants.map((v) => v.commentId).sort()).toEqual(['C01', 'C03', 'C05']);
    expect(summary.variants.find((v) => v.commentId === 'C03')?.phrases).toEqual([
      { kind: 'removed', text: '三' },
      { kind: 'inserted', text: '两' },
    ]);
    expect(summary.commonChanges).toContainEqual({ kind: 'inserted', text: '望采纳', count: 2 });
  });

  it('can take the earliest comment as representative', () => {
    expect(
      summariseCluster({ clusterId: 'C01', members }, { representative: 'earliest' }).representative.id,
    ).toBe('C01');
  });

  it('refuses an empty cluster', () => {
    expect(() => summariseCluster({ clusterId: 'C01', members: [] })).toThrow(RangeError);
  });
});
