import mammoth from 'mammoth';
import { DraftImportError } from '../diagnostics.ts';
import type { SourceLine, SourceText } from '../source.ts';

/**
 * Reads a Word document through mammoth's HTML conversion, which keeps what raw text loses: paragraph
 * boundaries, manual line breaks (`<br />`) and Word's list numbering (`<ol><li>`), whose numbers are not
 * part of the text and must be reported rather than silently missing.
 */
export async function readDocx(bytes: Uint8Array): Promise<SourceText> {
  let html: string;
  try {
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
    html = result.value;
  } catch (cause) {
    throw new DraftImportError('unreadable', 'the file is not a readable .docx document', { cause });
  }
  return { format: 'docx', lines: htmlToLines(html), unit: 'paragraph' };
}

const BLOCK = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ol',
  'ul',
  'table',
  'tr',
  'td',
  'th',
  'blockquote',
  'div',
  'caption',
]);

/**
 * Turns mammoth's HTML into lines: one per block (paragraph, heading, list item, table cell), and a further
 * line after each manual line break, which keeps the block's paragraph number.
 */
export function htmlToLines(html: string): SourceLine[] {
  const lines: SourceLine[] = [];
  const lists: string[] = [];
  let paragraph = 0;
  let buffer = '';
  let inBlock = false;
  let brokeLine = false;
  let autoNumbered = false;
  let skipDepth = 0;

  const flush = () => {
    if (!inBlock) return;
    if (buffer.trim().length > 0 || brokeLine) {
      const parts = buffer.split('\n');
      if (parts.some((p) => p.trim().length > 0)) {
        paragraph += 1;
        parts.forEach((text, i) => {
          if (text.trim().length === 0) return;
          lines.push({
            line: paragraph,
            text,
            ...(i === 0 ? { hardStart: true } : {}),
            ...(autoNumbered && i === 0 ? { autoNumbered: true } : {}),
          });
        });
      }
    }
    buffer = '';
    inBlock = false;
    brokeLine = false;
    autoNumbered = false;
  };

  for (const token of html.matchAll(/<(\/?)([a-zA-Z0-9]+)([^>]*)>|([^<]+)/g)) {
    const [, closing, rawTag, attributes, text] = token;
    if (text !== undefined) {
      if (skipDepth > 0) continue;
      buffer += decodeEntities(text);
      inBlock = true;
      continue;
    }
    const tag = (rawTag ?? '').toLowerCase();
    if (tag === 'a' && closing === '' && /href="#(footnote|endnote)-ref-/.test(attributes ?? '')) {
      // The "↑" link back from a footnote to its reference.
      skipDepth += 1;
      continue;
    }
    if (tag === 'a' && closing === '/' && skipDepth > 0) {
      skipDepth -= 1;
      continue;
    }
    if (tag === 'br') {
      buffer += '\n';
      brokeLine = true;
      inBlock = true;
      continue;
    }
    if (!BLOCK.has(tag)) continue;
    flush();
    if (tag === 'ol' || tag === 'ul') {
      if (closing === '') lists.push(tag);
      else lists.pop();
    }
    // Footnotes come as <li id="footnote-1">; their numbers are notes, not article numbers.
    if (tag === 'li' && closing === '') {
      autoNumbered = lists.at(-1) === 'ol' && !/id="(footnote|endnote)-/.test(attributes ?? '');
    }
  }
  flush();
  return lines;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos|nbsp);/g, (_m, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }[entity] ?? '';
  });
}
