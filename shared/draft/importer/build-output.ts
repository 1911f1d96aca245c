/**
 * The grown tree as the draft's chapters: unique ids for repeated numbers, placeholder titles where the text
 * has none, and every made-up field listed as synthetic.
 */
import type { DraftInput, Lang } from '../schema.ts';
import type { WArticle, WChapter } from './build-tree-types.ts';

const UNTITLED = { zh: '（无标题）', en: '(untitled)' } as const;

export function toDraftChapters(
  chapters: WChapter[],
  lang: Lang,
  draftTitle: string,
  synthetic: string[],
): DraftInput['chapters'] {
  const chapterIds = new Set<number>();
  const articleIds = new Set<string>();
  const realCount = chapters.filter((c) => !c.synthetic).length;
  const maxChapter = Math.max(0, ...chapters.map((c) => c.number));
  let nextFree = maxChapter + 1;

  const articleOut = (a: WArticle, path: string) => {
    let suffix = a.suffix;
    let id = `art-${a.number}${suffix === undefined ? '' : `-${suffix}`}`;
    if (articleIds.has(id)) {
      // A repeated number: keep the printed label, give the id the first free suffix so anchors stay unique.
      suffix = 1;
      while (articleIds.has(`art-${a.number}-${suffix}`)) suffix += 1;
      id = `art-${a.number}-${suffix}`;
    }
    articleIds.add(id);
    return {
      id,
      number: a.number,
      ...(suffix === undefined ? {} : { suffix }),
      label: a.label,
      paragraphs: a.paragraphs.map((p, i) => {
        if (p.synthetic) synthetic.push(`${path}/paragraphs/${i}/text`);
        return {
          text: p.text,
          items: p.items.map((item) => ({
            label: item.label,
            text: item.text,
            subItems: item.subItems.map((s) => ({ label: s.label, text: s.text })),
          })),
        };
      }),
    };
  };

  return chapters.map((c, ci) => {
    const path = `/chapters/${ci}`;
    let idNumber: number;
    if (c.synthetic) {
      idNumber = realCount > 0 ? 0 : 1;
      synthetic.push(`${path}/label`, `${path}/title`);
    } else if (chapterIds.has(c.number)) {
      idNumber = nextFree;
      nextFree += 1;
    } else {
      idNumber = c.number;
    }
    chapterIds.add(idNumber);
    const chapterId = `ch-${idNumber}`;
    const sectionIds = new Set<number>();
    let nextSection = Math.max(0, ...c.sections.map((s) => s.number)) + 1;
    let title = c.title;
    if (c.synthetic) title = draftTitle || UNTITLED[lang];
    else if (title === '') {
      title = UNTITLED[lang];
      synthetic.push(`${path}/title`);
    }
    return {
      id: chapterId,
      number: c.number,
      label: c.label,
      title,
      articles: c.articles.map((a, ai) => articleOut(a, `${path}/articles/${ai}`)),
      sections: c.sections.map((s, si) => {
        let n = s.number;
        if (sectionIds.has(n)) {
          n = nextSection;
          nextSection += 1;
        }
        sectionIds.add(n);
        const sp = `${path}/sections/${si}`;
        if (s.title === '') synthetic.push(`${sp}/title`);
        return {
          id: `${chapterId}-sec-${n}`,
          number: s.number,
          label: s.label,
          title: s.title === '' ? UNTITLED[lang] : s.title,
          articles: s.articles.map((a, ai) => articleOut(a, `${sp}/articles/${ai}`)),
        };
      }),
    };
  });
}
