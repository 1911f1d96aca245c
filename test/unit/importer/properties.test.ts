import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DraftImportError, importText } from '../../../shared/draft/importer/index.ts';
import { renderDraft } from '../../../shared/draft/render.ts';
import type { Draft, Lang } from '../../../shared/draft/schema.ts';
import { draftArbitrary, lineSoup, respaced } from './arbitraries.ts';

const LANGS: Lang[] = ['zh', 'en'];

describe.each(LANGS)('render → import round trip (%s)', (lang) => {
  it('reads every rendered draft back unchanged and without diagnostics', () => {
    fc.assert(
      fc.property(draftArbitrary(lang), fc.boolean(), (draft, toc) => {
        const result = importText(renderDraft(draft, { toc }), { id: draft.id, version: draft.version });
        expect(result.diagnostics).toEqual([]);
        expect(result.draft).toEqual(draft);
      }),
      { numRuns: 150 },
    );
  });

  it('ignores how the text is spaced: indents, full- or half-width separators, blank lines', () => {
    fc.assert(
      fc.property(
        draftArbitrary(lang).chain((draft) => fc.tuple(fc.constant(draft), respaced(renderDraft(draft)))),
        ([draft, text]) => {
          const result = importText(text, { id: draft.id, version: draft.version });
          expect(result.diagnostics).toEqual([]);
          expect(result.draft).toEqual(draft);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe.each(LANGS)('no text is lost (%s)', (lang) => {
  it('carries every character of any text into the draft, except the 目录 and label punctuation it reports', () => {
    fc.assert(
      fc.property(lineSoup(lang), (lines) => {
        // Act
        let result: ReturnType<typeof importText>;
        try {
          result = importText(lines.join('\n'), { id: 'soup-draft', lang });
        } catch (error) {
          // Refusing is fine when there is nothing to publish; losing text or breaking the schema is not.
          expect(error).toBeInstanceOf(DraftImportError);
          expect(['no-title', 'no-articles']).toContain((error as DraftImportError).code);
          return;
        }

        // Assess: recompute both sides independently of the importer's own check.
        const squeeze = (s: string) => s.replace(/[\s\u200b\u2060]/gu, '');
        let expected = '';
        lines.forEach((line, index) => {
          const cuts = result.cuts.filter((c) => c.index === index).sort((a, b) => a.start - b.start);
          let kept = squeeze(line);
          for (const cut of [...cuts].reverse()) {
            expect(kept.slice(cut.start, cut.end)).toBe(cut.text);
            if (cut.reason === 'toc') expect(cut.text).toBe(squeeze(line));
            else expect(cut.text).toMatch(/^[()（）〔〕【】[\]:：.．、—–-]+$/u);
            kept = kept.slice(0, cut.start) + kept.slice(cut.end);
          }
          expected += kept;
        });
        const synthetic = new Set(result.synthetic);
        const actual = fields(result.draft)
          .filter(([path]) => !synthetic.has(path))
          .map(([, text]) => squeeze(text))
          .join('');
        expect(actual).toBe(expected);
        for (const path of synthetic) {
          expect(path).toMatch(
            /^\/(title|stage|chapters\/\d+\/(label|title|sections\/\d+\/title|.*\/paragraphs\/\d+\/text))$/,
          );
        }
      }),
      { numRuns: 400 },
    );
  });
});

/** Every text field of a draft in reading order, with its JSON pointer. */
function fields(draft: Draft): [string, string][] {
  const out: [string, string][] = [
    ['/title', draft.title],
    ['/stage', draft.stage],
  ];
  draft.preamble.forEach((p, i) => {
    out.push([`/preamble/${i}`, p]);
  });
  const articles = (base: string, list: Draft['chapters'][number]['articles']) => {
    list.forEach((a, ai) => {
      const ap = `${base}/articles/${ai}`;
      out.push([`${ap}/label`, a.label]);
      a.paragraphs.forEach((p, pi) => {
        out.push([`${ap}/paragraphs/${pi}/text`, p.text]);
        for (const item of p.items) {
          out.push(['item', item.label], ['item', item.text]);
          for (const sub of item.subItems) out.push(['sub', sub.label], ['sub', sub.text]);
        }
      });
    });
  };
  draft.chapters.forEach((c, ci) => {
    out.push([`/chapters/${ci}/label`, c.label], [`/chapters/${ci}/title`, c.title]);
    articles(`/chapters/${ci}`, c.articles);
    c.sections.forEach((s, si) => {
      out.push(['section', s.label], [`/chapters/${ci}/sections/${si}/title`, s.title]);
      articles(`/chapters/${ci}/sections/${si}`, s.articles);
    });
  });
  const note = draft.explanatoryNote;
  if (note) {
    out.push(['note', note.title]);
    for (const p of note.paragraphs) {
      if (p.heading !== undefined) out.push(['note', p.heading]);
      out.push(['note', p.text]);
    }
  }
  return out;
}
