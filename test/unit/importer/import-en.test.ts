import { describe, expect, it } from 'vitest';
import { importFile, importText } from '../../../shared/draft/importer/index.ts';
import { renderDraft } from '../../../shared/draft/render.ts';
import { articlesOf } from '../../../shared/draft/schema.ts';
import { longDraft } from '../../fixtures/drafts/generate.ts';
import { fixture, importLines } from './helpers.ts';

describe('importing an English draft', () => {
  it('detects English and reads chapters, sections, Article N, items (1) and sub-items (a)', async () => {
    // Act
    const { draft, diagnostics, lang, stats } = await importFile(fixture('full-en.txt'), {
      id: 'transit-safety',
    });

    // Assess
    expect(diagnostics).toEqual([]);
    expect(lang).toBe('en');
    expect(draft).toMatchObject({
      lang: 'en',
      title: 'Shili City Urban Public Transport Safety Regulations',
      stage: 'Draft for Public Comment',
    });
    expect(draft.chapters.map((c) => [c.id, c.label, c.title])).toEqual([
      ['ch-1', 'Chapter I', 'General Provisions'],
      ['ch-2', 'Chapter II', 'Operating Safety'],
      ['ch-3', 'Chapter III', 'Supplementary Provisions'],
    ]);
    expect(draft.chapters[1]?.sections.map((s) => s.title)).toEqual(['General Rules', 'Urban Rail Transit']);
    expect(articlesOf(draft).map((a) => [a.id, a.label])).toEqual([
      ['art-1', 'Article 1'],
      ['art-2', 'Article 2'],
      ['art-2-1', 'Article 2-1'],
      ['art-3', 'Article 3'],
      ['art-4', 'Article 4'],
      ['art-5', 'Article 5'],
    ]);
    const article3 = articlesOf(draft).find((a) => a.id === 'art-3');
    expect(article3?.paragraphs[0]?.items.map((i) => [i.label, i.subItems.map((s) => s.label)])).toEqual([
      ['(1)', []],
      ['(2)', ['(a)', '(b)']],
      ['(3)', []],
    ]);
    expect(article3?.paragraphs[1]?.text).toBe(
      'The principal person in charge of an operator is fully responsible for its production safety.',
    );
    expect(stats.tocLines).toBe(6);
    expect(draft.explanatoryNote?.paragraphs[0]).toEqual({
      heading: 'I. Necessity of the Draft',
      text: 'As urban public transport in this City expands, safety management faces new challenges.',
    });
  });

  it('reads a statute-style text: numbered sections, paragraphs (1), items (a), sub-items (i)', async () => {
    const { draft, diagnostics, cuts } = await importFile(fixture('statute-en.txt'), { id: 'ferry' });
    expect(diagnostics).toEqual([]);
    expect(draft.stage).toBe('Exposure Draft');
    expect(draft.chapters.map((c) => [c.label, c.title])).toEqual([
      ['Chapter 1', 'Preliminary'],
      ['Chapter 2', 'Enforcement'],
    ]);
    expect(cuts.filter((c) => c.reason === 'decoration').map((c) => c.text)).toEqual(['(', ')', ':', ':']);
    const section2 = articlesOf(draft)[1];
    expect(section2?.label).toBe('2.');
    expect(section2?.paragraphs.map((p) => p.text)).toEqual([
      '(1) In this Ordinance, "ferry" means a vessel carrying passengers for reward.',
      '(2) A ferry operator must—',
      '(3) The Director may exempt a ferry operator from subsection (2).',
    ]);
    expect(section2?.paragraphs[1]?.items).toEqual([
      { label: '(a)', text: 'keep a passenger log; and', subItems: [] },
      {
        label: '(b)',
        text: 'report every incident that—',
        subItems: [
          { label: '(i)', text: 'causes injury; or' },
          { label: '(ii)', text: 'damages the vessel.' },
        ],
      },
    ]);
  });

  it('tells item (i) after (h) from sub-item (i) by whether the item before opens a list', () => {
    const letters = 'abcdefgh'.split('').map((l) => `(${l}) case ${l};`);
    const { draft } = importLines([
      'Test Regulations',
      '(Draft for Comment)',
      'Chapter I General',
      'Article 1 The following apply:',
      ...letters,
      '(i) case i; and',
      '(j) case j, namely:',
      '(i) first;',
      '(ii) second.',
    ]);
    const items = articlesOf(draft)[0]?.paragraphs[0]?.items ?? [];
    expect(items.map((i) => i.label)).toEqual([
      '(a)',
      '(b)',
      '(c)',
      '(d)',
      '(e)',
      '(f)',
      '(g)',
      '(h)',
      '(i)',
      '(j)',
    ]);
    expect(items.at(-1)?.subItems.map((s) => s.label)).toEqual(['(i)', '(ii)']);
  });

  it('reads "Chapter I: General", "Article 1." and "Article 2 —" separators', () => {
    const { draft, cuts } = importLines([
      'Test Regulations',
      '(Draft)',
      'CHAPTER I: GENERAL PROVISIONS',
      'Article 1. These Regulations apply.',
      'Article 2 — Definitions apply.',
    ]);
    expect(draft.chapters[0]).toMatchObject({ label: 'CHAPTER I', title: 'GENERAL PROVISIONS' });
    expect(articlesOf(draft).map((a) => [a.label, a.paragraphs[0]?.text])).toEqual([
      ['Article 1', 'These Regulations apply.'],
      ['Article 2', 'Definitions apply.'],
    ]);
    expect(cuts.map((c) => c.text)).toEqual(['(', ')', ':', '.', '—']);
  });

  it('does not take a sentence that cites an article for an article heading', () => {
    const { draft } = importLines([
      'Test Regulations',
      '(Draft for Comment)',
      'Chapter I General',
      'Article 1 Operators shall comply.',
      'Article 5 of the Road Traffic Law applies to them.',
    ]);
    expect(articlesOf(draft)).toHaveLength(1);
    expect(articlesOf(draft)[0]?.paragraphs[1]?.text).toBe(
      'Article 5 of the Road Traffic Law applies to them.',
    );
  });

  it('imports a long English draft of 110 articles with sections exactly as generated', () => {
    const expected = longDraft({ lang: 'en', articles: 110 });
    const { draft, diagnostics } = importText(renderDraft(expected, { toc: true }), { id: 'long-draft' });
    expect(diagnostics).toEqual([]);
    expect(draft).toEqual(expected);
  });
});
