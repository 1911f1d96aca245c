import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Article, articlesOf, Draft } from '../../shared/draft/schema.ts';

const dir = fileURLToPath(new URL('../../site/src/content/drafts/transit-safety/', import.meta.url));

function load(lang: 'zh' | 'en'): Draft {
  return Draft.parse(JSON.parse(readFileSync(`${dir}v1.${lang}.json`, 'utf8')));
}

/** Shape of an article without its wording: paragraph count and, per paragraph, items and their sub-items. */
function shape(article: Article) {
  return {
    id: article.id,
    number: article.number,
    paragraphs: article.paragraphs.map((p) => p.items.map((item) => item.subItems.length)),
  };
}

describe('sample draft transit-safety v1', () => {
  const zh = load('zh');
  const en = load('en');

  it('has the expected metadata', () => {
    for (const [draft, lang] of [
      [zh, 'zh'],
      [en, 'en'],
    ] as const) {
      expect(draft.id).toBe('transit-safety');
      expect(draft.version).toBe(1);
      expect(draft.lang).toBe(lang);
    }
    expect(zh.title).toBe('示例市城市公共交通安全管理条例');
    expect(zh.stage).toBe('征求意见稿');
    expect(en.title).toBe('Shili City Urban Public Transport Safety Regulations');
    expect(en.stage).toBe('Draft for Public Comment');
  });

  it('is large enough', () => {
    expect(zh.chapters.length).toBeGreaterThanOrEqual(6);
    expect(articlesOf(zh).length).toBeGreaterThanOrEqual(45);
  });

  it('numbers chapters, sections and articles consecutively with unique ids', () => {
    for (const draft of [zh, en]) {
      draft.chapters.forEach((chapter, i) => {
        expect(chapter.id).toBe(`ch-${i + 1}`);
        expect(chapter.number).toBe(i + 1);
        chapter.sections.forEach((section, j) => {
          expect(section.id).toBe(`ch-${i + 1}-sec-${j + 1}`);
          expect(section.number).toBe(j + 1);
        });
      });
      const articles = articlesOf(draft);
      expect(new Set(articles.map((a) => a.id)).size).toBe(articles.length);
      articles.forEach((article, i) => {
        expect(article.id).toBe(`art-${i + 1}`);
        expect(article.number).toBe(i + 1);
        expect(article.suffix).toBeUndefined();
      });
    }
  });

  it('labels articles as printed', () => {
    const zhLabels = articlesOf(zh).map((a) => a.label);
    expect(zhLabels[0]).toBe('第一条');
    expect(zhLabels[9]).toBe('第十条');
    expect(zhLabels[10]).toBe('第十一条');
    expect(zhLabels[19]).toBe('第二十条');
    expect(zhLabels[47]).toBe('第四十八条');
    expect(articlesOf(en).map((a) => a.label)).toEqual(articlesOf(en).map((a) => `Article ${a.number}`));
  });

  it('has identical structure in zh and en', () => {
    expect(en.chapters.map((c) => [c.id, c.sections.map((s) => s.id)])).toEqual(
      zh.chapters.map((c) => [c.id, c.sections.map((s) => s.id)]),
    );
    expect(articlesOf(en).map(shape)).toEqual(articlesOf(zh).map(shape));
  });

  it('uses paragraphs, items, sub-items and sections', () => {
    const articles = articlesOf(zh);
    const items = articles.flatMap((a) => a.paragraphs.flatMap((p) => p.items));
    expect(articles.some((a) => a.paragraphs.length >= 3)).toBe(true);
    expect(items.length).toBeGreaterThan(0);
    expect(items.some((item) => item.subItems.length > 0)).toBe(true);
    expect(zh.chapters.some((c) => c.sections.length > 0)).toBe(true);
    expect(items[0]?.label).toBe('（一）');
    expect(articlesOf(en).flatMap((a) => a.paragraphs.flatMap((p) => p.items))[0]?.label).toBe('(1)');
  });

  it('has a substantive article 5', () => {
    const art5 = articlesOf(zh).find((a) => a.id === 'art-5');
    expect(art5?.paragraphs.length).toBeGreaterThanOrEqual(2);
  });

  it('has an explanatory note in both languages', () => {
    expect(zh.explanatoryNote?.paragraphs.length).toBeGreaterThanOrEqual(4);
    expect(en.explanatoryNote?.title).toBe('Explanatory Note on the Draft');
    expect(en.explanatoryNote?.paragraphs.length).toBe(zh.explanatoryNote?.paragraphs.length);
  });
});
