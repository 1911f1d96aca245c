/**
 * Posting lists: for each term, the ascending numbers of the documents that have it. Document numbers are
 * handed out in increasing order, so a new posting always goes at the end of its list.
 *
 * Most lists are sealed into one compressed-row block (one Uint32Array of all postings plus one of offsets)
 * so that 100,000 comments' few hundred thousand terms do not each cost a typed-array object; postings added
 * since the last seal sit in small per-term tails until the tails outgrow the block.
 */
export class PostingLists {
  private readonly termIds = new Map<string, number>();
  private terms: string[] = [];
  private baseStart: Uint32Array = new Uint32Array(1);
  private baseDocs: Uint32Array = new Uint32Array(0);
  private baseTerms = 0;
  private tails: (Uint32Array | undefined)[] = [];
  private tailLengths: number[] = [];
  private tailCount = 0;
  /** Off during a bulk load, which seals once at the end instead of every time the tails grow. */
  autoSeal = true;

  get termCount(): number {
    return this.terms.length;
  }

  /** Postings added since the last seal. */
  get unsealedCount(): number {
    return this.tailCount;
  }

  get postingCount(): number {
    return this.baseDocs.length + this.tailCount;
  }

  /** Adds `doc` to the term's list; `doc` must not be below the list's last entry (a repeat is ignored). */
  add(term: string, doc: number): void {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.termIds.set(term, id);
      this.terms.push(term);
      this.tails.push(undefined);
      this.tailLengths.push(0);
    }
    const length = this.tailLengths[id] ?? 0;
    let tail = this.tails[id];
    if (length > 0 && tail !== undefined) {
      const last = tail[length - 1] ?? -1;
      if (last === doc) return;
      if (last > doc) throw new RangeError(`posting ${doc} added after ${last} for one term`);
    } else if (id < this.baseTerms) {
      const end = this.baseStart[id + 1] ?? 0;
      const last = end > (this.baseStart[id] ?? 0) ? (this.baseDocs[end - 1] ?? -1) : -1;
      if (last === doc) return;
      if (last > doc) throw new RangeError(`posting ${doc} added after ${last} for one term`);
    }
    if (tail === undefined || length === tail.length) {
      const grown = new Uint32Array(Math.max(4, length * 2));
      if (tail !== undefined) grown.set(tail);
      tail = grown;
      this.tails[id] = tail;
    }
    tail[length] = doc;
    this.tailLengths[id] = length + 1;
    this.tailCount++;
    // Reading a term with a tail copies its sealed part, so tails are kept small: sealing when they reach a
    // quarter of the block costs each posting about four copies over the index's life.
    if (this.autoSeal && this.tailCount > Math.max(1 << 16, this.baseDocs.length >>> 2)) this.seal();
  }

  /** The term's postings, ascending; empty when the term is unknown. */
  get(term: string): Uint32Array {
    const id = this.termIds.get(term);
    return id === undefined ? EMPTY : this.byId(id);
  }

  private byId(id: number): Uint32Array {
    const base =
      id < this.baseTerms
        ? this.baseDocs.subarray(this.baseStart[id] ?? 0, this.baseStart[id + 1] ?? 0)
        : EMPTY;
    const length = this.tailLengths[id] ?? 0;
    const tail = this.tails[id];
    if (length === 0 || tail === undefined) return base;
    if (base.length === 0) return tail.subarray(0, length);
    const joined = new Uint32Array(base.length + length);
    joined.set(base);
    joined.set(tail.subarray(0, length), base.length);
    return joined;
  }

  /** Merges the tails into the sealed block. */
  seal(): void {
    const count = this.terms.length;
    const start = new Uint32Array(count + 1);
    const docs = new Uint32Array(this.postingCount);
    let at = 0;
    for (let id = 0; id < count; id++) {
      start[id] = at;
      const list = this.byId(id);
      docs.set(list, at);
      at += list.length;
    }
    start[count] = at;
    this.baseStart = start;
    this.baseDocs = docs;
    this.baseTerms = count;
    this.tails = new Array(count).fill(undefined);
    this.tailLengths = new Array(count).fill(0);
    this.tailCount = 0;
  }

  /** Every term with its postings, in the order the terms were first seen. */
  *entries(): Generator<[string, Uint32Array]> {
    for (let id = 0; id < this.terms.length; id++) yield [this.terms[id] ?? '', this.byId(id)];
  }

  /** Rebuilds the lists from a snapshot: terms in order, postings in one block with offsets. */
  static fromBlock(terms: string[], start: Uint32Array, docs: Uint32Array): PostingLists {
    const lists = new PostingLists();
    lists.terms = terms;
    terms.forEach((term, id) => {
      lists.termIds.set(term, id);
    });
    lists.baseStart = start;
    lists.baseDocs = docs;
    lists.baseTerms = terms.length;
    lists.tails = new Array(terms.length).fill(undefined);
    lists.tailLengths = new Array(terms.length).fill(0);
    return lists;
  }
}

const EMPTY = new Uint32Array(0);

/** Intersection of ascending lists, smallest first, by galloping search into the longer ones. */
export function intersect(lists: readonly Uint32Array[]): Uint32Array {
  if (lists.length === 0) return EMPTY;
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  let result = sorted[0] ?? EMPTY;
  for (let k = 1; k < sorted.length && result.length > 0; k++) {
    const other = sorted[k] ?? EMPTY;
    const out = new Uint32Array(result.length);
    let n = 0;
    let lo = 0;
    for (let i = 0; i < result.length; i++) {
      const doc = result[i] ?? 0;
      lo = gallop(other, doc, lo);
      if (lo >= other.length) break;
      if (other[lo] === doc) out[n++] = doc;
    }
    result = out.subarray(0, n);
  }
  return result;
}

/** The first index at or after `from` whose value is >= `target`. */
function gallop(list: Uint32Array, target: number, from: number): number {
  let step = 1;
  let hi = from;
  while (hi < list.length && (list[hi] ?? 0) < target) {
    from = hi + 1;
    hi += step;
    step *= 2;
  }
  hi = Math.min(hi, list.length);
  let lo = from;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] ?? 0) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
