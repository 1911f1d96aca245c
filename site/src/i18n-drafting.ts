/**
 * The strings of the drafting side (issue 10): the drafter's dashboard, the answer form, the public adoption
 * report and the answer under a receipt. Chinese first with English beside it. Kept apart from i18n.ts and
 * i18n-staff.ts so that each page's scripts carry only their own strings.
 *
 * Imported by client scripts: keep it free of Node, Astro and zod imports.
 */
import type { Lang, Stance } from './i18n.ts';

export type Decision = 'adopted' | 'partly-adopted' | 'not-adopted' | 'noted';
export const DECISIONS: readonly Decision[] = ['adopted', 'partly-adopted', 'not-adopted', 'noted'];

const zhDecisions: Record<Decision, string> = {
  adopted: '采纳',
  'partly-adopted': '部分采纳',
  'not-adopted': '不予采纳',
  noted: '已研究（作为参考）',
};
const enDecisions: Record<Decision, string> = {
  adopted: 'Adopted',
  'partly-adopted': 'Partly adopted',
  'not-adopted': 'Not adopted',
  noted: 'Noted',
};
const zhStances: Record<Stance, string> = {
  support: '支持',
  oppose: '反对',
  suggest: '修改建议',
  other: '其他',
};
const enStances: Record<Stance, string> = {
  support: 'Support',
  oppose: 'Oppose',
  suggest: 'Suggest changes',
  other: 'Other',
};

const zh = {
  decisions: zhDecisions,
  stances: zhStances,
  wholeDraft: '对草案整体的意见',
  dashboard: {
    title: '意见分析',
    nav: '意见分析',
    intro: '按条文和态度统计收到的意见（不含垃圾信息），在草案上查看意见分布，并逐条答复。',
    open: '查看意见分析',
    noConsultation: '请从工作台首页选择一项征求意见。',
    notFound: '找不到这项征求意见，或您无权查看。',
    forbidden: '意见分析仅供起草人员和管理员使用。',
    loading: '正在加载统计…',
    summary: '概况',
    received: '收到意见（不含垃圾信息）',
    distinct: '合并相同意见后',
    status: { pending: '待审核', published: '已公开', rejected: '未公开', spam: '垃圾信息' },
    countsHeading: '各条文意见数（按态度）',
    collapse: '合并格式相同的意见（同一批量意见计为一条）',
    tableCaption: (collapsed: boolean): string =>
      collapsed ? '各条文意见数，批量意见合并计算' : '各条文意见数，逐条计算',
    article: '条文',
    total: '合计',
    heatHeading: '意见分布图',
    heatHelp: '条文底色越深，收到的意见越多。点击条文可查看对该条的意见。',
    heatCount: (n: number) => `${n} 条意见`,
    viewComments: '查看意见',
    answerArticle: '答复本条',
    timeHeading: '每日收到的意见',
    timeTable: '每日意见数（数据表）',
    day: '日期（北京时间）',
    count: '意见数',
    topHeading: '意见最多的条文',
    carriedHeading: '延续到新版本的意见',
    carriedHelp: (from: number, to: number) =>
      `对第 ${from} 稿条文的意见，按条文对应关系归入第 ${to} 稿的条文。`,
    carriedFrom: (label: string, version: number) => `第 ${version} 稿 ${label}`,
    carriedTo: '对应新条文',
    removed: '该条已删除',
    none: '暂无意见。',
    failed: '统计暂时无法加载，请稍后刷新页面。',
  },
  respond: {
    heading: '答复',
    current: '当前答复',
    scope: { comment: '针对本条意见', cluster: '针对同一批量意见', article: '针对所在条文' },
    none: '尚未答复。',
    decision: '处理结果',
    reasonZh: '理由（中文，必填）',
    reasonEn: '理由（英文，选填）',
    save: '保存答复',
    saved: '答复已保存。',
    by: (who: string, when: string) => `${who} 于 ${when}`,
    history: '答复记录',
    articleHeading: (label: string) => `答复：${label}`,
    cancel: '取消',
  },
  report: {
    title: '意见采纳情况说明',
    loading: '正在加载…',
    notYet: '本项征求意见尚未办结。意见采纳情况说明将在办结后公布。',
    failed: '暂时无法加载，请稍后刷新页面。',
    window: '征求意见期间',
    concluded: '办结时间',
    totals: (received: number, distinct: number, published: number) =>
      `共收到意见 ${received} 条（合并相同意见后 ${distinct} 条），其中公开 ${published} 条。`,
    received: '收到意见',
    distinct: '合并后',
    published: '公开',
    response: '处理情况',
    noResponse: '未单独答复。',
    answered: '对具体意见的答复',
    unpublished: '（该意见未公开）',
    clusters: '对批量意见的答复',
    cluster: (id: string) => `批量意见 ${id}`,
    print: '打印 / 另存为 PDF',
    download: '下载（HTML，可用 Word 打开）',
    stanceLine: '态度',
  },
  receipt: {
    response: '答复',
  },
};

type DraftingStrings = typeof zh;

const en: DraftingStrings = {
  decisions: enDecisions,
  stances: enStances,
  wholeDraft: 'Comments on the whole draft',
  dashboard: {
    title: 'Feedback analysis',
    nav: 'Feedback analysis',
    intro:
      'Comments received (spam left out) by article and position, where on the draft they fall, and answers to them.',
    open: 'Feedback analysis',
    noConsultation: 'Choose a consultation on the console home page.',
    notFound: 'This consultation does not exist or you may not see it.',
    forbidden: 'The feedback analysis is for drafting officers and administrators.',
    loading: 'Loading the statistics…',
    summary: 'Overview',
    received: 'Comments received (without spam)',
    distinct: 'With identical comments merged',
    status: { pending: 'Pending', published: 'Published', rejected: 'Not published', spam: 'Spam' },
    countsHeading: 'Comments per article, by position',
    collapse: 'Merge form letters (each mass campaign counts once)',
    tableCaption: (collapsed: boolean): string =>
      collapsed ? 'Comments per article, form letters merged' : 'Comments per article, each counted',
    article: 'Article',
    total: 'Total',
    heatHeading: 'Where the draft drew comments',
    heatHelp: 'The darker an article, the more comments it drew. Choose an article to see its comments.',
    heatCount: (n: number) => `${n} comment${n === 1 ? '' : 's'}`,
    viewComments: 'See comments',
    answerArticle: 'Answer this article',
    timeHeading: 'Comments per day',
    timeTable: 'Comments per day (data table)',
    day: 'Day (Beijing time)',
    count: 'Comments',
    topHeading: 'Most commented articles',
    carriedHeading: 'Comments carried forward to the new version',
    carriedHelp: (from: number, to: number) =>
      `Comments on articles of version ${from}, counted under the articles of version ${to} they became.`,
    carriedFrom: (label: string, version: number) => `${label} (version ${version})`,
    carriedTo: 'Now',
    removed: 'removed',
    none: 'No comments yet.',
    failed: 'The statistics could not be loaded; please reload the page later.',
  },
  respond: {
    heading: 'Answer',
    current: 'Current answer',
    scope: { comment: 'to this comment', cluster: 'to its form-letter group', article: 'to its article' },
    none: 'Not answered yet.',
    decision: 'Decision',
    reasonZh: 'Reason (Chinese, required)',
    reasonEn: 'Reason (English, optional)',
    save: 'Save the answer',
    saved: 'Answer saved.',
    by: (who: string, when: string) => `${who}, ${when}`,
    history: 'Earlier answers',
    articleHeading: (label: string) => `Answer: ${label}`,
    cancel: 'Cancel',
  },
  report: {
    title: 'How the comments were handled',
    loading: 'Loading…',
    notYet:
      'This consultation has not been concluded yet. The report on how comments were handled is published once it is.',
    failed: 'The report could not be loaded; please reload the page later.',
    window: 'Comment period',
    concluded: 'Concluded',
    totals: (received: number, distinct: number, published: number) =>
      `${received} comments received (${distinct} with identical comments merged), ${published} of them published.`,
    received: 'Received',
    distinct: 'Merged',
    published: 'Published',
    response: 'How it was handled',
    noResponse: 'No answer to the article as a whole.',
    answered: 'Answers to individual comments',
    unpublished: '(comment not published)',
    clusters: 'Answers to form-letter campaigns',
    cluster: (id: string) => `Campaign ${id}`,
    print: 'Print / save as PDF',
    download: 'Download (HTML, opens in Word)',
    stanceLine: 'Positions',
  },
  receipt: {
    response: 'Answer',
  },
};

export const draftingUi: Record<Lang, DraftingStrings> = { zh, en };
