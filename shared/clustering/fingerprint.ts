import { hash } from 'node:crypto';
import { minhash, type Signature } from './minhash.ts';
import { type Analysis, analyse } from './normalise.ts';
import { shingleHashes } from './shingles.ts';

/** Everything clustering needs to know about one text, computed once per comment. */
export type Fingerprint = {
  /** SHA-256 (base64url) of the normalised text: equal exactly when the texts are exact duplicates. */
  readonly contentHash: string;
  readonly signature: Signature;
};

export function fingerprint(text: string): Fingerprint {
  const analysis = analyse(text);
  return { contentHash: contentHashOf(analysis), signature: signatureOf(analysis) };
}

/** The exact-duplicate key alone, without the MinHash (what intake stores as a comment's `contentHash`). */
export function contentHash(text: string): string {
  return contentHashOf(analyse(text));
}

export function contentHashOf(analysis: Analysis): string {
  return hash('sha256', analysis.canonical, 'base64url');
}

export function signatureOf(analysis: Analysis): Signature {
  return minhash(shingleHashes(analysis));
}
