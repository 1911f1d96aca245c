import { z } from 'zod';
import { StoreUnavailableError } from '../errors.ts';
import { PostingLists } from './postings.ts';
import { type IndexParts, SearchIndex } from './search-index.ts';
import type { Segmenter } from './segmenter.ts';

/**
 * The snapshot: one binary object, loaded by a Lambda at cold start.
 *
 *   "YJSI" | u32 format version | u32 header length | header (JSON, UTF-8) | body
 *
 * The header holds the strings (comment ids, article and cluster ids, the two vocabularies) and counts;
 * the body holds per comment its stance and status bytes and article and cluster codes (varints), the
 * normalised texts (UTF-8, U+0000 between them), then each posting list as a count and ascending gaps,
 * all as LEB128 varints, so a list of comment numbers costs one or two bytes a posting.
 */
const MAGIC = [0x59, 0x4a, 0x53, 0x49] as const; // "YJSI"
export const SNAPSHOT_FORMAT = 1;

// The string arrays hold hundreds of thousands of entries: a plain loop checks them several times faster
// than a schema per element, which matters at a Lambda's cold start.
const strings = z.custom<string[]>((v) => Array.isArray(v) && v.every((s) => typeof s === 'string'));
const Header = z
  .object({
    logSeq: z.number().int().min(0),
    ids: strings,
    articles: strings,
    clusters: strings,
    words: strings,
    grams: strings,
    wordPostings: z.number().int().min(0),
    gramPostings: z.number().int().min(0),
    textBytes: z.number().int().min(0),
  })
  .strict();

/** A snapshot this code cannot read: the index must be rebuilt from the store. */
export class SnapshotFormatError extends StoreUnavailableError {
  constructor(message: string) {
    super(`search index snapshot unreadable: ${message}`);
    this.name = 'SnapshotFormatError';
  }
}

class ByteWriter {
  private buffer = new Uint8Array(1 << 16);
  length = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  varint(value: number): void {
    this.ensure(5);
    let v = value >>> 0;
    while (v >= 0x80) {
      this.buffer[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buffer[this.length++] = v;
  }

  u32(value: number): void {
    this.ensure(4);
    new DataView(this.buffer.buffer).setUint32(this.length, value, true);
    this.length += 4;
  }

  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  result(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

class ByteReader {
  at = 0;
  private readonly data: Uint8Array;

  constructor(data: Uint8Array) {
    this.data = data;
  }

  get source(): Uint8Array {
    return this.data;
  }

  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.at >= this.data.length) throw new SnapshotFormatError('snapshot ends inside a number');
      const byte = this.data[this.at++] ?? 0;
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
      shift += 7;
      if (shift > 28) throw new SnapshotFormatError('number too long in snapshot');
    }
  }

  u32(): number {
    if (this.at + 4 > this.data.length) throw new SnapshotFormatError('snapshot too short');
    const v = new DataView(this.data.buffer, this.data.byteOffset, this.data.byteLength).getUint32(
      this.at,
      true,
    );
    this.at += 4;
    return v;
  }

  bytes(n: number): Uint8Array {
    if (this.at + n > this.data.length) throw new SnapshotFormatError('snapshot too short');
    const out = this.data.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  get done(): boolean {
    return this.at === this.data.length;
  }
}

function termsAndTotal(lists: PostingLists): { terms: string[]; total: number } {
  const terms: string[] = [];
  let total = 0;
  for (const [term, docs] of lists.entries()) {
    terms.push(term);
    total += docs.length;
  }
  return { terms, total };
}

function writePostings(out: ByteWriter, lists: PostingLists): void {
  for (const [, docs] of lists.entries()) {
    out.varint(docs.length);
    let previous = 0;
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i] ?? 0;
      out.varint(i === 0 ? doc : doc - previous);
      previous = doc;
    }
  }
}

/**
 * Decodes `count` ascending postings as gaps into `docs` from `at`; the hot loop of a cold start, so it
 * reads the bytes directly instead of calling the reader per number. Returns the new end.
 */
function readGaps(
  input: ByteReader,
  docs: Uint32Array,
  at: number,
  count: number,
  documents: number,
): number {
  const bytes = input.source;
  let pos = input.at;
  let doc = 0;
  for (let i = 0; i < count; i++) {
    let gap = 0;
    let shift = 0;
    let byte = 0x80;
    while (byte >= 0x80) {
      if (pos >= bytes.length || shift > 28)
        throw new SnapshotFormatError('posting list cut short or malformed');
      byte = bytes[pos++] ?? 0;
      gap += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    }
    if (i > 0 && gap === 0) throw new SnapshotFormatError('posting list not strictly ascending');
    doc = i === 0 ? gap : doc + gap;
    if (doc >= documents) throw new SnapshotFormatError('posting refers to no document');
    docs[at++] = doc;
  }
  input.at = pos;
  return at;
}

function readPostings(input: ByteReader, terms: string[], total: number, documents: number): PostingLists {
  const start = new Uint32Array(terms.length + 1);
  const docs = new Uint32Array(total);
  let at = 0;
  for (let id = 0; id < terms.length; id++) {
    start[id] = at;
    const count = input.varint();
    if (at + count > total) throw new SnapshotFormatError('more postings than the header says');
    at = readGaps(input, docs, at, count, documents);
  }
  if (at !== total) throw new SnapshotFormatError('fewer postings than the header says');
  start[terms.length] = at;
  return PostingLists.fromBlock(terms, start, docs);
}

/** Encodes the index, recording that it includes every log segment up to `logSeq`. */
export function encodeSnapshot(index: SearchIndex, logSeq: number): Uint8Array {
  const parts = index.toParts();
  const words = termsAndTotal(parts.words);
  const grams = termsAndTotal(parts.grams);
  const texts = new TextEncoder().encode(parts.texts.join('\u0000'));
  const header = new TextEncoder().encode(
    JSON.stringify({
      logSeq,
      ids: parts.ids,
      articles: parts.articles,
      clusters: parts.clusters,
      words: words.terms,
      grams: grams.terms,
      wordPostings: words.total,
      gramPostings: grams.total,
      textBytes: texts.length,
    } satisfies z.infer<typeof Header>),
  );
  const out = new ByteWriter();
  out.bytes(Uint8Array.from(MAGIC));
  out.u32(SNAPSHOT_FORMAT);
  out.u32(header.length);
  out.bytes(header);
  out.bytes(parts.stance);
  out.bytes(parts.status);
  for (const code of parts.article) out.varint(code);
  for (const code of parts.cluster) out.varint(code);
  out.bytes(texts);
  writePostings(out, parts.words);
  writePostings(out, parts.grams);
  return out.result();
}

/** Decodes a snapshot; throws SnapshotFormatError for anything that is not one this code wrote. */
export function decodeSnapshot(
  bytes: Uint8Array,
  segmenter: Segmenter,
): { index: SearchIndex; logSeq: number } {
  const input = new ByteReader(bytes);
  const magic = input.bytes(4);
  if (!MAGIC.every((b, i) => magic[i] === b)) throw new SnapshotFormatError('not a search index snapshot');
  const version = input.u32();
  if (version !== SNAPSHOT_FORMAT)
    throw new SnapshotFormatError(`snapshot format ${version} is not supported`);
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(input.bytes(input.u32())));
  } catch (error) {
    throw new SnapshotFormatError(`snapshot header unreadable: ${String(error)}`);
  }
  const parsed = Header.safeParse(raw);
  if (!parsed.success) throw new SnapshotFormatError('snapshot header has the wrong shape');
  const header = parsed.data;
  const n = header.ids.length;
  const stance = input.bytes(n).slice();
  const status = input.bytes(n).slice();
  const codes = (limit: number) => {
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const code = input.varint();
      if (code > limit) throw new SnapshotFormatError('code outside its dictionary');
      out[i] = code;
    }
    return out;
  };
  const article = codes(header.articles.length);
  const cluster = codes(header.clusters.length);
  const textBlob = new TextDecoder('utf-8', { fatal: true }).decode(input.bytes(header.textBytes));
  const texts = n === 0 ? [] : textBlob.split('\u0000');
  if (texts.length !== n) throw new SnapshotFormatError('text count does not match the comment count');
  const words = readPostings(input, header.words, header.wordPostings, n);
  const grams = readPostings(input, header.grams, header.gramPostings, n);
  if (!input.done) throw new SnapshotFormatError('trailing bytes after the snapshot');
  const parts: IndexParts = {
    ids: header.ids,
    texts,
    stance,
    status,
    article,
    cluster,
    articles: header.articles,
    clusters: header.clusters,
    words,
    grams,
  };
  return { index: SearchIndex.fromParts(parts, segmenter), logSeq: header.logSeq };
}
