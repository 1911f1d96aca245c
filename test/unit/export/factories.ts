import { Writable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { articleIndexOf } from '../../../shared/export/articles.ts';
import type { ExportRecord } from '../../../shared/export/model.ts';
import type { TextMask } from '../../../shared/export/rows.ts';
import { longDraft } from '../../fixtures/drafts/generate.ts';

/** A 30-article Chinese draft (chapters and sections), version 1. */
export const DRAFT = longDraft({ lang: 'zh', articles: 30 });
export const ARTICLES = articleIndexOf([DRAFT]);

/** Stands in for the staff side's screening: hides runs of 7+ digits (phone numbers). */
export const maskDigits: TextMask = (text) => text.replace(/\d{7,}/g, '***');

let sequence = 0;

/** A comment record; ids ascend in the order records are made, as the store's time ids do. */
export function record(
  overrides: {
    [K in keyof ExportRecord]?: K extends 'comment' ? Partial<ExportRecord['comment']> : ExportRecord[K];
  } = {},
): ExportRecord {
  sequence += 1;
  const n = sequence;
  return {
    comment: {
      id: `01JEXPORT${String(n).padStart(10, '0')}`,
      receipt: `R${String(n).padStart(11, '0')}`,
      articleId: 'art-3',
      draftVersion: 1,
      stance: 'suggest',
      body: `建议第${n}号：明确夜间公交线路的安全员配置标准，并公开考核结果。`,
      proposedWording: null,
      displayName: null,
      publishName: false,
      status: 'published',
      submittedAt: '2026-11-25T06:03:07.000Z',
      ...overrides.comment,
    },
    moderationReason: overrides.moderationReason ?? null,
    contact: overrides.contact ?? null,
    cluster: overrides.cluster ?? null,
    response: overrides.response ?? null,
  };
}

/** The store's paging: the records in pages of `size`, one page at a time. */
export async function* pagesOf<T>(items: readonly T[], size = 3): AsyncGenerator<readonly T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** A Writable that keeps what it is given, for reading the file back. */
export function memoryOut(): Writable & { bytes(): Buffer; text(): string } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      callback();
    },
  });
  return Object.assign(out, {
    bytes: () => Buffer.concat(chunks),
    text: () => Buffer.concat(chunks).toString('utf8'),
  });
}

/** Every sheet of an XLSX as rows of cell values (1-based columns dropped), read with exceljs's reader. */
export async function readXlsx(bytes: Buffer): Promise<Map<string, unknown[][]>> {
  const workbook = new ExcelJS.Workbook();
  // exceljs declares its own `Buffer` as an ArrayBuffer; JSZip reads either.
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  const sheets = new Map<string, unknown[][]>();
  for (const sheet of workbook.worksheets) {
    const rows: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      rows.push(values.map((v) => (v === undefined ? null : v)));
    });
    sheets.set(sheet.name, rows);
  }
  return sheets;
}

export async function docxText(bytes: Buffer): Promise<string> {
  return (await mammoth.extractRawText({ buffer: bytes })).value;
}

/**
 * RFC 4180 read independently of the writer: quoted fields may hold commas, CR, LF and doubled quotes;
 * records end with CRLF.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i += 1;
      } else {
        field += c;
        i += 1;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      i += 1;
    } else if (c === ',') {
      record.push(field);
      field = '';
      i += 1;
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (c === '"' || c === '\r' || c === '\n') {
      throw new Error(`unquoted ${JSON.stringify(c)} at ${i}`);
    } else {
      field += c;
      i += 1;
    }
  }
  if (field !== '' || record.length > 0) throw new Error('last record does not end with CRLF');
  return records;
}

/** One entry of a zip written with sizes in its local headers (as the docx package writes them). */
export function zipEntry(zip: Buffer, name: string): string {
  let at = 0;
  while (zip.readUInt32LE(at) === 0x04034b50) {
    const method = zip.readUInt16LE(at + 8);
    const size = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const extraLength = zip.readUInt16LE(at + 28);
    const entryName = zip.toString('utf8', at + 30, at + 30 + nameLength);
    const start = at + 30 + nameLength + extraLength;
    const data = zip.subarray(start, start + size);
    if (entryName === name) return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    at = start + size;
  }
  throw new Error(`no ${name} in the zip`);
}
