import type { Writable } from 'node:stream';
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { COMMENT_STATUSES } from '../comment/comment.ts';
import type { ArticleGroup, CompilationEntry } from './compilation.ts';
import { type ExportResponse, LABELS } from './model.ts';
import { close, put } from './sink.ts';

export interface CompilationHeading {
  /** 《城市公共交通安全管理条例（草案）》 without the brackets. */
  draftTitle: string;
  /** e.g. `2026年11月25日至2026年12月25日`. */
  window: string;
  variant: 'internal' | 'public';
}

// A4 in twips, portrait measures: docx swaps them for landscape.
const A4 = { width: 11906, height: 16838 } as const;
const MARGIN = 1134; // 2 cm
// 序号 | 意见内容 | 提出人 | 意见数 | 采纳情况 | 理由说明: 16838 − 2 × 1134 = 14570 twips.
const WIDTHS = [700, 6570, 1500, 900, 1300, 3600] as const;
const FONT = { ascii: 'Times New Roman', eastAsia: '宋体', hAnsi: 'Times New Roman' } as const;

const text = (value: string, options: { bold?: boolean } = {}) =>
  value.split('\n').map((line, i) => new TextRun({ text: line, bold: options.bold, break: i > 0 ? 1 : 0 }));

const cell = (
  value: string,
  width: number,
  options: { bold?: boolean; span?: number; shade?: boolean } = {},
) =>
  new TableCell({
    width: { size: width, type: WidthType.DXA },
    columnSpan: options.span,
    shading: options.shade ? { type: ShadingType.CLEAR, fill: 'EDEDED', color: 'auto' } : undefined,
    children: [new Paragraph({ children: text(value, options) })],
  });

const row = (values: readonly string[], options: { bold?: boolean; header?: boolean } = {}) =>
  new TableRow({
    tableHeader: options.header,
    cantSplit: options.header,
    children: values.map((v, i) => cell(v, WIDTHS[i] ?? 1000, options)),
  });

function responseText(response: ExportResponse | null): [string, string] {
  return response === null ? ['', ''] : [LABELS.decision[response.decision], response.reason];
}

function entryText(entry: CompilationEntry): string {
  const parts = [
    entry.kind === 'cluster' ? `【同类意见 ${entry.count} 条，以下为其中一条】\n${entry.body}` : entry.body,
  ];
  if (entry.proposedWording !== null) parts.push(`建议修改为：${entry.proposedWording}`);
  // Staff see how an entry was moderated unless there is nothing to say (all published).
  if (entry.byStatus !== null && entry.byStatus.published < entry.count) {
    const moderated = COMMENT_STATUSES.filter((s) => (entry.byStatus?.[s] ?? 0) > 0)
      .map((s) =>
        entry.kind === 'cluster' ? `${LABELS.status[s]} ${entry.byStatus?.[s]}` : LABELS.status[s],
      )
      .join('，');
    parts.push(`〔审核：${moderated}${entry.moderationReason ? `；理由：${entry.moderationReason}` : ''}〕`);
  }
  return parts.join('\n');
}

function articleRows(group: ArticleGroup, start: number): TableRow[] {
  const heading = `${group.label}（${group.title}，第${group.draftVersion}稿）`;
  const rows = [
    new TableRow({
      children: [
        cell(group.text === '' ? heading : `${heading}\n${group.text}`, 14570, {
          span: WIDTHS.length,
          shade: true,
        }),
      ],
    }),
  ];
  group.entries.forEach((entry, i) => {
    const [decision, reason] = responseText(entry.response);
    rows.push(
      row([
        String(start + i),
        entryText(entry),
        entry.kind === 'cluster' ? `${entry.count} 人` : (entry.displayName ?? '（未署名）'),
        String(entry.count),
        decision,
        reason,
      ]),
    );
  });
  if (group.spam > 0)
    rows.push(row(['', `另有垃圾信息 ${group.spam} 条，未列出正文。`, '', String(group.spam), '', '']));
  if (group.articleResponse !== null) {
    const [decision, reason] = responseText(group.articleResponse);
    rows.push(row(['', `对${group.label}的答复`, '', '', decision, reason], { bold: true }));
  }
  return rows;
}

/**
 * The 意见汇总表 as offices lay it out: landscape A4, one table, each article as a shaded row with its
 * text, then the comments on it (form letters collapsed with their count) and the response. The docx
 * package builds the document in memory, which is why it takes per-article groups (compilation.ts):
 * its size follows articles and clusters, not the number of comments. Ends `out`.
 */
export async function writeDocx(
  groups: readonly ArticleGroup[],
  heading: CompilationHeading,
  out: Writable,
): Promise<{ entries: number; comments: number }> {
  const comments = groups.reduce((n, g) => n + g.comments, 0);
  const collapsed = groups.reduce((n, g) => n + g.entries.length + (g.spam > 0 ? 1 : 0), 0);
  const rows = [
    row(['序号', '意见内容', '提出人', '意见数', '采纳情况', '理由说明'], { bold: true, header: true }),
  ];
  let next = 1;
  for (const group of groups) {
    rows.push(...articleRows(group, next));
    next += group.entries.length;
  }
  const document = new Document({
    creator: 'Yijian',
    title: `${heading.draftTitle}征求意见汇总表`,
    styles: { default: { document: { run: { font: FONT, size: 21 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: A4.width, height: A4.height, orientation: PageOrientation.LANDSCAPE },
            margin: { top: MARGIN, right: MARGIN, bottom: MARGIN, left: MARGIN },
          },
        },
        children: [
          new Paragraph({
            heading: HeadingLevel.TITLE,
            alignment: AlignmentType.CENTER,
            children: [
              new TextRun({ text: `《${heading.draftTitle}》征求意见汇总表`, bold: true, size: 32 }),
            ],
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [
              new TextRun(
                heading.variant === 'internal'
                  ? `征求意见期：${heading.window}。共收到意见 ${comments} 条，合并同类意见后 ${collapsed} 条。（内部版，含未公开意见）`
                  : `征求意见期：${heading.window}。公开的意见 ${comments} 条，合并同类意见后 ${collapsed} 条。（公开版）`,
              ),
            ],
          }),
          new Table({
            width: { size: 14570, type: WidthType.DXA },
            columnWidths: [...WIDTHS],
            rows,
          }),
        ],
      },
    ],
  });
  await put(out, await Packer.toBuffer(document));
  await close(out);
  return { entries: next - 1, comments };
}
