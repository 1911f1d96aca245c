/**
 * What changed between two versions of a draft, article by article. Articles are paired by content, not
 * by number, so that an article that moved or was renumbered (because one was inserted before it) is
 * still recognised, as are articles split in two and articles merged into one. Pure functions, no IO.
 */
import { diffChars, diffWordsWithSpace } from 'diff';
import type { Article, Draft, Lang } from './schema.ts';

export type Segment = { op: 'equal' | 'insert' | 'delete'; text: string };

/** Where an article sits in its draft. */
export type ArticleRef = {
  id: string;
  number: number;
  suffix?: number;
  label: string;
  chapterId: string;
  sectionId?: string;
  /** Position in reading order, 0-based. */
  index: number;
};

export type ArticleChange =
  /** Same id, same text. `moved`: it changed place relative to the articles around it. */
  | { kind: 'unchanged'; old: ArticleRef; new: ArticleRef; moved: boolean }
  /** Same text under another number (an article was inserted or deleted before it, or it moved). */
  | { kind: 'renumbered'; old: ArticleRef; new: ArticleRef; moved: boolean }
  | {
      kind: 'modified';
      old: ArticleRef;
      new: ArticleRef;
      renumbered: boolean;
      moved: boolean;
      /** 0–1, how much of the text the two versions share. */
      similarity: number;
      segments: Segment[];
    }
  | { kind: 'inserted'; new: ArticleRef }
  | { kind: 'deleted'; old: ArticleRef }
  /** One old article became several consecutive new ones; segments compare it with their joined text. */
  | { kind: 'split'; old: ArticleRef; new: ArticleRef[]; similarity: number; segments: Segment[] }
  /** Several consecutive old articles became one. */
  | { kind: 'merged'; old: ArticleRef[]; new: ArticleRef; similarity: number; segments: Segment[] };

export type ChangeKind = ArticleChange['kind'];

export type DraftDiff = {
  /** In the new draft's reading order; deleted articles where they stood. */
  changes: ArticleChange[];
  counts: Record<ChangeKind, number>;
  /** Old article id → the new ids its text went to (empty when deleted); for carrying comments forward. */
  successors: Record<string, string[]>;
};

export type DiffOptions = {
  /** Minimum similarity (0–1) for two different texts to count as the same article. Default 0.5. */
  threshold?: number;
};

/** A neighbour is part of a split or merge when at least half its text is found in the other side… */
const SPLIT_CONTAINMENT = 0.5;
/** …and taking it in makes the pair clearly more alike. */
const SPLIT_GAIN = 0.05;

/** Compares two versions of a draft article by article. */
export function diffDrafts(older: Draft, newer: Draft, options: DiffOptions = {}): DraftDiff {
  const threshold = options.threshold ?? 0.5;
  const lang = newer.lang;
  const olds = entriesOf(older, lang);
  const news = entriesOf(newer, lang);
  const oldMatch = new Array<number | undefined>(olds.length).fill(undefined);
  const newMatch = new Array<number | undefined>(news.length).fill(undefined);
  const pair = (o: number, n: number) => {
    oldMatch[o] = n;
    newMatch[n] = o;
  };

  // 1. Identical text (whitespace aside): prefer the same id, then the nearest position.
  const byKey = new Map<string, number[]>();
  olds.forEach((e, i) => {
    byKey.set(e.key, [...(byKey.get(e.key) ?? []), i]);
  });
  news.forEach((e, n) => {
    const candidates = (byKey.get(e.key) ?? []).filter((o) => oldMatch[o] === undefined);
    const best =
      candidates.find((o) => olds[o]?.ref.id === e.ref.id) ?? minBy(candidates, (o) => Math.abs(o - n));
    if (best !== undefined) pair(best, n);
  });

  // 2. Similar text: best pairs first; the same id or a nearby position breaks ties.
  const pairs: { o: number; n: number; score: number }[] = [];
  olds.forEach((a, o) => {
    if (oldMatch[o] !== undefined) return;
    news.forEach((b, n) => {
      if (newMatch[n] !== undefined) return;
      const sim = similarity(a.profile, b.profile);
      if (sim < threshold) return;
      const bonus = (a.ref.id === b.ref.id ? 0.02 : 0) - Math.abs(o - n) * 1e-5;
      pairs.push({ o, n, score: sim + bonus });
    });
  });
  pairs.sort((x, y) => y.score - x.score);
  for (const { o, n } of pairs) {
    if (oldMatch[o] === undefined && newMatch[n] === undefined) pair(o, n);
  }

  // 3. Splits and merges: an unpaired article whose text is contained in a neighbour's partner.
  const splits = new Map<number, number[]>();
  const merges = new Map<number, number[]>();
  const grow = (
    side: typeof olds,
    sideMatch: (number | undefined)[],
    anchor: number,
    whole: Entry,
    claimed: Set<number>,
  ): number[] => {
    const group = [anchor];
    for (const step of [-1, 1]) {
      let at = anchor + step;
      while (at >= 0 && at < side.length && sideMatch[at] === undefined && !claimed.has(at)) {
        const part = side[at];
        if (!part || containment(part.profile, whole.profile) < SPLIT_CONTAINMENT) break;
        if (step < 0) group.unshift(at);
        else group.push(at);
        at += step;
      }
    }
    return group;
  };
  const claimedNew = new Set<number>();
  const claimedOld = new Set<number>();
  olds.forEach((a, o) => {
    const n = oldMatch[o];
    if (n === undefined) return;
    const group = grow(news, newMatch, n, a, claimedNew);
    if (group.length < 2) return;
    const joined = profileOf(group.map((g) => news[g]?.text ?? '').join('\n'), lang);
    if (similarity(a.profile, joined) > similarity(a.profile, news[n]?.profile ?? new Map()) + SPLIT_GAIN) {
      splits.set(o, group);
      for (const g of group) claimedNew.add(g);
    }
  });
  news.forEach((b, n) => {
    const o = newMatch[n];
    if (o === undefined || splits.has(o)) return;
    const group = grow(olds, oldMatch, o, b, claimedOld);
    if (group.length < 2) return;
    const joined = profileOf(group.map((g) => olds[g]?.text ?? '').join('\n'), lang);
    if (similarity(joined, b.profile) > similarity(olds[o]?.profile ?? new Map(), b.profile) + SPLIT_GAIN) {
      merges.set(n, group);
      for (const g of group) claimedOld.add(g);
    }
  });

  // 4. Moves: paired articles outside the longest run that kept its order.
  const sequence = olds.flatMap((_, o) => {
    const n = oldMatch[o];
    return n === undefined ? [] : [{ o, n }];
  });
  const inOrder = longestIncreasing(sequence.map((p) => p.n));
  const moved = new Set<number>();
  sequence.forEach((p, i) => {
    if (!inOrder.has(i)) moved.add(p.o);
  });

  // 5. Changes in the new draft's reading order, each deletion after the change of the article before it.
  const placed: { at: number; tie: number; change: ArticleChange }[] = [];
  const seenNew = new Set<number>();
  news.forEach((b, n) => {
    if (seenNew.has(n)) return;
    const o = newMatch[n];
    const merged = merges.get(n);
    if (merged) {
      const text = merged.map((g) => olds[g]?.text ?? '').join('\n');
      const joined = profileOf(text, lang);
      placed.push({
        at: n,
        tie: 0,
        change: {
          kind: 'merged',
          old: merged.map((g) => refAt(olds, g)),
          new: b.ref,
          similarity: round(similarity(joined, b.profile)),
          segments: diffText(text, b.text, lang),
        },
      });
      return;
    }
    if (o === undefined) {
      if (!claimedNew.has(n)) placed.push({ at: n, tie: 0, change: { kind: 'inserted', new: b.ref } });
      return;
    }
    const split = splits.get(o);
    const a = olds[o];
    if (!a) return;
    if (split) {
      for (const g of split) seenNew.add(g);
      const text = split.map((g) => news[g]?.text ?? '').join('\n');
      placed.push({
        at: Math.min(...split),
        tie: 0,
        change: {
          kind: 'split',
          old: a.ref,
          new: split.map((g) => refAt(news, g)),
          similarity: round(similarity(a.profile, profileOf(text, lang))),
          segments: diffText(a.text, text, lang),
        },
      });
      return;
    }
    placed.push({ at: n, tie: 0, change: pairChange(a, b, moved.has(o), lang) });
  });
  olds.forEach((a, o) => {
    if (oldMatch[o] !== undefined || claimedOld.has(o)) return;
    let before = o - 1;
    while (before >= 0 && oldMatch[before] === undefined) before -= 1;
    const anchor = before < 0 ? -1 : (oldMatch[before] ?? -1);
    const splitOfAnchor = before >= 0 ? splits.get(before) : undefined;
    const at = splitOfAnchor ? Math.max(...splitOfAnchor) : anchor;
    placed.push({ at: at + 0.5, tie: o, change: { kind: 'deleted', old: a.ref } });
  });
  placed.sort((x, y) => x.at - y.at || x.tie - y.tie);
  const changes = placed.map((p) => p.change);

  const counts: Record<ChangeKind, number> = {
    unchanged: 0,
    renumbered: 0,
    modified: 0,
    inserted: 0,
    deleted: 0,
    split: 0,
    merged: 0,
  };
  const successors: Record<string, string[]> = {};
  for (const change of changes) {
    counts[change.kind] += 1;
    switch (change.kind) {
      case 'inserted':
        break;
      case 'deleted':
        successors[change.old.id] = [];
        break;
      case 'split':
        successors[change.old.id] = change.new.map((r) => r.id);
        break;
      case 'merged':
        for (const r of change.old) successors[r.id] = [change.new.id];
        break;
      default:
        successors[change.old.id] = [change.new.id];
    }
  }
  return { changes, counts, successors };
}

function pairChange(a: Entry, b: Entry, moved: boolean, lang: Lang): ArticleChange {
  const renumbered = a.ref.id !== b.ref.id;
  if (a.key === b.key) {
    return renumbered
      ? { kind: 'renumbered', old: a.ref, new: b.ref, moved }
      : { kind: 'unchanged', old: a.ref, new: b.ref, moved };
  }
  return {
    kind: 'modified',
    old: a.ref,
    new: b.ref,
    renumbered,
    moved,
    similarity: round(similarity(a.profile, b.profile)),
    segments: diffText(a.text, b.text, lang),
  };
}

/**
 * The text of an article as compared: its paragraphs, items and sub-items, one per line, labels of items
 * included, the article's own label (its number) left out.
 */
export function articleText(article: Article, lang: Lang): string {
  const gap = lang === 'zh' ? '' : ' ';
  return article.paragraphs
    .flatMap((p) => [
      p.text,
      ...p.items.flatMap((item) => [
        `${item.label}${gap}${item.text}`,
        ...item.subItems.map((s) => `${s.label}${gap}${s.text}`),
      ]),
    ])
    .join('\n');
}

/**
 * A readable diff of two texts: characters for Chinese, words for English (whitespace kept as tokens, so
 * that the equal and deleted segments spell the old text exactly and the equal and inserted ones the new).
 * A lone equal character between two changes is folded into them, so that 下列 → 以下 reads as one
 * replacement rather than three fragments.
 */
export function diffText(older: string, newer: string, lang: Lang): Segment[] {
  const changes = lang === 'zh' ? diffChars(older, newer) : diffWordsWithSpace(older, newer);
  const raw: Segment[] = changes.map((c) => ({
    op: c.added ? 'insert' : c.removed ? 'delete' : 'equal',
    text: c.value,
  }));
  const isTrivial = (s: Segment) =>
    s.op === 'equal' && (lang === 'zh' ? [...s.text].length <= 1 : /^\s*$/.test(s.text));
  const out: Segment[] = [];
  let del = '';
  let ins = '';
  const flush = () => {
    if (del) out.push({ op: 'delete', text: del });
    if (ins) out.push({ op: 'insert', text: ins });
    del = '';
    ins = '';
  };
  raw.forEach((s, i) => {
    const prev = raw[i - 1];
    const next = raw[i + 1];
    if (s.op === 'delete') del += s.text;
    else if (s.op === 'insert') ins += s.text;
    else if (isTrivial(s) && prev && next && prev.op !== 'equal' && next.op !== 'equal') {
      del += s.text;
      ins += s.text;
    } else {
      flush();
      const last = out.at(-1);
      if (last?.op === 'equal') last.text += s.text;
      else out.push({ op: 'equal', text: s.text });
    }
  });
  flush();
  return out.filter((s) => s.text.length > 0);
}

// —— similarity ——

type Profile = Map<string, number>;
type Entry = { ref: ArticleRef; text: string; key: string; profile: Profile };

function entriesOf(draft: Draft, lang: Lang): Entry[] {
  const out: Entry[] = [];
  const add = (article: Article, chapterId: string, sectionId?: string) => {
    const text = articleText(article, lang);
    out.push({
      ref: {
        id: article.id,
        number: article.number,
        ...(article.suffix === undefined ? {} : { suffix: article.suffix }),
        label: article.label,
        chapterId,
        ...(sectionId === undefined ? {} : { sectionId }),
        index: out.length,
      },
      text,
      key: text.replace(/\s+/gu, lang === 'zh' ? '' : ' ').trim(),
      profile: profileOf(text, lang),
    });
  };
  for (const chapter of draft.chapters) {
    for (const article of chapter.articles) add(article, chapter.id);
    for (const section of chapter.sections)
      for (const article of section.articles) add(article, chapter.id, section.id);
  }
  return out;
}

/** Chinese: character bigrams (without whitespace). English: lower-case words. */
function profileOf(text: string, lang: Lang): Profile {
  const profile: Profile = new Map();
  const bump = (token: string) => profile.set(token, (profile.get(token) ?? 0) + 1);
  if (lang === 'zh') {
    const chars = [...text.replace(/\s+/gu, '')];
    if (chars.length === 1 && chars[0]) bump(chars[0]);
    for (let i = 0; i + 1 < chars.length; i += 1) bump(`${chars[i]}${chars[i + 1]}`);
  } else {
    for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) bump(word);
  }
  return profile;
}

function size(p: Profile): number {
  let n = 0;
  for (const v of p.values()) n += v;
  return n;
}

function overlap(a: Profile, b: Profile): number {
  let n = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const [token, count] of small) n += Math.min(count, large.get(token) ?? 0);
  return n;
}

/** Dice coefficient of the two token multisets. */
function similarity(a: Profile, b: Profile): number {
  const total = size(a) + size(b);
  return total === 0 ? 1 : (2 * overlap(a, b)) / total;
}

/** How much of `part` is found in `whole`. */
function containment(part: Profile, whole: Profile): number {
  const n = size(part);
  return n === 0 ? 0 : overlap(part, whole) / n;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function refAt(entries: Entry[], i: number): ArticleRef {
  const entry = entries[i];
  if (!entry) throw new RangeError(`no article at ${i}`);
  return entry.ref;
}

function minBy<T>(values: T[], key: (v: T) => number): T | undefined {
  let best: T | undefined;
  let bestKey = Number.POSITIVE_INFINITY;
  for (const v of values) {
    const k = key(v);
    if (k < bestKey) {
      best = v;
      bestKey = k;
    }
  }
  return best;
}

/** Indices of one longest strictly increasing subsequence (patience sorting). */
function longestIncreasing(values: number[]): Set<number> {
  const tails: number[] = [];
  const previous = new Array<number>(values.length).fill(-1);
  values.forEach((v, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const t = tails[mid];
      if (t !== undefined && (values[t] ?? 0) < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1] ?? -1;
    tails[lo] = i;
  });
  const out = new Set<number>();
  let at = tails.at(-1) ?? -1;
  while (at >= 0) {
    out.add(at);
    at = previous[at] ?? -1;
  }
  return out;
}
