/**
 * Strings of the export page (issue 10 §4), beside i18n-staff.ts so that the console's main dictionary
 * stays as it is. Chinese first; the English page shows the English.
 */
import type { Lang } from './i18n.ts';

export const EXPORT_FORMATS_UI = ['xlsx', 'docx', 'csv', 'json'] as const;
export const EXPORT_VARIANTS_UI = ['public', 'internal'] as const;
export type ExportFormatUi = (typeof EXPORT_FORMATS_UI)[number];
export type ExportVariantUi = (typeof EXPORT_VARIANTS_UI)[number];

interface ExportStrings {
  title: string;
  link: string;
  intro: string;
  noConsultation: string;
  back: string;
  formHeading: string;
  format: string;
  formats: Record<ExportFormatUi, string>;
  variant: string;
  variants: Record<ExportVariantUi, string>;
  variantHelp: Record<ExportVariantUi, string>;
  internalNotAllowed: string;
  start: string;
  starting: string;
  jobsHeading: string;
  noJobs: string;
  status: Record<'queued' | 'running' | 'done' | 'failed', string>;
  progress: (processed: number, total: number) => string;
  download: string;
  retry: string;
  failedBecause: string;
  startFailed: string;
}

export const exportUi: Record<Lang, ExportStrings> = {
  zh: {
    title: '导出意见',
    link: '导出意见汇总表',
    intro: '导出在后台进行，可离开本页；导出文件保留 7 天。',
    noConsultation: '未指定征求意见项目。请从审核页面进入。',
    back: '返回审核页面',
    formHeading: '新建导出',
    format: '文件格式',
    formats: {
      xlsx: 'Excel 表格（XLSX）',
      docx: 'Word 意见汇总表（DOCX）',
      csv: 'CSV（UTF-8，Excel 可直接打开）',
      json: 'JSON（NDJSON，每行一条）',
    },
    variant: '版本',
    variants: { public: '公开版', internal: '内部版' },
    variantHelp: {
      public: '仅含已公开的意见，不含联系方式等个人信息。',
      internal:
        '含全部收到的意见（含不予公开、垃圾信息）、审核理由和联系方式。仅起草人员和管理员可导出，导出和下载均记入审计日志。',
    },
    internalNotAllowed: '您的角色不能导出内部版。',
    start: '开始导出',
    starting: '正在提交…',
    jobsHeading: '本次导出',
    noJobs: '尚未开始导出。',
    status: { queued: '排队中', running: '正在导出', done: '已完成', failed: '失败' },
    progress: (processed, total) => `已处理 ${processed} / ${total} 条`,
    download: '下载文件',
    retry: '重试',
    failedBecause: '失败原因：',
    startFailed: '未能开始导出：',
  },
  en: {
    title: 'Export comments',
    link: 'Export the compilation',
    intro: 'Exports run in the background; you may leave this page. Files are kept for 7 days.',
    noConsultation: 'No consultation given. Open this page from the moderation page.',
    back: 'Back to moderation',
    formHeading: 'New export',
    format: 'File format',
    formats: {
      xlsx: 'Excel workbook (XLSX)',
      docx: 'Word compilation (DOCX)',
      csv: 'CSV (UTF-8, opens in Excel)',
      json: 'JSON (NDJSON, one comment per line)',
    },
    variant: 'Variant',
    variants: { public: 'Public', internal: 'Internal' },
    variantHelp: {
      public: 'Published comments only, without contact details or other personal data.',
      internal:
        'Every comment received (rejected and spam included), moderation reasons and contact details. Drafters and administrators only; starting and downloading it are audited.',
    },
    internalNotAllowed: 'Your role may not export the internal variant.',
    start: 'Start export',
    starting: 'Starting…',
    jobsHeading: 'Exports started here',
    noJobs: 'No export started yet.',
    status: { queued: 'Queued', running: 'Exporting', done: 'Done', failed: 'Failed' },
    progress: (processed, total) => `${processed} of ${total} comments processed`,
    download: 'Download file',
    retry: 'Retry',
    failedBecause: 'Why it failed: ',
    startFailed: 'Could not start the export: ',
  },
};
