/** The page of a directory URL: `consultations/x/` is built as `consultations/x/index.html`. */
const INDEX = 'index.html';

export interface DirectoryObjectsPlan {
  /** Copy each page to the key its URL names, e.g. `consultations/x/index.html` → `consultations/x/`. */
  readonly copies: readonly { readonly from: string; readonly to: string }[];
  /** Directory objects whose page is gone (a consultation removed from the site). */
  readonly stale: readonly string[];
}

/**
 * Which objects to write so that CloudFront in the China regions, which has no CloudFront Functions,
 * finds `consultations/x/index.html` when asked for `/consultations/x/`: S3 keys may end with a slash, and
 * CloudFront asks the S3 REST origin for the key that the path names. The root is served by the
 * distribution's default root object.
 */
export function planDirectoryObjects(keys: readonly string[]): DirectoryObjectsPlan {
  const pages = keys.filter((key) => key.endsWith(`/${INDEX}`));
  const wanted = new Set(pages.map((key) => key.slice(0, -INDEX.length)));
  return {
    copies: pages.map((from) => ({ from, to: from.slice(0, -INDEX.length) })),
    stale: keys.filter((key) => key.endsWith('/') && !wanted.has(key)),
  };
}
