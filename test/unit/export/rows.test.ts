import { describe, expect, it } from 'vitest';
import { articleIndexOf } from '../../../shared/export/articles.ts';
import { responseFor } from '../../../shared/export/model.ts';
import { beijingIso, toInternalRow, toPublicRow } from '../../../shared/export/rows.ts';
import { longDraft } from '../../fixtures/drafts/generate.ts';
import { ARTICLES, maskDigits, record } from './factories.ts';

describe('rows', () => {
  it.each([
    ['2026-11-25T06:03:07.000Z', '2026-11-25T14:03:07+08:00'],
    ['2026-12-25T16:00:00.000Z', '2026-12-26T00:00:00+08:00'],
    ['2026-12-31T15:59:59.999Z', '2026-12-31T23:59:59+08:00'],
  ])('writes %s in Beijing time as %s', (utc, beijing) => {
    expect(beijingIso(utc)).toBe(beijing);
  });

  it('takes a comment’s own response over its cluster’s, and the cluster’s over its article’s', () => {
    const a = { decision: 'adopted', reason: 'a' } as const;
    const c = { decision: 'not-adopted', reason: 'c' } as const;
    const k = { decision: 'noted', reason: 'k' } as const;
    expect(responseFor({ comment: a, cluster: c, article: k })).toEqual({ ...a, scope: 'comment' });
    expect(responseFor({ cluster: c, article: k })).toEqual({ ...c, scope: 'cluster' });
    expect(responseFor({ article: k })).toEqual({ ...k, scope: 'article' });
    expect(responseFor({})).toBeNull();
  });

  it('names an article by the draft version the comment was made on', () => {
    const v2 = { ...longDraft({ lang: 'zh', articles: 5, version: 2 }) };
    const index = articleIndexOf([longDraft({ lang: 'zh', articles: 30 }), v2]);
    expect(index.lookup(1, 'art-12').label).toBe('第十二条');
    expect(index.lookup(2, 'art-12')).toMatchObject({ label: 'art-12', title: '（第2稿中无此条）' });
    expect(index.lookup(1, null)).toMatchObject({ label: '总体意见' });
    // Version 1's articles, general comments first, then version 2's.
    const orders = [
      index.lookup(1, null),
      index.lookup(1, 'art-1'),
      index.lookup(1, 'art-30'),
      index.lookup(2, null),
    ];
    expect(orders.map((o) => o.order)).toEqual([...orders.map((o) => o.order)].sort((x, y) => x - y));
    expect(index.lookup(1, 'art-7').title).toMatch(/^第.章 /);
  });

  it('keeps every comment in the internal variant and only published ones in the public variant', () => {
    for (const status of ['pending', 'published', 'rejected', 'spam'] as const) {
      const r = record({ comment: { status }, moderationReason: status === 'rejected' ? '重复' : null });
      expect(toInternalRow(r, ARTICLES)).toMatchObject({ status, variant: 'internal' });
      expect(toPublicRow(r, ARTICLES, maskDigits)?.variant).toBe(
        status === 'published' ? 'public' : undefined,
      );
    }
  });
});
