import { type SourceText, splitLines } from '../source.ts';
import { decodeText } from './txt.ts';

/**
 * Reads Markdown line by line, removing the markup (heading hashes, emphasis, bullets, quotes, links, rules)
 * but keeping every line where it was, so that line numbers stay exact. Lines are not joined the Markdown
 * way: offices write one 款 per line without blank lines between, which Markdown would run together.
 * Ordered-list numbers (`1.`) are kept, since in a draft they are 目 labels.
 */
export function readMd(input: Uint8Array | string): SourceText {
  const { text, encoding } =
    typeof input === 'string' ? { text: input, encoding: 'utf-8' } : decodeText(input);
  const lines = splitLines(text);
  let inComment = false;
  let inFence = false;
  for (const line of lines) {
    let t = line.text;
    if (inComment) {
      const end = t.indexOf('-->');
      if (end < 0) {
        line.text = '';
        continue;
      }
      t = t.slice(end + 3);
      inComment = false;
    }
    if (/^\s{0,3}(```|~~~)/.test(t)) {
      inFence = !inFence;
      line.text = '';
      continue;
    }
    if (inFence) continue;
    t = t.replace(/<!--.*?-->/g, '');
    const open = t.indexOf('<!--');
    if (open >= 0) {
      t = t.slice(0, open);
      inComment = true;
    }
    line.text = stripMarkup(t);
  }
  return { format: 'md', lines, encoding, unit: 'line' };
}

/** Markup of one Markdown line → its text. */
export function stripMarkup(line: string): string {
  // Thematic breaks and setext underlines carry no text.
  if (/^\s{0,3}([-*_=])(\s*\1){2,}\s*$/.test(line) || /^\s{0,3}=+\s*$/.test(line)) return '';
  // Table delimiter rows.
  if (/^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$/.test(line)) return '';
  let t = line;
  for (;;) {
    const next = t.replace(/^\s{0,3}>\s?/, '');
    if (next === t) break;
    t = next;
  }
  // Escaped punctuation stands aside (as private-use characters) while the markup is removed.
  t = t
    .replace(/\\([!-/:-@[-`{-~])/g, (_m, c: string) => String.fromCharCode(0xe000 + c.charCodeAt(0)))
    .replace(/^\s{0,3}#{1,6}(\s+|$)/, '')
    .replace(/\s+#+\s*$/, '')
    .replace(/^\s*[-*+]\s+(\[[ xX]\]\s+)?/, '')
    .replace(/^\s*\|(.*)\|\s*$/, (_m, cells: string) => cells.split('|').join(' '))
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/__(.+?)__/g, '$1')
    .replace(/(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])/g, '$1')
    .replace(/(?<![_\w])_(?!\s)(.+?)(?<!\s)_(?![_\w])/g, '$1')
    .replace(/\\$/, '')
    .replace(/[\ue021-\ue07e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xe000));
  return t;
}
