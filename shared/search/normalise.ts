/**
 * The one normal form in which comments are indexed and queries are matched, so that a query typed with
 * full-width letters, an ideographic space or a zero-width joiner pasted from a chat app finds the same text.
 */

// Zero-width spaces and joiners, soft hyphens, BOMs, variation selectors, bidi marks, tag characters: they
// change nothing a reader sees, so they must not split or join a match.
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;
// Control characters other than whitespace: the intake refuses most of them, but older or imported text
// may carry them, and the snapshot uses U+0000 as a separator.
const CONTROLS = /[^\P{Cc}\s]/gu;
const SPACES = /\s+/gu;
// A space between two Han characters is a typing habit (地铁 站), not a word boundary as in English.
const SPACE_BETWEEN_HAN = /(?<=\p{Script=Han}) (?=\p{Script=Han})/gu;

/**
 * NFKC (full-width and compatibility forms to their plain letters and digits), invisible and control
 * characters removed, lower case, whitespace runs (line breaks too: text pasted from a PDF breaks lines
 * inside words) collapsed to one space and removed between Han characters, trimmed. Never contains a line
 * feed or U+0000, which the index uses as separators.
 */
export function normalise(text: string): string {
  return normaliseQuery(text).replace(SPACE_BETWEEN_HAN, '');
}

/** The normal form of a query: as `normalise`, but a space between Han characters separates two phrases. */
export function normaliseQuery(text: string): string {
  // Lower-casing can leave a compatibility form behind, hence the second NFKC.
  const folded = text.normalize('NFKC').toLowerCase().normalize('NFKC');
  return folded.replace(INVISIBLE, '').replace(CONTROLS, '').replace(SPACES, ' ').trim();
}

/** Separates a comment's fields (body, proposed wording) so that no phrase matches across them. */
export const FIELD_SEPARATOR = '\n';

export function normaliseFields(fields: readonly (string | null | undefined)[]): string {
  return fields
    .filter((f): f is string => typeof f === 'string')
    .map(normalise)
    .filter((f) => f !== '')
    .join(FIELD_SEPARATOR);
}
