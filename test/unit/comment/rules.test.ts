import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CommentSubmission } from '../../../shared/comment/comment.ts';
import {
  charCount,
  cleanText,
  formLetterText,
  isEmail,
  isPhone,
  MAX_BODY_CHARS,
  normalizeReceipt,
  textProblem,
} from '../../../shared/comment/rules.ts';
import { contentHashOf } from '../../../shared/comment/submit-comment.ts';
import { aSubmission } from '../../support/factories.ts';

const LETTER = '我们支持本条例草案第五条，建议增加夜间公交安全员。We support Article 5.';

describe('cleanText', () => {
  it.each([
    ['a zero-width space', 'a\u200bb', 'ab'],
    ['a word joiner and a BOM', '\ufeffa\u2060b', 'ab'],
    ['a soft hyphen', 'regu\u00adlation', 'regulation'],
    ['left-to-right and right-to-left marks', '\u200ea\u200fb', 'ab'],
    ['tag characters outside a flag', 'a\u{E0041}\u{E0042}b', 'ab'],
    ['a zero-width joiner between letters', '意\u200d见', '意见'],
    ['a line separator', '第一行\u2028第二行', '第一行\n第二行'],
    ['a paragraph separator', '第一段\u2029第二段', '第一段\n第二段'],
  ])('removes %s', (_case, input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });

  it.each([
    ['a family emoji (zero-width joiners)', '👨\u200d👩\u200d👧'],
    ['a profession emoji with a skin tone', '👩🏽\u200d💻'],
    ['a rainbow flag', '🏳️\u200d🌈'],
    ['the flag of Scotland (tag characters)', '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}'],
    ['an ideographic variation sequence', '葛\u{E0100}'],
    ['full-width punctuation', '建议，增加。'],
    ['tabs and line breaks', 'a\tb\r\nc'],
  ])('keeps %s', (_case, input) => {
    expect(cleanText(input)).toBe(input);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(cleanText(cleanText(s))).toBe(cleanText(s));
      }),
    );
  });
});

describe('textProblem', () => {
  it.each([
    ['\ud800', 'lone-surrogate'],
    ['a\udfffb', 'lone-surrogate'],
    ['\u0000', 'control-characters'],
    ['\u202e', 'bidi-override'],
    ['😀'.repeat(MAX_BODY_CHARS + 1), 'too-long'],
  ])('finds %j: %s', (text, problem) => {
    expect(textProblem(text, MAX_BODY_CHARS)).toBe(problem);
  });

  it('counts code points, as the form does: 5,000 emoji are 5,000 characters', () => {
    const text = '😀'.repeat(MAX_BODY_CHARS);
    expect(text.length).toBe(2 * MAX_BODY_CHARS);
    expect(charCount(text)).toBe(MAX_BODY_CHARS);
    expect(textProblem(text, MAX_BODY_CHARS)).toBeUndefined();
  });

  it('and the server agrees with it on every text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (raw) => {
        const cleaned = cleanText(raw);
        const clientOk = textProblem(cleaned, 40) === undefined && cleaned.trim() !== '';
        const server = CommentSubmission.safeParse(aSubmission({ displayName: raw, publishName: true }));
        expect(server.success).toBe(clientOk);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('contentHashOf', () => {
  it.each([
    ['zero-width spaces between characters', [...LETTER].join('\u200b')],
    [
      'word joiners and soft hyphens',
      LETTER.replace(/支持/, '支\u2060持').replace('Article', 'Arti\u00adcle'),
    ],
    ['tag characters', `${LETTER}\u{E0001}\u{E0062}`],
    [
      'full-width Latin letters and digits',
      LETTER.replace('We support Article 5.', 'Ｗｅ ｓｕｐｐｏｒｔ Ａｒｔｉｃｌｅ ５.'),
    ],
    ['another case', LETTER.toUpperCase()],
    ['extra whitespace and line separators', LETTER.replace('，', '， \u3000\u2028').replace(' ', '   ')],
    ['spaces between Chinese characters', LETTER.replace('我们支持', '我 们 支 持')],
    ['a BOM and bidi marks', `\ufeff\u200e${LETTER}\u200f`],
    ['variation selectors', LETTER.replace('我', '我\ufe00')],
  ])('gives one form letter the same hash when it carries %s', (_case, variant) => {
    expect(contentHashOf(variant)).toBe(contentHashOf(LETTER));
  });

  it('still tells different letters apart', () => {
    expect(contentHashOf(LETTER)).not.toBe(contentHashOf(LETTER.replace('第五条', '第六条')));
  });

  it('cannot be split by inserting invisible characters anywhere', () => {
    const invisible = fc.constantFrom(
      '\u200b',
      '\u200c',
      '\u200d',
      '\u2060',
      '\ufeff',
      '\u00ad',
      '\u{E0020}',
      '\u2028',
      ' ',
      '\u3000',
      '\ufe0f',
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(LETTER.length), invisible), { maxLength: 20 }), (inserts) => {
        // Inserted between code points: splitting a surrogate pair would make text the API refuses.
        const chars = [...LETTER];
        for (const [at, ch] of inserts) chars.splice(at, 0, ch);
        expect(formLetterText(chars.join(''))).toBe(formLetterText(LETTER));
      }),
    );
  });
});

describe('contact rules', () => {
  it.each([
    ['+86 138 0013 8000', true],
    ['13800138000', true],
    ['(010) 6512-3456', true],
    ['0755-12345678-123', true],
    ['call me', false],
    ['12-34', false],
    ['+86 138 0013 8000 1234 5678 9', false],
    ['++8613800138000', false],
  ])('phone %j → %s', (phone, ok) => {
    expect(isPhone(phone)).toBe(ok);
    expect(CommentSubmission.safeParse(aSubmission({ contact: { phone } })).success).toBe(ok);
  });

  it.each([
    ['citizen@example.cn', true],
    ['li.hua+comments@mail.example.com.cn', true],
    ['not-an-email', false],
    ['a@b', false],
    ['a..b@example.cn', false],
  ])('email %j → %s', (email, ok) => {
    expect(isEmail(email)).toBe(ok);
    expect(CommentSubmission.safeParse(aSubmission({ contact: { email } })).success).toBe(ok);
  });
});

describe('normalizeReceipt (shared with the site)', () => {
  it.each([
    ['full-width letters from a Chinese input method', 'ＡＢＣＤ－ＥＦＧＨ－ＪＫＭＮ'],
    ['an ideographic space', 'ABCD\u3000EFGH\u3000JKMN'],
    ['a minus sign and a figure dash', 'ABCD−EFGH‒JKMN'],
  ])('accepts %s', (_case, input) => {
    expect(normalizeReceipt(input)).toBe('ABCD-EFGH-JKMN');
  });

  it.each([['ABCD.EFGH.JKMN'], ['ABCD_EFGH_JKMN'], ['ABCD·EFGH·JKMN'], ['A'.repeat(10_000)]])(
    'refuses %s',
    (input) => {
      expect(normalizeReceipt(input)).toBeUndefined();
    },
  );
});
