/**
 * Generated corpora with known ground truth for the clustering tests and benchmark (fixed seeds, no I/O).
 * A form-letter variant is its template with a few random edits (characters or words inserted, deleted or
 * substituted, a personal line added, two neighbouring sentences swapped) and surface noise that must not
 * matter (invisible characters, full-width letters, traditional characters, other punctuation and spacing).
 */
import { HAN_FOLD_PAIRS } from '../../../shared/clustering/han-fold.ts';
import { EN_DISTINCT, EN_TEMPLATES, ZH_DISTINCT, ZH_TEMPLATES } from './corpus-text.ts';

export type CorpusComment = { readonly id: string; readonly text: string; readonly truth: string };
export type Lang = 'zh' | 'en';

export type Random = {
  next(): number;
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
};

/** mulberry32: small, fast and the same on every machine. */
export function seeded(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      const item = items[int(items.length)];
      if (item === undefined) throw new RangeError('pick from an empty list');
      return item;
    },
    chance: (p: number) => next() < p,
  };
}

const ZH_FILLERS = [
  '确实',
  '非常',
  '我认为',
  '真心',
  '务必',
  '尽快',
  '切实',
  '坚决',
  '进一步',
  '特别',
] as const;
const ZH_SWAPS: readonly (readonly [string, string])[] = [
  ['建议', '提议'],
  ['应当', '应该'],
  ['乘客', '市民'],
  ['必须', '一定要'],
  ['明确', '写明'],
  ['希望', '期望'],
  ['规定', '条款'],
];
const ZH_CHAR_POOL =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府研张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严';
const ZH_INTROS = [
  '我是一名退休教师。',
  '我家住在地铁五号线附近。',
  '作为一名外卖骑手，',
  '我是两个孩子的母亲。',
  '本人在公交公司工作十年。',
  '我是在校大学生，',
] as const;
const ZH_OUTROS = ['谢谢！', '以上是我的个人意见。', '望采纳。', '盼复。', '辛苦了。'] as const;

const EN_FILLERS = [
  'really',
  'strongly',
  'also',
  'truly',
  'urgently',
  'simply',
  'clearly',
  'frankly',
] as const;
const EN_SWAPS: readonly (readonly [string, string])[] = [
  ['please', 'kindly'],
  ['should', 'must'],
  ['passengers', 'riders'],
  ['city', 'municipality'],
  ['ask', 'urge'],
  ['metro', 'subway'],
  ['worried', 'concerned'],
];
const EN_WORD_POOL = [
  'safety',
  'people',
  'station',
  'time',
  'public',
  'service',
  'line',
  'rule',
  'health',
  'system',
  'every',
  'only',
  'more',
  'new',
  'clear',
] as const;
const EN_INTROS = [
  'I live near Line 5.',
  'As a parent of two,',
  'I have commuted by bus for fifteen years.',
  'Speaking as a nurse on night shifts,',
  'I am a retired engineer.',
] as const;
const EN_OUTROS = [
  'Thank you.',
  'Regards.',
  'Please take this seriously.',
  'Many thanks for your work.',
] as const;

const INVISIBLES = [
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u00ad',
  '\u202a',
  '\u202c',
  '\u2066',
  '\u2069',
  '\u{e0041}',
  '\ufe0f',
] as const;

const TO_TRADITIONAL = new Map<string, string>(HAN_FOLD_PAIRS.map(([t, s]) => [s, t]));

/** A variant of a form letter, as a person pasting and editing it would write it. */
export function variantOf(sentences: readonly string[], lang: Lang, random: Random, edits: number): string {
  const parts = [...sentences];
  for (let e = 0; e < edits; e++) {
    const op = random.int(lang === 'zh' ? 6 : 5);
    const at = random.int(parts.length);
    const sentence = parts[at] ?? '';
    if (op === 4 && parts.length > 1) {
      const j = at + 1 < parts.length ? at + 1 : at - 1;
      [parts[at], parts[j]] = [parts[j] ?? '', sentence];
    } else if (lang === 'zh') parts[at] = editZh(sentence, op, random);
    else parts[at] = editEn(sentence, op, random);
  }
  if (random.chance(0.3)) parts.unshift(lang === 'zh' ? random.pick(ZH_INTROS) : random.pick(EN_INTROS));
  if (random.chance(0.3)) parts.push(lang === 'zh' ? random.pick(ZH_OUTROS) : random.pick(EN_OUTROS));
  return surfaceNoise(parts, lang, random);
}

function editZh(sentence: string, op: number, random: Random): string {
  const chars = Array.from(sentence);
  const at = random.int(Math.max(1, chars.length - 1));
  switch (op) {
    case 0: // substitute one or two characters
      chars.splice(at, 1 + random.int(2), random.pick(Array.from(ZH_CHAR_POOL)));
      return chars.join('');
    case 1: // delete one to three characters
      chars.splice(at, 1 + random.int(3));
      return chars.join('');
    case 2: // insert a word
      chars.splice(at, 0, random.pick(ZH_FILLERS));
      return chars.join('');
    case 3: {
      const [from, to] = random.pick(ZH_SWAPS);
      return sentence.includes(from) ? sentence.replace(from, to) : `${random.pick(ZH_FILLERS)}${sentence}`;
    }
    default: // substitute a character from the pool
      chars.splice(at, 1, random.pick(Array.from(ZH_CHAR_POOL)));
      return chars.join('');
  }
}

function editEn(sentence: string, op: number, random: Random): string {
  const words = sentence.split(' ');
  const at = random.int(words.length);
  switch (op) {
    case 0:
      words.splice(at, 1, random.pick(EN_WORD_POOL));
      break;
    case 1:
      if (words.length > 3) words.splice(at, 1);
      break;
    case 2:
      words.splice(at, 0, random.pick(EN_FILLERS));
      break;
    default: {
      const [from, to] = random.pick(EN_SWAPS);
      const index = words.findIndex((w) => w.toLowerCase() === from);
      if (index >= 0) words[index] = to;
      else words.splice(at, 0, random.pick(EN_FILLERS));
    }
  }
  return words.join(' ');
}

/** Changes a reader does not notice and the normaliser must undo. */
export function surfaceNoise(parts: readonly string[], lang: Lang, random: Random): string {
  let text = parts.join(lang === 'zh' ? (random.chance(0.2) ? '\n' : '') : random.chance(0.2) ? '  ' : ' ');
  if (lang === 'zh' && random.chance(0.15))
    text = Array.from(text, (c) => TO_TRADITIONAL.get(c) ?? c).join('');
  if (lang === 'zh' && random.chance(0.2)) text = text.replaceAll('，', ', ').replaceAll('。', '. ');
  if (random.chance(0.15)) text = toFullWidth(text);
  if (lang === 'en' && random.chance(0.1)) text = text.toUpperCase();
  if (random.chance(0.3)) text = withInvisibles(text, 1 + random.int(6), random);
  return text;
}

export function toFullWidth(text: string): string {
  return text
    .replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
    .replaceAll(' ', '\u3000');
}

export function withInvisibles(text: string, count: number, random: Random): string {
  const chars = Array.from(text);
  for (let i = 0; i < count; i++) chars.splice(random.int(chars.length + 1), 0, random.pick(INVISIBLES));
  return chars.join('');
}

/**
 * The quality corpus: every form letter in both languages with 15–60 variants each (about one in six an exact
 * copy apart from surface noise), and every distinct comment once, shuffled; ids in arrival order.
 */
export function qualityCorpus(seed: number): CorpusComment[] {
  const random = seeded(seed);
  const items: { text: string; truth: string }[] = [];
  const letters = [
    ...ZH_TEMPLATES.map((t, i) => ({ sentences: t, lang: 'zh' as const, truth: `zh-letter-${i}` })),
    ...EN_TEMPLATES.map((t, i) => ({ sentences: t, lang: 'en' as const, truth: `en-letter-${i}` })),
  ];
  for (const letter of letters) {
    const count = 15 + random.int(46);
    for (let v = 0; v < count; v++) {
      const edits = random.chance(1 / 6) ? 0 : 1 + random.int(4);
      items.push({ text: variantOf(letter.sentences, letter.lang, random, edits), truth: letter.truth });
    }
  }
  ZH_DISTINCT.forEach((text, i) => {
    items.push({ text: surfaceNoise([text], 'zh', random), truth: `zh-own-${i}` });
  });
  EN_DISTINCT.forEach((text, i) => {
    items.push({ text: surfaceNoise([text], 'en', random), truth: `en-own-${i}` });
  });
  shuffle(items, random);
  return items.map((item, i) => ({ id: commentId(i), ...item }));
}

export function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/** Time-ordered like the real comment ids, so that the earliest comment has the smallest id. */
export function commentId(index: number): string {
  return `C${index.toString(36).padStart(9, '0')}`;
}

/** Pairwise precision and recall of a clustering against the truth, from the contingency table (O(n)). */
export function pairScores(rows: Iterable<{ readonly truth: string; readonly cluster: string }>): {
  precision: number;
  recall: number;
  truePairs: number;
  predictedPairs: number;
} {
  const byTruth = new Map<string, number>();
  const byCluster = new Map<string, number>();
  const byBoth = new Map<string, number>();
  for (const { truth, cluster } of rows) {
    byTruth.set(truth, (byTruth.get(truth) ?? 0) + 1);
    byCluster.set(cluster, (byCluster.get(cluster) ?? 0) + 1);
    const both = `${truth}\u0000${cluster}`;
    byBoth.set(both, (byBoth.get(both) ?? 0) + 1);
  }
  const pairs = (m: Map<string, number>) => {
    let sum = 0;
    for (const n of m.values()) sum += (n * (n - 1)) / 2;
    return sum;
  };
  const truePairs = pairs(byTruth);
  const predictedPairs = pairs(byCluster);
  const agreed = pairs(byBoth);
  return {
    precision: predictedPairs === 0 ? 1 : agreed / predictedPairs,
    recall: truePairs === 0 ? 1 : agreed / truePairs,
    truePairs,
    predictedPairs,
  };
}

/**
 * The benchmark's stream of `n` comments: 55 % edited copies of form letters, 15 % exact copies (surface
 * noise only), 30 % distinct comments; 60 % Chinese. The number of campaigns grows with n (one per 1,000
 * comments) so that a larger run is a larger consultation, not just more copies of the same letters.
 * Texts are made from the words of the hand-written material, recombined, so that they share vocabulary
 * as real comments on one ordinance do.
 */
export function* benchCorpus(n: number, seed: number): Generator<CorpusComment> {
  const random = seeded(seed);
  const campaigns = Math.max(20, Math.round(n / 1000));
  const letters = Array.from({ length: campaigns }, (_, i) => {
    const lang: Lang = random.chance(0.6) ? 'zh' : 'en';
    return { lang, sentences: composed(lang, 4 + random.int(3), random), truth: `letter-${i}` };
  });
  for (let i = 0; i < n; i++) {
    const roll = random.next();
    if (roll < 0.7) {
      const letter = random.pick(letters);
      const edits = roll < 0.55 ? 1 + random.int(4) : 0;
      yield {
        id: commentId(i),
        text: variantOf(letter.sentences, letter.lang, random, edits),
        truth: letter.truth,
      };
    } else {
      const lang: Lang = random.chance(0.6) ? 'zh' : 'en';
      yield {
        id: commentId(i),
        text: surfaceNoise(composed(lang, 2 + random.int(4), random), lang, random),
        truth: `own-${i}`,
      };
    }
  }
}

const ZH_WORDS = [
  ...new Set([...ZH_TEMPLATES.flat(), ...ZH_DISTINCT].flatMap((t) => t.match(/\p{Script=Han}{2}/gu) ?? [])),
];
const EN_WORDS = [
  ...new Set([...EN_TEMPLATES.flat(), ...EN_DISTINCT].flatMap((t) => t.toLowerCase().match(/[a-z]+/g) ?? [])),
];

function composed(lang: Lang, sentences: number, random: Random): string[] {
  return Array.from({ length: sentences }, () => {
    if (lang === 'zh') {
      const words = Array.from({ length: 6 + random.int(10) }, () => random.pick(ZH_WORDS));
      const cut = 2 + random.int(words.length - 3);
      return `${words.slice(0, cut).join('')}，${words.slice(cut).join('')}。`;
    }
    const words = Array.from({ length: 8 + random.int(14) }, () => random.pick(EN_WORDS));
    const first = words[0] ?? '';
    return `${first.charAt(0).toUpperCase()}${first.slice(1)} ${words.slice(1).join(' ')}.`;
  });
}
