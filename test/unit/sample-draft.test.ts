import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConsultationEntry } from '../../shared/consultation/register.ts';
import { type Article, articlesOf, Draft, LANGS, type Lang } from '../../shared/draft/schema.ts';

const content = fileURLToPath(new URL('../../site/src/content/', import.meta.url));
const dir = `${content}drafts/transit-safety/`;
const consultationFile = `${content}consultations/transit-safety-2026.json`;

function load(lang: Lang, version = 1): Draft {
  return Draft.parse(JSON.parse(readFileSync(`${dir}v${version}.${lang}.json`, 'utf8')));
}

/** Every version of the sample draft with a file in either language, ascending. */
const versions = [
  ...new Set(
    readdirSync(dir).flatMap((name) => {
      const match = /^v(\d+)\.(?:zh|en)\.json$/.exec(name);
      return match ? [Number(match[1])] : [];
    }),
  ),
].sort((a, b) => a - b);

/** Shape of an article without its wording: paragraph count and, per paragraph, items and their sub-items. */
function shape(article: Article) {
  return {
    id: article.id,
    number: article.number,
    paragraphs: article.paragraphs.map((p) => p.items.map((item) => item.subItems.length)),
  };
}

/** Chapters with their sections, and the shape of every article: what must not differ between languages. */
function structure(draft: Draft) {
  return {
    chapters: draft.chapters.map((c) => [c.id, c.sections.map((s) => s.id)]),
    articles: articlesOf(draft).map(shape),
    noteParagraphs: draft.explanatoryNote?.paragraphs.length,
  };
}

describe('sample draft transit-safety, every version', () => {
  it('has the first and the second consultation draft', () => {
    expect(versions).toEqual([1, 2]);
  });

  it.each(versions)('v%i has a zh and an en file', (version) => {
    for (const lang of LANGS) expect(existsSync(`${dir}v${version}.${lang}.json`), lang).toBe(true);
  });

  it.each(versions.flatMap((version) => LANGS.map((lang) => [version, lang] as const)))(
    'v%i %s parses and names its draft, version and language',
    (version, lang) => {
      const draft = load(lang, version);
      expect(draft.id).toBe('transit-safety');
      expect(draft.version).toBe(version);
      expect(draft.lang).toBe(lang);
    },
  );

  it.each(versions)('v%i has identical structure in zh and en', (version) => {
    expect(structure(load('en', version))).toEqual(structure(load('zh', version)));
  });

  it('is published by its consultation at a version with both language files', () => {
    const entry = ConsultationEntry.parse(JSON.parse(readFileSync(consultationFile, 'utf8')));
    expect(entry.draftId).toBe('transit-safety');
    expect(versions).toContain(entry.draftVersion);
    for (const lang of LANGS) {
      expect(existsSync(`${dir}v${entry.draftVersion}.${lang}.json`), lang).toBe(true);
      expect(load(lang, entry.draftVersion).version).toBe(entry.draftVersion);
    }
  });

  it('calls the second version 第二次征求意见稿 and keeps its title', () => {
    expect(load('zh', 2).stage).toBe('第二次征求意见稿');
    expect(load('en', 2).stage).toBe('Second Draft for Public Comment');
    expect(load('zh', 2).title).toBe(load('zh', 1).title);
    expect(load('en', 2).title).toBe(load('en', 1).title);
  });
});

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
