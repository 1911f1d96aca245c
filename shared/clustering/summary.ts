import { type Change, diffChars, diffWords } from 'diff';
import { fingerprint } from './fingerprint.ts';
import { estimatedJaccard } from './minhash.ts';
import { normalise } from './normalise.ts';

export type ClusterMember = { readonly id: string; readonly text: string };

export type Phrase = { readonly kind: 'inserted' | 'removed' | 'moved'; readonly text: string };

export type VariantDifference = {
  readonly commentId: string;
  readonly similarity: number;
  /** What this comment adds to or leaves out of the representative, in reading order. */
  readonly phrases: readonly Phrase[];
  /** True when the two texts differ too much for a readable list of phrases. */
  readonly rewritten: boolean;
};

export type ClusterSummary = {
  readonly clusterId: string;
  readonly size: number;
  readonly representative: ClusterMember;
  /** Members (of those given) whose text is the representative's after normalisation. */
  readonly exactCopies: number;
  /** The members that differ from the representative, most similar first, at most `maxVariants`. */
  readonly variants: readonly VariantDifference[];
  /** The phrases most often inserted or removed across the members given, most frequent first. */
  readonly commonChanges: readonly (Phrase & { readonly count: number })[];
};

export type SummaryOptions = {
  /** medoid: the member most similar to the others (of the first 64 by id); earliest: the smallest id. */
  readonly representative?: 'medoid' | 'earliest';
  readonly maxVariants?: number;
  readonly maxPhrases?: number;
  readonly maxCommonChanges?: number;
};

const MEDOID_SAMPLE = 64;
const MAX_PHRASE_CHARS = 40;
/** Beyond this many edited characters or words a diff is no longer a list of small changes. */
const MAX_EDIT_LENGTH = 200;

/**
 * What a moderator needs to decide a cluster at once: its size, a representative text, and how the other
 * members differ from it. `members` may be a sample (for example the first page of the cluster); `size` is
 * then the cluster's full count.
 */
export function summariseCluster(
  cluster: { readonly clusterId: string; readonly size?: number; readonly members: readonly ClusterMember[] },
  options: SummaryOptions = {},
): ClusterSummary {
  const members = [...cluster.members].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const first = members[0];
  if (first === undefined) throw new RangeError('a cluster summary needs at least one member');
  const prints = new Map(members.map((m) => [m.id, fingerprint(m.text)]));
  const printOf = (m: ClusterMember) => prints.get(m.id) ?? fingerprint(m.text);
  const representative = options.representative === 'earliest' ? first : medoid(members, printOf);
  const repPrint = printOf(representative);
  const byChars = mostlyCharScript(representative.text);

  let exactCopies = 0;
  const variants: VariantDifference[] = [];
  const counts = new Map<string, { kind: Phrase['kind']; text: string; count: number }>();
  for (const member of members) {
    if (member.id === representative.id) continue;
    const print = printOf(member);
    if (print.contentHash === repPrint.contentHash) {
      exactCopies++;
      continue;
    }
    const difference = differences(representative.text, member.text, byChars);
    variants.push({
      commentId: member.id,
      similarity: estimatedJaccard(repPrint.signature, print.signature),
      phrases: difference?.slice(0, options.maxPhrases ?? 8) ?? [],
      rewritten: difference === undefined,
    });
    for (const phrase of new Set((difference ?? []).map((p) => `${p.kind}\u0000${p.text}`))) {
      const [kind, text] = phrase.split('\u0000') as [Phrase['kind'], string];
      const entry = counts.get(phrase) ?? { kind, text, count: 0 };
      entry.count++;
      counts.set(phrase, entry);
    }
  }
  variants.sort((a, b) => b.similarity - a.similarity || (a.commentId < b.commentId ? -1 : 1));
  const commonChanges = [...counts.values()]
    .filter((c) => c.count > 1)
    .sort((a, b) => b.count - a.count || (a.text < b.text ? -1 : 1))
    .slice(0, options.maxCommonChanges ?? 10);

  return {
    clusterId: cluster.clusterId,
    size: cluster.size ?? members.length,
    representative,
    exactCopies,
    variants: variants.slice(0, options.maxVariants ?? 20),
    commonChanges,
  };
}

function medoid(
  members: readonly ClusterMember[],
  printOf: (m: ClusterMember) => ReturnType<typeof fingerprint>,
): ClusterMember {
  const sample = members.slice(0, MEDOID_SAMPLE);
  let best = sample[0] ?? members[0];
  let bestScore = -1;
  for (const candidate of sample) {
    let score = 0;
    for (const other of sample)
      score += estimatedJaccard(printOf(candidate).signature, printOf(other).signature);
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  if (best === undefined) throw new RangeError('a cluster summary needs at least one member');
  return best;
}

/**
 * Inserted, removed and moved phrases between two texts, compared in their normalised form (width,
 * punctuation, case, invisible characters and traditional characters folded, exactly as the clustering sees
 * them): characters for Chinese, words otherwise. A phrase both removed and inserted is reported once as
 * moved (a reordered sentence). Undefined when the texts are too far apart for a short list.
 */
export function differences(
  from: string,
  to: string,
  byChars = mostlyCharScript(from),
): Phrase[] | undefined {
  const a = normalise(from);
  const b = normalise(to);
  const changes: Change[] | undefined = byChars
    ? diffChars(a, b, { maxEditLength: MAX_EDIT_LENGTH })
    : diffWords(a, b, { maxEditLength: MAX_EDIT_LENGTH });
  if (changes === undefined) return undefined;
  const phrases: Phrase[] = [];
  for (const change of changes) {
    if (!change.added && !change.removed) continue;
    const text = change.value.trim();
    if (text === '') continue;
    const kind = change.added ? 'inserted' : 'removed';
    const opposite = phrases.findIndex(
      (p) => p.text === text && p.kind === (change.added ? 'removed' : 'inserted'),
    );
    if (opposite >= 0) phrases[opposite] = { kind: 'moved', text };
    else phrases.push({ kind, text });
  }
  return phrases.map((p) =>
    p.text.length > MAX_PHRASE_CHARS
      ? { kind: p.kind, text: `${p.text.slice(0, MAX_PHRASE_CHARS - 1)}…` }
      : p,
  );
}

function mostlyCharScript(text: string): boolean {
  const han = text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu)?.length ?? 0;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  return letters > 0 && han / letters > 0.3;
}
