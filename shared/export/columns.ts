import { type ExportVariant, LABELS } from './model.ts';
import type { ExportRow, InternalRow, PublicRow } from './rows.ts';

/** A cell value as the tabular writers take it. */
export type Cell = string | number | null;

/**
 * One column of a tabular export. `cell` is what a person reads in Excel (Chinese labels, Beijing time
 * without the offset); `json` is what a program reads in NDJSON (codes, ISO time); it defaults to `cell`.
 */
export interface Column<R extends ExportRow> {
  key: string;
  /** Chinese first, English beside it. */
  header: string;
  /** Excel column width in characters. */
  width: number;
  cell(row: R): Cell;
  json?(row: R): Cell | boolean;
}

/** The columns both variants share, written once for either row type. */
function shared<R extends ExportRow>(): Column<R>[] {
  return [
    { key: 'commentId', header: '意见编号 Comment ID', width: 28, cell: (r) => r.commentId },
    { key: 'draftVersion', header: '草案稿次 Draft version', width: 8, cell: (r) => r.draftVersion },
    {
      key: 'article',
      header: '条文 Article',
      width: 14,
      cell: (r) => r.articleLabel,
      json: (r) => r.articleId,
    },
    { key: 'chapter', header: '所在章节 Chapter', width: 22, cell: (r) => r.articleTitle },
    {
      key: 'stance',
      header: '意见类型 Stance',
      width: 10,
      cell: (r) => LABELS.stance[r.stance],
      json: (r) => r.stance,
    },
    { key: 'body', header: '意见内容 Comment', width: 60, cell: (r) => r.body },
    {
      key: 'proposedWording',
      header: '修改建议条文 Proposed wording',
      width: 40,
      cell: (r) => r.proposedWording,
    },
    { key: 'displayName', header: '署名 Name', width: 14, cell: (r) => r.displayName },
  ];
}

function responseAndTime<R extends ExportRow>(): Column<R>[] {
  return [
    { key: 'clusterId', header: '同类意见组 Cluster', width: 14, cell: (r) => r.clusterId },
    { key: 'clusterSize', header: '同类意见数 Cluster size', width: 10, cell: (r) => r.clusterSize },
    {
      key: 'responseDecision',
      header: '采纳情况 Response',
      width: 10,
      cell: (r) => (r.responseDecision === null ? null : LABELS.decision[r.responseDecision]),
      json: (r) => r.responseDecision,
    },
    { key: 'responseReason', header: '理由 Reason', width: 40, cell: (r) => r.responseReason },
    {
      key: 'responseScope',
      header: '答复方式 Answered',
      width: 12,
      cell: (r) => (r.responseScope === null ? null : LABELS.scope[r.responseScope]),
      json: (r) => r.responseScope,
    },
    {
      key: 'submittedAt',
      header: '提交时间（北京时间）Submitted (Beijing time)',
      width: 20,
      cell: (r) => r.submittedAt.slice(0, 19).replace('T', ' '),
      json: (r) => r.submittedAt,
    },
  ];
}

export const INTERNAL_COLUMNS: readonly Column<InternalRow>[] = [
  ...shared<InternalRow>().slice(0, 1),
  { key: 'receipt', header: '回执号 Receipt', width: 16, cell: (r) => r.receipt },
  ...shared<InternalRow>().slice(1),
  {
    key: 'publishName',
    header: '同意公开署名 Name may be published',
    width: 8,
    cell: (r) => (r.publishName ? '是' : '否'),
    json: (r) => r.publishName,
  },
  {
    key: 'status',
    header: '审核状态 Status',
    width: 10,
    cell: (r) => LABELS.status[r.status],
    json: (r) => r.status,
  },
  {
    key: 'moderationReason',
    header: '审核理由 Moderation reason',
    width: 30,
    cell: (r) => r.moderationReason,
  },
  ...responseAndTime<InternalRow>(),
  { key: 'contactEmail', header: '电子邮箱 E-mail', width: 24, cell: (r) => r.contactEmail },
  { key: 'contactPhone', header: '电话 Phone', width: 16, cell: (r) => r.contactPhone },
];

export const PUBLIC_COLUMNS: readonly Column<PublicRow>[] = [
  ...shared<PublicRow>(),
  ...responseAndTime<PublicRow>(),
];

/** The keys of the public columns: anything else is private by definition. */
export const PUBLIC_KEYS: ReadonlySet<string> = new Set(PUBLIC_COLUMNS.map((c) => c.key));

export function columnsFor(variant: 'internal'): readonly Column<InternalRow>[];
export function columnsFor(variant: 'public'): readonly Column<PublicRow>[];
export function columnsFor(
  variant: ExportVariant,
): readonly Column<InternalRow>[] | readonly Column<PublicRow>[] {
  return variant === 'internal' ? INTERNAL_COLUMNS : PUBLIC_COLUMNS;
}
