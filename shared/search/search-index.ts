import { COMMENT_STATUSES, type CommentStatus, STANCES, type Stance } from '../comment/comment.ts';
import { MalformedRequestError, ValidationError } from '../errors.ts';
import type { SearchDocument, SearchDocumentChanges } from './document.ts';
import { normaliseFields } from './normalise.ts';
import { intersect, PostingLists } from './postings.ts';
import { type ParsedSearchRequest, type SearchHit, type SearchPage, SearchRequest } from './query.ts';
import type { Segmenter } from './segmenter.ts';
import { containsChunk, documentTerms, parseQuery, type QueryChunk } from './terms.ts';

/** Values to small codes and back; code 0 is `null` (whole draft, no cluster). */
class Dictionary {
  private readonly codes = new Map<string, number>();
  readonly values: string[];

  constructor(values: string[] = []) {
    this.values = values;
    values.forEach((v, i) => {
      this.codes.set(v, i + 1);
    });
  }

  code(value: string | null): number {
    if (value === null) return 0;
    let code = this.codes.get(value);
    if (code === undefined) {
      this.values.push(value);
      code = this.values.length;
      this.codes.set(value, code);
    }
    return code;
  }

  /** The code of a value, or -1 when no document has it (a filter on it matches nothing). */
  find(value: string | null): number {
    return value === null ? 0 : (this.codes.get(value) ?? -1);
  }

  value(code: number): string | null {
    return code === 0 ? null : (this.values[code - 1] ?? null);
  }
}

const STANCE_CODE = new Map(STANCES.map((s, i) => [s, i]));
const STATUS_CODE = new Map(COMMENT_STATUSES.map((s, i) => [s, i]));

function grow<T extends Uint8Array | Uint32Array>(array: T, needed: number, make: (n: number) => T): T {
  if (needed <= array.length) return array;
  const grown = make(Math.max(needed, array.length * 2, 1024));
  grown.set(array);
  return grown;
}

/** What the index holds of one comment. */
export interface IndexedComment {
  /** Body and proposed wording in the normal form, separated by a line feed. */
  text: string;
  articleId: string | null;
  stance: Stance;
  status: CommentStatus;
  clusterId: string | null;
}

/** Everything the index holds, as the snapshot stores it. */
export interface IndexParts {
  ids: string[];
  texts: string[];
  stance: Uint8Array;
  status: Uint8Array;
  article: Uint32Array;
  cluster: Uint32Array;
  articles: string[];
  clusters: string[];
  words: PostingLists;
  grams: PostingLists;
}

/**
 * The full-text index of one consultation's comments: an inverted index over jieba words, non-Han words and
 * Han bigrams, the normalised text of each comment for the phrase check, and each comment's filter fields.
 * Documents are numbered in the order they are added; results come newest (last added) first.
 */
export class SearchIndex {
  private ids: string[] = [];
  private readonly docOf = new Map<string, number>();
  private texts: string[] = [];
  private stance: Uint8Array = new Uint8Array(0);
  private status: Uint8Array = new Uint8Array(0);
  private article: Uint32Array = new Uint32Array(0);
  private cluster: Uint32Array = new Uint32Array(0);
  private articles = new Dictionary();
  private clusters = new Dictionary();
  private words = new PostingLists();
  private grams = new PostingLists();

  private readonly segmenter: Segmenter;

  constructor(segmenter: Segmenter) {
    this.segmenter = segmenter;
  }

  get size(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.docOf.has(id);
  }

  /**
   * Indexes a comment. Adding one already indexed applies its filter fields only (a comment's text never
   * changes), so that replaying a log or a redelivered stream record is harmless. Returns whether it was new.
   */
  add(document: SearchDocument): boolean {
    if (this.docOf.has(document.id)) {
      this.update(document.id, document);
      return false;
    }
    const doc = this.ids.length;
    const text = normaliseFields([document.body, document.proposedWording]);
    const terms = documentTerms(text, this.segmenter);
    for (const w of terms.words) this.words.add(w, doc);
    for (const g of terms.grams) this.grams.add(g, doc);
    this.ids.push(document.id);
    this.docOf.set(document.id, doc);
    this.texts.push(text);
    const n = doc + 1;
    this.stance = grow(this.stance, n, (k) => new Uint8Array(k));
    this.status = grow(this.status, n, (k) => new Uint8Array(k));
    this.article = grow(this.article, n, (k) => new Uint32Array(k));
    this.cluster = grow(this.cluster, n, (k) => new Uint32Array(k));
    this.setFields(doc, document);
    return true;
  }

  /** Adds many comments (a rebuild from the store), sealing the posting lists once at the end. */
  addMany(documents: Iterable<SearchDocument>): number {
    let added = 0;
    this.words.autoSeal = false;
    this.grams.autoSeal = false;
    try {
      for (const document of documents) if (this.add(document)) added++;
    } finally {
      this.words.autoSeal = true;
      this.grams.autoSeal = true;
      this.seal();
    }
    return added;
  }

  /** Applies a moderation or clustering decision; returns false when the comment is not indexed. */
  update(id: string, changes: SearchDocumentChanges): boolean {
    const doc = this.docOf.get(id);
    if (doc === undefined) return false;
    this.setFields(doc, changes);
    return true;
  }

  private setFields(doc: number, fields: SearchDocumentChanges): void {
    if (fields.stance !== undefined) this.stance[doc] = STANCE_CODE.get(fields.stance) ?? 0;
    if (fields.status !== undefined) this.status[doc] = STATUS_CODE.get(fields.status) ?? 0;
    if (fields.articleId !== undefined) this.article[doc] = this.articles.code(fields.articleId);
    if (fields.clusterId !== undefined) this.cluster[doc] = this.clusters.code(fields.clusterId);
  }

  /** The filter fields and normalised text of an indexed comment. */
  get(id: string): IndexedComment | undefined {
    const doc = this.docOf.get(id);
    if (doc === undefined) return undefined;
    return {
      text: this.texts[doc] ?? '',
      articleId: this.articles.value(this.article[doc] ?? 0),
      stance: STANCES[this.stance[doc] ?? 0] ?? 'other',
      status: COMMENT_STATUSES[this.status[doc] ?? 0] ?? 'pending',
      clusterId: this.clusters.value(this.cluster[doc] ?? 0),
    };
  }

  /** Merges recently added postings into the compact block; worth calling after a bulk load. */
  seal(): void {
    if (this.words.unsealedCount > 0) this.words.seal();
    if (this.grams.unsealedCount > 0) this.grams.seal();
  }

  stats(): { documents: number; wordTerms: number; gramTerms: number; postings: number; textChars: number } {
    let textChars = 0;
    for (const t of this.texts) textChars += t.length;
    return {
      documents: this.ids.length,
      wordTerms: this.words.termCount,
      gramTerms: this.grams.termCount,
      postings: this.words.postingCount + this.grams.postingCount,
      textChars,
    };
  }

  /**
   * Comments that match every chunk of the query and every filter, newest first: those found by word
   * segmentation (or that need none), then those only the bigram fallback found. Throws ValidationError
   * for a request outside the schema and MalformedRequestError for a cursor this index did not issue.
   */
  search(request: SearchRequest): SearchPage {
    const parsed = SearchRequest.safeParse(request);
    if (!parsed.success) {
      throw new ValidationError(
        'The search request is not valid.',
        parsed.error.issues.map((i) => ({ pointer: `/${i.path.join('/')}`, detail: i.message })),
      );
    }
    const r = parsed.data;
    const chunks = parseQuery(r.q, this.segmenter);
    const allowed = this.allowedCodes(r);
    const status = this.status;
    const matches: [number[], number[]] = [[], []];
    const counts = Object.fromEntries(COMMENT_STATUSES.map((s) => [s, 0])) as Record<CommentStatus, number>;
    const countsByCode = new Uint32Array(COMMENT_STATUSES.length);

    const candidates = this.candidates(chunks);
    const segmented = this.segmentationMatches(chunks);
    const verify = chunks.filter((c) => !c.exact);
    // A chunk that is one dictionary word needs no text check for comments that have that word: jieba's
    // words are pieces of the comment's own normalised text.
    const wordChunks =
      verify.length === 1 &&
      verify[0]?.segments.join('') === verify[0]?.text &&
      verify[0]?.segments.length === 1;
    let s = segmented === undefined ? -1 : segmented.length - 1;
    const total = candidates === undefined ? this.ids.length : candidates.length;
    for (let i = total - 1; i >= 0; i--) {
      const doc = candidates === undefined ? i : (candidates[i] ?? 0);
      if (!this.passes(doc, allowed)) continue;
      let tier = 0;
      if (segmented !== undefined) {
        while (s >= 0 && (segmented[s] ?? 0) > doc) s--;
        tier = s >= 0 && segmented[s] === doc ? 0 : 1;
      }
      if (verify.length > 0 && !(tier === 0 && wordChunks)) {
        const text = this.texts[doc] ?? '';
        if (!verify.every((chunk) => containsChunk(text, chunk))) continue;
      }
      if (tier === 1 && r.match === 'words') continue;
      const code = status[doc] ?? 0;
      countsByCode[code] = (countsByCode[code] ?? 0) + 1;
      if (allowed.status[code] === 1) (tier === 0 ? matches[0] : matches[1]).push(doc);
    }
    COMMENT_STATUSES.forEach((name, code) => {
      counts[name] = countsByCode[code] ?? 0;
    });
    return this.page(matches, r, counts);
  }

  /** Documents with every required term, ascending; undefined when no term narrows the search. */
  private candidates(chunks: QueryChunk[]): Uint32Array | undefined {
    const lists: Uint32Array[] = [];
    for (const chunk of chunks) {
      for (const w of chunk.words) lists.push(this.words.get(w));
      for (const g of chunk.grams) lists.push(this.grams.get(g));
    }
    // A query of single Han characters has no bigram: every document is checked against the text.
    return lists.length === 0 ? undefined : intersect(lists);
  }

  /** Documents that have every query segment as a word; undefined when the query has no Han text. */
  private segmentationMatches(chunks: QueryChunk[]): Uint32Array | undefined {
    const lists = chunks.flatMap((c) => c.segments.map((w) => this.words.get(w)));
    return lists.length === 0 ? undefined : intersect(lists);
  }

  private allowedCodes(r: ParsedSearchRequest) {
    const mask = (size: number, codes: readonly number[] | undefined): Uint8Array | undefined => {
      if (codes === undefined) return undefined;
      const m = new Uint8Array(size);
      for (const c of codes) if (c >= 0) m[c] = 1;
      return m;
    };
    const status = mask(
      COMMENT_STATUSES.length,
      (r.status ?? COMMENT_STATUSES).map((s) => STATUS_CODE.get(s) ?? -1),
    ) as Uint8Array;
    return {
      status,
      stance: mask(
        STANCES.length,
        r.stance?.map((s) => STANCE_CODE.get(s) ?? -1),
      ),
      article: mask(
        this.articles.values.length + 1,
        r.article?.map((a) => this.articles.find(a)),
      ),
      cluster: mask(
        this.clusters.values.length + 1,
        r.cluster?.map((c) => this.clusters.find(c)),
      ),
    };
  }

  /** Every filter but status (which is counted per value before it is applied). */
  private passes(doc: number, allowed: ReturnType<SearchIndex['allowedCodes']>): boolean {
    if (allowed.stance !== undefined && allowed.stance[this.stance[doc] ?? 0] !== 1) return false;
    if (allowed.article !== undefined && allowed.article[this.article[doc] ?? 0] !== 1) return false;
    if (allowed.cluster !== undefined && allowed.cluster[this.cluster[doc] ?? 0] !== 1) return false;
    return true;
  }

  private page(
    matches: [number[], number[]],
    r: ParsedSearchRequest,
    counts: SearchPage['counts'],
  ): SearchPage {
    // Keyset cursor (tier, comment id): comments added while someone pages are newer than the cursor and
    // never push the rest of the list onto a page already shown.
    let tier = 0;
    let start = 0;
    if (r.cursor !== null) {
      const after = this.decodeCursor(r.cursor);
      tier = after.tier;
      const list = tier === 0 ? matches[0] : matches[1];
      // Lists are descending: skip every entry at or above the cursor's document.
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((list[mid] ?? 0) >= after.doc) lo = mid + 1;
        else hi = mid;
      }
      start = lo;
    }
    const hits: SearchHit[] = [];
    let last: { tier: number; doc: number } | undefined;
    for (; tier < 2 && hits.length < r.limit; tier++, start = 0) {
      const list = tier === 0 ? matches[0] : matches[1];
      for (let i = start; i < list.length && hits.length < r.limit; i++) {
        const doc = list[i] ?? 0;
        hits.push({ id: this.ids[doc] ?? '', match: tier === 0 ? 'words' : 'characters' });
        last = { tier, doc };
      }
    }
    const more = last !== undefined && this.hasAfter(matches, last);
    return {
      hits,
      total: matches[0].length + matches[1].length,
      counts,
      nextCursor: more && last !== undefined ? encodeCursor(last.tier, this.ids[last.doc] ?? '') : null,
    };
  }

  private hasAfter(matches: [number[], number[]], last: { tier: number; doc: number }): boolean {
    const list = last.tier === 0 ? matches[0] : matches[1];
    if (list[list.length - 1] !== last.doc) return true;
    return last.tier === 0 && matches[1].length > 0;
  }

  private decodeCursor(cursor: string): { tier: number; doc: number } {
    const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
    const match = /^([01]):(.+)$/su.exec(decoded);
    const doc = match?.[2] === undefined ? undefined : this.docOf.get(match[2]);
    if (match === null || doc === undefined) {
      throw new MalformedRequestError(
        'The search cursor is not one this search returned; start again without it.',
      );
    }
    return { tier: Number(match[1]), doc };
  }

  /** The index's contents, for the snapshot. */
  toParts(): IndexParts {
    const n = this.ids.length;
    return {
      ids: this.ids,
      texts: this.texts,
      stance: this.stance.subarray(0, n),
      status: this.status.subarray(0, n),
      article: this.article.subarray(0, n),
      cluster: this.cluster.subarray(0, n),
      articles: this.articles.values,
      clusters: this.clusters.values,
      words: this.words,
      grams: this.grams,
    };
  }

  static fromParts(parts: IndexParts, segmenter: Segmenter): SearchIndex {
    const index = new SearchIndex(segmenter);
    index.ids = parts.ids;
    parts.ids.forEach((id, doc) => {
      index.docOf.set(id, doc);
    });
    index.texts = parts.texts;
    index.stance = parts.stance;
    index.status = parts.status;
    index.article = parts.article;
    index.cluster = parts.cluster;
    index.articles = new Dictionary(parts.articles);
    index.clusters = new Dictionary(parts.clusters);
    index.words = parts.words;
    index.grams = parts.grams;
    return index;
  }
}

function encodeCursor(tier: number, id: string): string {
  return Buffer.from(`${tier}:${id}`, 'utf8').toString('base64url');
}
