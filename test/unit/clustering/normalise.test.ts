import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { fingerprint } from '../../../shared/clustering/fingerprint.ts';
import { HAN_FOLD_PAIRS } from '../../../shared/clustering/han-fold.ts';
import { normalise } from '../../../shared/clustering/normalise.ts';
import { seeded, toFullWidth, withInvisibles } from './corpus.ts';
import { EN_TEMPLATES, ZH_DISTINCT, ZH_TEMPLATES } from './corpus-text.ts';

// Property runs and corpora take a second or two alone; the shared machine can make that many times longer.
vi.setConfig({ testTimeout: 30_000 });

const INVISIBLE = fc.constantFrom(
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u00ad',
  '\u034f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200e',
  '\u200f',
  '\u{e0001}',
  '\u{e0041}',
  '\u{e007f}',
  '\ufe0f',
  '\u{e0100}',
);

/** Text of the kinds comments are made of: Chinese, Latin, digits, punctuation of both widths, spaces. */
const commentText = fc
  .array(
    fc.oneof(
      fc.constantFrom(...Array.from('建议地铁站台安装屏蔽门乘客安全夜班公交應當規定這個條例')),
      fc.constantFrom(...Array.from('abcXYZ019 ')),
      fc.constantFrom(...Array.from('，。！？、；：,.!?;:-"()（）【】 \n\t')),
    ),
    { minLength: 1, maxLength: 80 },
  )
  .map((chars) => chars.join(''));

describe('normalise', () => {
  it.each([
    ['full-width letters and spaces', 'ＧＰＳ　定位 Ａｒｔｉｃｌｅ １２', 'gps定位article 12'],
    ['zero-width characters inside words', 'sup\u200bport the b\u200dan', 'support the ban'],
    ['bidi controls and tag characters', '\u202e屏蔽门\u202c\u{e0041}\u{e0042}很好', '屏蔽门很好'],
    ['case', 'Article TWELVE', 'article twelve'],
    ['punctuation and whitespace of both widths', '建议，明确。\n 期限！', '建议明确期限'],
    ['traditional characters', '這個條例應當規定車輛檢測', '这个条例应当规定车辆检测'],
    ['half-width katakana', 'ｶﾀｶﾅ', 'カタカナ'],
  ])('folds %s', (_name, text, expected) => {
    expect(normalise(text)).toBe(expected);
  });

  it('keeps the characters of a text made only of punctuation or emoji, so such texts do not all collide', () => {
    expect(normalise('？？？')).toBe('???');
    expect(normalise('👍 👍')).toBe('👍👍');
    expect(normalise('!!!')).not.toBe(normalise('👍'));
  });

  it('is idempotent on any string, including unpaired surrogates and combining marks', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), commentText), (text) => {
        const once = normalise(text);
        expect(normalise(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent on the kana and marks that compose under NFKC', () => {
    for (const text of ['か.\u3099', 'e.\u0301', 'か\u3099', '\u0301か', 'ᄀ.ᅡ', 'İstanbul', 'ẞ']) {
      expect(normalise(normalise(text))).toBe(normalise(text));
    }
  });

  it('maps every traditional character of its table to a simplified one that is not itself folded', () => {
    const traditional = new Set(HAN_FOLD_PAIRS.map(([t]) => t));
    expect(traditional.size).toBe(HAN_FOLD_PAIRS.length);
    for (const [t, s] of HAN_FOLD_PAIRS) {
      expect(t).not.toBe(s);
      expect(traditional.has(s)).toBe(false);
      expect(normalise(t)).toBe(s);
    }
  });
});

describe('invisible characters and width variants do not change the fingerprint', () => {
  const letters = [...ZH_TEMPLATES, ...EN_TEMPLATES].map((s) => s.join(' ')).concat(ZH_DISTINCT);

  it('with invisible characters inserted anywhere', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...letters),
        fc.array(fc.tuple(fc.nat(), INVISIBLE), { maxLength: 12 }),
        (text, insertions) => {
          const chars = Array.from(text);
          for (const [at, ch] of insertions) chars.splice(at % (chars.length + 1), 0, ch);
          expect(fingerprint(chars.join(''))).toEqual(fingerprint(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('with full-width letters, other spacing, other punctuation and traditional characters', () => {
    fc.assert(
      fc.property(fc.constantFrom(...letters), fc.integer(), (text, seed) => {
        const random = seeded(seed);
        const variant = withInvisibles(
          toFullWidth(text.replaceAll('，', ', ').replaceAll(' ', '\n ')),
          3,
          random,
        );
        expect(fingerprint(variant)).toEqual(fingerprint(text));
      }),
      { numRuns: 200 },
    );
  });

  it('but a changed word does change it', () => {
    expect(fingerprint('建议安装屏蔽门').contentHash).not.toBe(fingerprint('建议拆除屏蔽门').contentHash);
  });
});
