/**
 * Media types as RFC 9110 §8.3.1 defines them, parsed once so that every layer that looks at a
 * `Content-Type` applies the same rule:
 *
 *   media-type = type "/" subtype parameters
 *   parameters = *( OWS ";" OWS [ parameter ] )
 *   parameter  = parameter-name "=" ( token / quoted-string )
 *
 * Empty parameters (`application/json;`) and whitespace before `;` are allowed by the grammar, and a
 * quoted value may itself contain `;` (`x=";"`): splitting on `;` gets all three wrong.
 */
export interface MediaType {
  /** Lower-cased `type/subtype`. */
  essence: string;
  /** Parameters by lower-cased name; values unquoted and unescaped, case kept (except as noted). */
  parameters: ReadonlyMap<string, string>;
}

// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const isTchar = (ch: string | undefined): ch is string => ch !== undefined && TCHAR.test(ch);
const isOws = (ch: string | undefined): boolean => ch === ' ' || ch === '\t';
// qdtext and quoted-pair: HTAB, SP, visible ASCII and obs-text (%x80-FF).
const isQuotable = (ch: string): boolean => {
  const code = ch.charCodeAt(0);
  return code === 0x09 || (code >= 0x20 && code <= 0x7e && code !== 0x7f) || (code >= 0x80 && code <= 0xff);
};

/** Parses a `Content-Type` value; `undefined` when it is not a media type at all. */
export function parseMediaType(value: string): MediaType | undefined {
  let i = 0;
  const token = (): string => {
    const start = i;
    while (isTchar(value[i])) i++;
    return value.slice(start, i);
  };
  const skipOws = (): void => {
    while (isOws(value[i])) i++;
  };

  skipOws();
  const type = token();
  if (type === '' || value[i] !== '/') return undefined;
  i++;
  const subtype = token();
  if (subtype === '') return undefined;

  const parameters = new Map<string, string>();
  for (;;) {
    skipOws();
    if (i === value.length) break;
    if (value[i] !== ';') return undefined;
    i++;
    skipOws();
    if (i === value.length || value[i] === ';') continue;
    const name = token().toLowerCase();
    if (name === '' || value[i] !== '=') return undefined;
    i++;
    let parameterValue: string;
    if (value[i] === '"') {
      i++;
      let unquoted = '';
      for (;;) {
        const ch = value[i];
        if (ch === undefined) return undefined;
        if (ch === '"') break;
        if (ch === '\\') {
          const escaped = value[i + 1];
          if (escaped === undefined || !isQuotable(escaped)) return undefined;
          unquoted += escaped;
          i += 2;
          continue;
        }
        if (!isQuotable(ch)) return undefined;
        unquoted += ch;
        i++;
      }
      i++;
      parameterValue = unquoted;
    } else {
      parameterValue = token();
      if (parameterValue === '') return undefined;
    }
    // A parameter given twice is ambiguous (which charset?): not a media type we can act on.
    if (parameters.has(name)) return undefined;
    parameters.set(name, parameterValue);
  }
  return { essence: `${type}/${subtype}`.toLowerCase(), parameters };
}

export type JsonMediaTypeVerdict =
  | { ok: true }
  | { ok: false; reason: 'missing' | 'malformed' | 'not-json' | 'not-utf-8'; essence?: string };

/**
 * The one rule for a JSON request body: `application/json`, with no charset or UTF-8 (RFC 8259 §8.1
 * requires UTF-8 between systems); other parameters are ignored, as RFC 9110 lets a recipient do.
 */
export function jsonMediaType(contentType: string | undefined): JsonMediaTypeVerdict {
  if (contentType === undefined || contentType.trim() === '') return { ok: false, reason: 'missing' };
  const mediaType = parseMediaType(contentType);
  if (mediaType === undefined) return { ok: false, reason: 'malformed' };
  if (mediaType.essence !== 'application/json')
    return { ok: false, reason: 'not-json', essence: mediaType.essence };
  const charset = mediaType.parameters.get('charset');
  if (charset !== undefined && charset.toLowerCase() !== 'utf-8') return { ok: false, reason: 'not-utf-8' };
  return { ok: true };
}
