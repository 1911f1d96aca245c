import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalise, normaliseFields } from '../../../shared/search/normalise.ts';
import { containsChunk, documentTerms, parseQuery } from '../../../shared/search/terms.ts';
import { segmenter } from './helpers.ts';

// Any code point (fast-check's own 'binary' unit is slow to generate), weighted towards the ones that
// normalisation treats specially.
const character = fc.oneof(
  fc.constantFrom(
    'Ａ',
    'ａ',
    '１',
    '\u3000',
    '\u00a0',
    '\u200b',
    '\u200d',
    '\ufeff',
    '\u00ad',
    '\ufe0f',
    'İ',
    'ẞ',
    'ﬁ',
    '㎞',
    '①',
    '\n',
    '\t',
    '\u0000',
    '\u0085',
    '地',
    '铁',
    ' ',
    '𠮷',
  ),
  fc
    .integer({ min: 0, max: 0x10ffff })
    .filter((c) => c < 0xd800 || c > 0xdfff)
    .map((c) => String.fromCodePoint(c)),
);

describe('normalise', () => {
  it.each([
    ['full-width letters and digits', 'ＢＵＳ １２３路', 'bus 123路'],
    ['ideographic space and full-width comma', '地铁站\u3000安全，门', '地铁站安全,门'],
    ['zero-width space, joiner, soft hyphen, BOM', '电\u200b动\u200d自\u00ad行\ufeff车', '电动自行车'],
    ['variation selector and word joiner', '安\ufe0f全\u2060带', '安全带'],
    ['upper case', 'Seat BELT', 'seat belt'],
    ['whitespace runs and tabs', '  seat \t\n belt  ', 'seat belt'],
    ['space typed between Han characters', '地铁 站 附近', '地铁站附近'],
    ['control characters', 'a\u0001b\u007fc', 'abc'],
  ])('folds %s', (_name, input, expected) => {
    expect(normalise(input)).toBe(expected);
  });

  it('is idempotent and never yields the separators the index relies on', () => {
    fc.assert(
      fc.property(fc.string({ unit: character, maxLength: 40 }), (s) => {
        const once = normalise(s);
        expect(normalise(once)).toBe(once);
        expect(once.includes('\n') || once.includes('\u0000')).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the fields apart so that no phrase spans the body and the proposed wording', () => {
    const text = normaliseFields(['建议增设地铁', '站台屏蔽门', null]);
    expect(text).toBe('建议增设地铁\n站台屏蔽门');
    const [chunk] = parseQuery('地铁站台', segmenter);
    expect(chunk).toBeDefined();
    if (chunk !== undefined) expect(containsChunk(text, chunk)).toBe(false);
  });
});

describe('terms', () => {
  it('indexes jieba search-mode words and every Han bigram, and English words without stemming', () => {
    const terms = documentTerms(normalise('禁止携带电动自行车进站 E-bikes banned'), segmenter);
    expect([...terms.words]).toEqual(
      expect.arrayContaining(['电动', '自行车', '进站', 'e', 'bikes', 'banned']),
    );
    expect(terms.words.has('bike')).toBe(false);
    expect([...terms.grams]).toEqual(
      expect.arrayContaining(['电动', '动自', '自行', '行车', '车进', '进站']),
    );
    expect(terms.grams.has('站e')).toBe(false);
  });

  it('parses quoted phrases, strips edge punctuation and drops repeated chunks', () => {
    const chunks = parseQuery('“seat belt” 地铁站， 地铁站 ＢＵＳ!', segmenter);
    expect(chunks.map((c) => c.text)).toEqual(['seat belt', '地铁站', 'bus']);
    expect(chunks.map((c) => c.exact)).toEqual([false, false, true]);
    expect(chunks[1]?.segments).toEqual(['地铁站']);
    expect(chunks[1]?.grams).toEqual(['地铁', '铁站']);
  });

  it('checks a phrase of English words at word boundaries only', () => {
    const [chunk] = parseQuery('"seat belt"', segmenter);
    if (chunk === undefined) throw new Error('no chunk');
    expect(containsChunk('fasten the seat belt', chunk)).toBe(true);
    expect(containsChunk('car seat belts', chunk)).toBe(false);
    expect(containsChunk('carseat belt', chunk)).toBe(false);
    expect(containsChunk('seat belts; a seat belt.', chunk)).toBe(true);
  });

  it('reads characters outside the BMP as one character', () => {
    // U+20BB7 𠮷 is a surrogate pair; its bigrams must not split it.
    const terms = documentTerms(normalise('𠮷野家地铁'), segmenter);
    expect(terms.grams.has('𠮷野')).toBe(true);
    for (const g of terms.grams) expect([...g]).toHaveLength(2);
  });
});
