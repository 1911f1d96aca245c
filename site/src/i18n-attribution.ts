/**
 * Strings of reports of false attribution (issue 9 §5), in both languages: the report control and form on
 * each published comment, the marker on a comment whose name was withheld, the report lookup, and the
 * staff console's reports page. Imported by client scripts: keep it free of Node, Astro and zod imports.
 */
import {
  MAX_REPORT_NOTE_CHARS,
  MAX_REPORT_REASON_CHARS,
  type ReportStatus,
} from '../../shared/attribution/rules.ts';
import { MAX_DISPLAY_NAME_CHARS } from '../../shared/comment/rules.ts';
import type { Lang } from './i18n.ts';

export const REASON_MAX = MAX_REPORT_REASON_CHARS;
export const NOTE_MAX = MAX_REPORT_NOTE_CHARS;

/** The marker is shown in both languages on every page: it speaks about a person's name to everyone. */
export const FALSE_ATTRIBUTION_MARKER = {
  zh: '经举报系冒用他人名义提交，署名已隐藏',
  en: 'Reported as made in someone else’s name; name withheld',
} as const satisfies Record<Lang, string>;

const zhPublic = {
  control: '报告冒名',
  controlContext: (who: string): string => `：${who}的意见`,
  anonymousComment: '这条意见',
  dialogTitle: '报告冒名意见',
  intro:
    '如果这条意见是他人未经您同意、以您的名义提交的，请告诉我们。审核人员核实后，可以隐藏署名并在意见旁标注。',
  reportedComment: '被报告的意见',
  reason: '理由',
  reasonHint: `请说明这条意见为什么不是您本人提交，或者未经您同意（最多 ${REASON_MAX} 字）。`,
  contactLegend: '联系方式（选填）',
  contactName: '姓名',
  email: '电子邮箱',
  phone: '电话',
  privacyHeading: '个人信息告知',
  privacy: (office: string, days: number): string[] => [
    `您填写的姓名和联系方式由${office}处理，仅用于就本次报告与您联系，不会公开，也不会用于其他目的。`,
    `联系方式自本次征求意见截止之日起保存 ${days} 日（报告晚于截止日的，自报告之日起计算），期满后删除。`,
    '您填写的理由仅供审核人员核实，不会公开。不填写联系方式，不影响报告的处理。',
  ],
  required: '（必填）',
  counter: (n: number, max: number): string =>
    n > max ? `已超出 ${n - max} 字（最多 ${max} 字）` : `已输入 ${n} 字，还可输入 ${max - n} 字`,
  submit: '提交报告',
  submitting: '正在提交…',
  cancel: '取消',
  close: '关闭',
  errorSummary: '请修正以下问题：',
  errors: {
    reasonRequired: '请填写理由。',
    reasonTooLong: (over: number): string => `理由最多 ${REASON_MAX} 字，目前超出 ${over} 字。`,
    nameTooLong: `姓名最多 ${MAX_DISPLAY_NAME_CHARS} 字。`,
    emailInvalid: '请输入有效的电子邮箱地址，例如 name@example.com。',
    phoneInvalid: '请输入有效的电话号码：5 至 20 位数字，可以包含空格、“+”“-”和括号。',
    textBroken: '内容包含无法识别的字符（可能是复制时损坏的表情符号），请删除后重新输入。',
    textControl: '内容包含不可见的控制字符，请删除后重新输入。',
    textBidi: '内容包含改变文字方向的不可见字符，请删除后重新输入。',
    formOutdated: '页面已更新，请刷新页面后重新提交。',
    gone: '这条意见目前不再公开，无法报告。',
    tooLarge: '提交的内容过长，请删减理由后重试。',
    rateLimited: '提交过于频繁，请稍后再试；已填写的内容仍然保留。',
    network: '网络连接失败，请检查网络后重试；已填写的内容仍然保留。',
    server: '暂时无法提交，请稍后重试；已填写的内容仍然保留。',
    generic: '提交未成功，请检查填写的内容。',
  },
  doneTitle: '报告已提交',
  receiptLabel: '报告回执编号',
  keep: '请记录或者截图保存回执编号。凭回执编号可以查询处理结果，我们不会另行发送回执。',
  lookupLink: '查询处理结果',

  lookupHeading: '查询冒名报告',
  lookupIntro: '输入提交冒名报告时得到的回执编号，查询处理结果。查询结果不显示您填写的理由和联系方式。',
  lookupInput: '报告回执编号',
  lookupSubmit: '查询报告',
  lookupEmpty: '请输入报告回执编号。',
  lookupMalformed: '回执编号是 12 位字母和数字，例如 ABCD-EFGH-JKMN。',
  lookupNotFound: '没有找到这个回执编号的报告。意见的回执编号请在上方查询。',
  lookupLoading: '正在查询…',
  lookupFailed: '暂时无法查询，请检查网络后重试。',
  statusLabel: '处理状态',
  status: {
    received: '已收到，待核实',
    name_hidden: '已隐藏署名并标注',
    dismissed: '未予采纳',
  } satisfies Record<ReportStatus, string>,
  statusHelp: {
    received: '审核人员将核实您的报告。核实前，该意见保持原样。',
    name_hidden: '该意见的署名已不再公开，意见旁已标注“经举报系冒用他人名义提交”。',
    dismissed: '审核人员核实后未采纳您的报告，理由见下方说明。',
  } satisfies Record<ReportStatus, string>,
  note: '审核说明',
  lookupComment: '被报告的意见',
  viewComment: '查看该意见所在条文',
  submittedAt: '提交时间',
  updatedAt: '最后更新',
  timeZoneNote: '北京时间',
};

type PublicStrings = typeof zhPublic;

const enPublic: PublicStrings = {
  control: 'Report false attribution',
  controlContext: (who) => `: the comment by ${who}`,
  anonymousComment: 'this comment',
  dialogTitle: 'Report a comment made in your name',
  intro:
    'If someone submitted this comment in your name without your consent, tell us. Once a moderator has checked, they can withhold the name and mark the comment.',
  reportedComment: 'The comment you are reporting',
  reason: 'Reason',
  reasonHint: `Say why this comment was not made by you, or not with your consent (at most ${REASON_MAX} characters).`,
  contactLegend: 'Contact details (optional)',
  contactName: 'Name',
  email: 'Email',
  phone: 'Phone',
  privacyHeading: 'How we use your personal information',
  privacy: (office, days) => [
    `${office} handles the name and contact details you give only to contact you about this report. They are never published and never used for anything else.`,
    `They are kept for ${days} days after the comment period closes (or after your report, if that is later), and then deleted.`,
    'Your reason is read only by the moderators who check the report; it is never published. You can report without giving contact details.',
  ],
  required: '(required)',
  counter: (n, max) =>
    n > max ? `${n - max} characters over the limit of ${max}` : `${n} characters, ${max - n} left`,
  submit: 'Send report',
  submitting: 'Sending…',
  cancel: 'Cancel',
  close: 'Close',
  errorSummary: 'Please fix the following:',
  errors: {
    reasonRequired: 'Please give a reason.',
    reasonTooLong: (over) => `The reason can be at most ${REASON_MAX} characters; it is ${over} over.`,
    nameTooLong: `The name can be at most ${MAX_DISPLAY_NAME_CHARS} characters.`,
    emailInvalid: 'Enter a valid email address, like name@example.com.',
    phoneInvalid:
      'Enter a valid phone number: 5 to 20 digits, with spaces, “+”, “-” or brackets if you like.',
    textBroken:
      'The text has characters that cannot be read (perhaps a broken emoji). Delete them and type again.',
    textControl: 'The text has invisible control characters. Delete them and type again.',
    textBidi: 'The text has invisible characters that change its direction. Delete them and type again.',
    formOutdated: 'This page has changed. Reload it and send the report again.',
    gone: 'This comment is no longer public, so it cannot be reported.',
    tooLarge: 'The report is too long. Shorten the reason and try again.',
    rateLimited: 'Too many reports from here. Try again later; what you typed is still here.',
    network: 'The connection failed. Check it and try again; what you typed is still here.',
    server: 'The report could not be sent just now. Try again later; what you typed is still here.',
    generic: 'The report was not sent. Check what you entered.',
  },
  doneTitle: 'Report sent',
  receiptLabel: 'Report receipt number',
  keep: 'Write down or take a screenshot of the receipt number. You need it to see the outcome; we do not send it anywhere else.',
  lookupLink: 'Check the outcome',

  lookupHeading: 'Check a report of false attribution',
  lookupIntro:
    'Enter the receipt number you got when you reported a comment made in your name. The result never shows your reason or contact details.',
  lookupInput: 'Report receipt number',
  lookupSubmit: 'Check report',
  lookupEmpty: 'Enter the receipt number of your report.',
  lookupMalformed: 'A receipt number has 12 letters and digits, like ABCD-EFGH-JKMN.',
  lookupNotFound: 'No report has this receipt number. Check a comment’s receipt number above.',
  lookupLoading: 'Looking up…',
  lookupFailed: 'The lookup failed. Check your connection and try again.',
  statusLabel: 'Status',
  status: {
    received: 'Received, being checked',
    name_hidden: 'Name withheld',
    dismissed: 'Not upheld',
  },
  statusHelp: {
    received: 'A moderator will check your report. Until then the comment stays as it is.',
    name_hidden:
      'The comment no longer shows the name and is marked as reported as made in someone else’s name.',
    dismissed: 'A moderator checked your report and did not uphold it; the note below says why.',
  },
  note: 'Moderator’s note',
  lookupComment: 'Reported comment',
  viewComment: 'See the article it was made on',
  submittedAt: 'Sent',
  updatedAt: 'Last updated',
  timeZoneNote: 'Beijing time',
};

export const attributionUi: Record<Lang, PublicStrings> = { zh: zhPublic, en: enPublic };

const zhStaff = {
  title: '冒名报告',
  link: (open: number | undefined): string =>
    open === undefined ? '冒名报告' : `冒名报告（待处理 ${open} 件）`,
  back: '返回审核队列',
  intro:
    '公众可以报告某条已公开的意见系他人冒用其名义提交。核实属实的，隐藏该意见的署名并标注；不属实的，驳回并写明理由（报告人凭回执可以看到）。每项决定都记入审核日志。',
  statusLegend: '报告状态',
  status: { received: '待处理', name_hidden: '已隐藏署名', dismissed: '已驳回' } satisfies Record<
    ReportStatus,
    string
  >,
  none: '没有此状态的报告。',
  loadMore: '加载更多',
  reportHeading: (n: number): string => `报告 ${n}`,
  reason: '报告理由',
  submittedAt: '报告时间',
  hasContact: '报告人留有联系方式',
  noContact: '报告人未留联系方式',
  showContact: '查看报告人联系方式（将记入审核日志）',
  contactNone: '联系方式已删除或未填写。',
  comment: '被报告的意见',
  commentGone: '被报告的意见不存在。',
  commentName: '署名',
  commentNamePublished: '（公开）',
  commentNameWithheld: '（未公开）',
  withheldByReport: '（经冒名报告核实，署名已隐藏）',
  anonymous: '（未署名）',
  article: '所属条文',
  wholeDraft: '针对草案整体',
  articleText: '条文内容',
  note: '说明',
  noteHint: `隐藏署名时可不填；驳回时必填，报告人凭回执可以看到（最多 ${NOTE_MAX} 字）。`,
  hideName: '隐藏署名并标注',
  dismiss: '驳回报告',
  decidedBy: (who: string, at: string): string => `${who} 于 ${at} 处理`,
  noteRequired: '驳回报告需要填写说明。',
  done: { 'hide-name': '已隐藏署名并标注该意见。', dismiss: '已驳回该报告。' },
  conflict: '该报告已由他人处理，已显示其当前状态。',
  readOnly: '您的角色只能查看报告，不能处理。',
  failed: '操作未成功：',
  noConsultation: '没有找到这个征求意见项目。',
  counts: (c: Record<ReportStatus, number>): string =>
    `待处理 ${c.received} 件，已隐藏署名 ${c.name_hidden} 件，已驳回 ${c.dismissed} 件`,
};

type StaffStrings = typeof zhStaff;

const enStaff: StaffStrings = {
  title: 'Reports of false attribution',
  link: (open) =>
    open === undefined ? 'Reports of false attribution' : `Reports of false attribution (${open} open)`,
  back: 'Back to the moderation queue',
  intro:
    'Anyone may report that a published comment was made in their name without their consent. If it holds, withhold the comment’s name and mark it; if not, dismiss the report with a note (the reporter sees it through the receipt). Every decision goes into the audit trail.',
  statusLegend: 'Report status',
  status: { received: 'Open', name_hidden: 'Name withheld', dismissed: 'Dismissed' },
  none: 'No reports in this status.',
  loadMore: 'Load more',
  reportHeading: (n) => `Report ${n}`,
  reason: 'Reason given',
  submittedAt: 'Reported',
  hasContact: 'The reporter left contact details',
  noContact: 'The reporter left no contact details',
  showContact: 'Show the reporter’s contact details (recorded in the audit trail)',
  contactNone: 'No contact details (deleted or never given).',
  comment: 'Reported comment',
  commentGone: 'The reported comment does not exist.',
  commentName: 'Name',
  commentNamePublished: '(published)',
  commentNameWithheld: '(not published)',
  withheldByReport: ' (withheld after a report of false attribution)',
  anonymous: '(no name)',
  article: 'Article',
  wholeDraft: 'The whole draft',
  articleText: 'Text of the article',
  note: 'Note',
  noteHint: `Optional when withholding the name; required to dismiss, and the reporter sees it (at most ${NOTE_MAX} characters).`,
  hideName: 'Withhold name and mark',
  dismiss: 'Dismiss report',
  decidedBy: (who, at) => `Decided by ${who} on ${at}`,
  noteRequired: 'Dismissing a report needs a note.',
  done: { 'hide-name': 'The name is withheld and the comment marked.', dismiss: 'The report is dismissed.' },
  conflict: 'Someone else decided this report first; its current state is shown.',
  readOnly: 'Your role can read reports but not decide them.',
  failed: 'That did not work: ',
  noConsultation: 'No such consultation.',
  counts: (c) => `${c.received} open, ${c.name_hidden} with the name withheld, ${c.dismissed} dismissed`,
};

export const attributionStaffUi: Record<Lang, StaffStrings> = { zh: zhStaff, en: enStaff };
