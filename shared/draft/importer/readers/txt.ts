import { type SourceText, splitLines } from '../source.ts';

/**
 * Decodes a text file: UTF-8 (with or without BOM), UTF-16 with BOM, and otherwise GB18030, the encoding
 * that Chinese Windows editors still save plain text in.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  try {
    // ignoreBOM: false (the default) strips a UTF-8 BOM.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

export function readTxt(input: Uint8Array | string): SourceText {
  const { text, encoding } =
    typeof input === 'string' ? { text: input, encoding: 'utf-8' } : decodeText(input);
  return { format: 'txt', lines: splitLines(text), encoding, unit: 'line' };
}
