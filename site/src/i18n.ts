/**
 * Every UI string of the site, in both languages, in one place. Pages take `lang` and read `ui[lang]`;
 * the client scripts read `clientUi[lang]` (kept separate so that a script bundle carries only the
 * strings it can show).
 *
 * This module is imported by client scripts too: keep it free of Node, Astro and zod imports.
 */
import {
  type FieldErrorCode,
  MAX_BODY_CHARS,
  MAX_DISPLAY_NAME_CHARS,
  MAX_WORDING_CHARS,
} from '../../shared/comment/rules.ts';

export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

/** BCP 47 tags for `<html lang>` and `hreflang`. */
export const htmlLang = { zh: 'zh-CN', en: 'en' } as const satisfies Record<Lang, string>;

/** The other language, for the language switch. */
export const otherLang = (lang: Lang): Lang => (lang === 'zh' ? 'en' : 'zh');

/**
 * The URL of a page in a language: Chinese at the root, English under `/en/`.
 * `path` is the Chinese path and starts with `/` (`/lookup/`).
 */
export function localePath(lang: Lang, path: string): string {
  return lang === 'zh' ? path : `/en${path}`;
}

/** The language of the page a script runs on. */
export function pageLang(): Lang {
  return document.documentElement.lang.toLowerCase().startsWith('en') ? 'en' : 'zh';
}

// The server's limits (shared/comment/rules.ts), so that the form and the API count alike.
export const BODY_MAX = MAX_BODY_CHARS;
export const WORDING_MAX = MAX_WORDING_CHARS;
export const NAME_MAX = MAX_DISPLAY_NAME_CHARS;

export type Stance = 'support' | 'oppose' | 'suggest' | 'other';
export const STANCES: readonly Stance[] = ['support', 'oppose', 'suggest', 'other'];

export type WindowStatus = 'scheduled' | 'open' | 'closed' | 'concluded';
export type CommentStatus = 'pending' | 'published' | 'rejected' | 'spam';

/** 1 → 一, 12 → 十二, 56 → 五十六 (up to 99), for 第N次 in version names. */
function zhNumber(n: number): string {
  const digits = '零一二三四五六七八九';
  if (n < 10) return digits[n] ?? String(n);
  if (n >= 100) return String(n);
  const tens = Math.floor(n / 10);
  const units = n % 10;
  return `${tens === 1 ? '' : digits[tens]}十${units === 0 ? '' : digits[units]}`;
}

const EN_ORDINALS = ['First', 'Second', 'Third', 'Fourth', 'Fifth', 'Sixth', 'Seventh', 'Eighth', 'Ninth'];

/** Kinds of change between two versions of a draft, as shared/draft/diff.ts names them. */
export type ChangeKind =
  | 'unchanged'
  | 'renumbered'
  | 'modified'
  | 'inserted'
  | 'deleted'
  | 'split'
  | 'merged';

const zhClient = {
  timeZoneNote: '北京时间',
  status: {
    scheduled: '尚未开始',
    open: '征求意见中',
    closed: '已截止',
    concluded: '已结束',
  } satisfies Record<WindowStatus, string>,
  windowText: (status: WindowStatus, opens: string, closes: string): string => {
    switch (status) {
      case 'scheduled':
        return `${opens} 开始，${closes} 截止（北京时间）`;
      case 'open':
        return `截止 ${closes}（北京时间）`;
      case 'closed':
      case 'concluded':
        return `截止时间 ${closes}（北京时间）`;
    }
  },
  commentCount: (n: number): string => `已收到意见 ${n} 条`,
  statusLoading: '正在获取实时状态…',
  statusUnavailable: '暂时无法获取实时征求意见状态，请稍后刷新页面。',
  statusUnknown: '征求意见时间尚未公布。',
  commentingNotOpen: {
    scheduled: '征求意见尚未开始，开始后即可在此提出意见。',
    closed: '征求意见期已截止，不再接收新的意见。感谢您的关注。',
    concluded: '本次征求意见已结束，不再接收新的意见。感谢您的关注。',
  } satisfies Record<Exclude<WindowStatus, 'open'>, string>,

  // Comment form
  counter: (n: number, max: number): string =>
    n > max ? `已超出 ${n - max} 字（最多 ${max} 字）` : `已输入 ${n} 字，还可输入 ${max - n} 字`,
  submit: '提交意见',
  submitting: '正在提交…',
  errorSummary: '请修正以下问题：',
  errors: {
    stanceRequired: '请选择您的态度。',
    bodyRequired: '请填写意见内容。',
    bodyTooLong: (over: number): string => `意见内容最多 ${BODY_MAX} 字，目前超出 ${over} 字。`,
    wordingTooLong: (over: number): string => `建议修改的条文最多 ${WORDING_MAX} 字，目前超出 ${over} 字。`,
    nameTooLong: `署名最多 ${NAME_MAX} 字。`,
    nameRequiredForPublish: '您勾选了同意公开署名，请填写署名；如不希望公开署名，请取消勾选。',
    emailInvalid: '请输入有效的电子邮箱地址，例如 name@example.com。',
    phoneInvalid: '请输入有效的电话号码：5 至 20 位数字，可以包含空格、“+”“-”和括号。',
    textBroken: '内容包含无法识别的字符（可能是复制时损坏的表情符号），请删除后重新输入。',
    textControl: '内容包含不可见的控制字符，请删除后重新输入。',
    textBidi: '内容包含改变文字方向的不可见字符，请删除后重新输入。',
    articleInvalid: '所选条文不存在，请重新选择意见针对的条文。',
    choiceInvalid: '请重新选择。',
    formOutdated: '表单已更新，请刷新页面后重新提交。',
    tooLarge: '提交的内容过长，请删减意见或建议修改的条文后重试。',
    windowClosed: '目前不在征求意见期内，意见未能提交。',
    network: '网络连接失败，您的意见尚未确认提交。请检查网络后再次点击“提交意见”；重试不会产生重复的意见。',
    rateLimited: '提交过于频繁，请稍后再试。',
    server: '服务器暂时无法处理您的意见，请稍后再试；重试不会产生重复的意见。',
    generic: '提交未成功，请检查填写内容后重试。',
  },
  // Limits, proof of work and retries (the API's problem codes; docs/decisions.md)
  abuse: {
    rateLimitedUntil: (time: string): string =>
      `提交过于频繁。请在北京时间 ${time} 之后再次点击“提交意见”；您填写的内容已保留。`,
    retrying: (attempt: number, max: number): string =>
      `服务器暂时未确认，正在自动重试（第 ${attempt} 次，最多 ${max} 次）；您的意见不会重复提交。`,
    powRenewing: '人机验证已过期或已使用，正在重新验证后提交…',
    powFailed: '人机验证未能完成，请稍后再次点击“提交意见”；您填写的内容已保留。',
    botSuspected: '提交被拒绝。如果您是正常填写，请刷新页面后重试。',
    draftRestored: '已恢复您在本页填写但尚未提交的内容。',
    honeypotLabel: '请勿填写此项',
    widget: {
      label: '我不是机器人（在本机完成一次计算验证）',
      verifying: '正在验证…',
      verified: '验证完成',
      error: '验证失败，请稍后重试。',
      expired: '验证已过期，请重新验证。',
      verificationRequired: '请先完成验证。',
      waitAlert: '正在验证，请稍候。',
      loading: '正在加载…',
      reload: '重新加载',
      verify: '验证',
    },
  },

  // Receipt and lookup
  commentStatus: {
    pending: '待审核',
    published: '已公开',
    rejected: '未采用公开',
    spam: '未公开',
  } satisfies Record<CommentStatus, string>,
  commentStatusHelp: {
    pending: '您的意见已收到，正在等待工作人员审核。',
    published: '您的意见已通过审核，在本平台公开。',
    rejected: '您的意见已收到并留存记录，经审核未在本平台公开。',
    spam: '您的意见经审核未在本平台公开。',
  } satisfies Record<CommentStatus, string>,
  wholeDraft: '整部草案',
  articleInVersion: (label: string, version: string): string => `${label}（${version}）`,
  receiptEmpty: '请输入回执编号。',
  receiptMalformed:
    '回执编号格式不正确。回执编号由 12 位字母和数字组成，例如 ABCD-EFGH-JKMN（不含数字 0、1 和字母 I、L、O）。',
  receiptNotFound: '未找到该回执编号对应的意见，请核对编号后重试。',
  receiptMissing: '页面链接中没有有效的回执编号。',
  lookupLoading: '正在查询…',
  lookupFailed: '暂时无法查询，请检查网络后重试。',
  copied: '已复制回执编号。',
  copyFailed: '无法自动复制，请手动记录回执编号。',
  labels: {
    receipt: '回执编号',
    consultation: '征求意见项目',
    target: '意见针对',
    status: '处理状态',
    submittedAt: '提交时间',
    updatedAt: '最近更新',
  },
};

type ClientStrings = typeof zhClient;

const enClient: ClientStrings = {
  timeZoneNote: 'Beijing time',
  status: {
    scheduled: 'Not yet open',
    open: 'Open for comment',
    closed: 'Closed',
    concluded: 'Concluded',
  },
  windowText: (status, opens, closes) => {
    switch (status) {
      case 'scheduled':
        return `opens ${opens}, closes ${closes} (Beijing time)`;
      case 'open':
        return `closes ${closes} (Beijing time)`;
      case 'closed':
      case 'concluded':
        return `deadline ${closes} (Beijing time)`;
    }
  },
  commentCount: (n) => `${n} ${n === 1 ? 'comment' : 'comments'} received`,
  statusLoading: 'Checking the live status…',
  statusUnavailable: 'The live status is unavailable right now. Please reload the page later.',
  statusUnknown: 'The comment period has not been announced yet.',
  commentingNotOpen: {
    scheduled: 'The comment period has not started yet. You can comment here once it opens.',
    closed: 'The comment period has closed and no new comments are accepted. Thank you for your interest.',
    concluded:
      'This consultation has concluded and no new comments are accepted. Thank you for your interest.',
  },

  counter: (n, max) =>
    n > max
      ? `${(n - max).toLocaleString('en')} characters too many (maximum ${max.toLocaleString('en')})`
      : `${n.toLocaleString('en')} of ${max.toLocaleString('en')} characters used`,
  submit: 'Submit comment',
  submitting: 'Submitting…',
  errorSummary: 'Please correct the following:',
  errors: {
    stanceRequired: 'Choose your position on the draft.',
    bodyRequired: 'Enter your comment.',
    bodyTooLong: (over) =>
      `Your comment can be at most ${BODY_MAX.toLocaleString('en')} characters; it is ${over} too long.`,
    wordingTooLong: (over) =>
      `The proposed wording can be at most ${WORDING_MAX.toLocaleString('en')} characters; it is ${over} too long.`,
    nameTooLong: `The name can be at most ${NAME_MAX} characters.`,
    nameRequiredForPublish: 'You ticked the box to publish your name: enter a name, or untick the box.',
    emailInvalid: 'Enter a valid email address, like name@example.com.',
    phoneInvalid:
      'Enter a valid phone number: 5 to 20 digits, with spaces, “+”, “-” and brackets if you like.',
    textBroken:
      'This contains characters that cannot be read (perhaps an emoji damaged by copying). Delete them and type again.',
    textControl: 'This contains invisible control characters. Delete them and type again.',
    textBidi:
      'This contains invisible characters that change the text direction. Delete them and type again.',
    articleInvalid: 'The chosen article does not exist. Choose the article again.',
    choiceInvalid: 'Choose again.',
    formOutdated: 'This form has changed. Reload the page and submit again.',
    tooLarge: 'What you sent is too long. Shorten your comment or the proposed wording and try again.',
    windowClosed: 'The consultation is not open for comments, so your comment was not submitted.',
    network:
      'The network connection failed and your comment has not been confirmed. Check your connection and press “Submit comment” again; retrying will not create a duplicate.',
    rateLimited: 'Too many submissions. Please wait a moment and try again.',
    server:
      'The server could not process your comment right now. Please try again later; retrying will not create a duplicate.',
    generic: 'Your comment was not submitted. Please check your entries and try again.',
  },
  abuse: {
    rateLimitedUntil: (time) =>
      `Too many submissions. Press “Submit comment” again after ${time} (Beijing time); what you wrote has been kept.`,
    retrying: (attempt, max) =>
      `The server has not confirmed yet; retrying automatically (attempt ${attempt} of ${max}). Your comment will not be duplicated.`,
    powRenewing: 'The verification expired or was already used; verifying again before submitting…',
    powFailed:
      'The verification could not be completed. Press “Submit comment” again in a moment; what you wrote has been kept.',
    botSuspected:
      'The submission was refused. If you filled in the form yourself, reload the page and try again.',
    draftRestored: 'What you wrote on this page earlier and did not submit has been restored.',
    honeypotLabel: 'Leave this empty',
    widget: {
      label: 'I am not a robot (a short calculation on this device)',
      verifying: 'Verifying…',
      verified: 'Verified',
      error: 'Verification failed. Try again later.',
      expired: 'Verification expired. Verify again.',
      verificationRequired: 'Please verify first.',
      waitAlert: 'Verifying, please wait.',
      loading: 'Loading…',
      reload: 'Reload',
      verify: 'Verify',
    },
  },

  commentStatus: {
    pending: 'Awaiting moderation',
    published: 'Published',
    rejected: 'Not accepted for publication',
    spam: 'Not published',
  },
  commentStatusHelp: {
    pending: 'Your comment has been received and is waiting for a moderator.',
    published: 'Your comment has been moderated and is published on this portal.',
    rejected: 'Your comment has been received and kept on record, but after moderation it is not published.',
    spam: 'After moderation, your comment is not published on this portal.',
  },
  wholeDraft: 'The whole draft',
  articleInVersion: (label, version) => `${label} (${version})`,
  receiptEmpty: 'Enter your receipt number.',
  receiptMalformed:
    'That is not a valid receipt number. A receipt number has 12 letters and digits, like ABCD-EFGH-JKMN (it never contains 0, 1, I, L or O).',
  receiptNotFound: 'No comment was found for that receipt number. Please check it and try again.',
  receiptMissing: 'The link to this page has no valid receipt number.',
  lookupLoading: 'Looking up…',
  lookupFailed: 'The lookup failed. Check your connection and try again.',
  copied: 'Receipt number copied.',
  copyFailed: 'Could not copy automatically. Please write the receipt number down.',
  labels: {
    receipt: 'Receipt number',
    consultation: 'Consultation',
    target: 'Comment on',
    status: 'Status',
    submittedAt: 'Submitted',
    updatedAt: 'Last updated',
  },
};

/** Strings the client scripts need. */
export const clientUi: Record<Lang, ClientStrings> = { zh: zhClient, en: enClient };

/** The comment form's fields, by the name the API gives them. */
export type FormField =
  | 'articleId'
  | 'stance'
  | 'body'
  | 'proposedWording'
  | 'displayName'
  | 'publishName'
  | 'email'
  | 'phone'
  | 'lang';

/**
 * What the form says about a field error, in the page's language: the same text whether the form found
 * the error itself or the API reported it with this code (the API's English `detail` is never shown).
 * `over` is how many characters too long the field is, for `too-long`.
 */
export function fieldErrorText(
  lang: Lang,
  field: FormField | undefined,
  code: FieldErrorCode,
  over = 0,
): string {
  const e = clientUi[lang].errors;
  switch (code) {
    case 'lone-surrogate':
      return e.textBroken;
    case 'control-characters':
      return e.textControl;
    case 'bidi-override':
      return e.textBidi;
    case 'name-required':
      return e.nameRequiredForPublish;
    case 'unknown-field':
      return e.formOutdated;
    default:
  }
  switch (field) {
    case 'stance':
      return code === 'required' ? e.stanceRequired : e.choiceInvalid;
    case 'body':
      return code === 'too-long' ? e.bodyTooLong(over) : e.bodyRequired;
    case 'proposedWording':
      return code === 'too-long' ? e.wordingTooLong(over) : e.generic;
    case 'displayName':
      return code === 'too-long' ? e.nameTooLong : e.generic;
    case 'email':
      return e.emailInvalid;
    case 'phone':
      return e.phoneInvalid;
    case 'articleId':
      return e.articleInvalid;
    case 'publishName':
    case 'lang':
      return e.formOutdated;
    case undefined:
      return e.generic;
  }
}

const zh = {
  siteName: '法规规章草案公开征求意见',
  brand: '意见',
  skipLink: '跳到主要内容',
  nav: { label: '主导航', home: '首页', lookup: '查询意见' },
  langSwitch: { label: 'English', title: 'Read this page in English' },
  footer: {
    about: '本平台公开法规规章草案，征求社会公众意见。意见经审核后可能公开；联系方式不会公开。',
    time: '本站时间均为北京时间（UTC+8）。',
  },
  noscriptStatus: '启用浏览器的 JavaScript 后可查看实时征求意见状态。',

  home: {
    title: '草案公开征求意见',
    intro:
      '政府及其部门起草的地方性法规草案和政府规章草案在此公开征求社会公众意见。您可以逐条阅读草案，对整部草案或者具体条款提出意见和建议。',
    listHeading: '征求意见项目',
    empty: '目前没有公开征求意见的草案。',
    office: '发布单位',
    status: '征求意见状态',
    read: '阅读草案并提出意见',
    howHeading: '如何参与',
    steps: [
      '阅读草案全文和起草说明，了解起草背景和主要内容。',
      '在征求意见期内，对整部草案或者某一条提出意见：表明支持或者反对，或者提出修改建议。',
      '提交后您会得到一个回执编号，请妥善保存。',
      '凭回执编号可以随时查询意见的处理情况。意见经审核后可能在本平台公开，您的联系方式不会公开。',
    ],
    lookupLink: '用回执编号查询意见处理情况',
    untranslated: '',
  },

  draft: {
    contents: '目录',
    preamble: '序言',
    commentWhole: '对草案整体提出意见',
    commentArticle: '对本条提出意见',
    statusHeading: '征求意见状态',
    office: '发布单位',
    other: '其他方式',
    otherIntro: '您也可以通过以下方式提出意见：',
    noteLink: '阅读起草说明',
    translationNote: '',
    translationLink: '',
    untranslated: '',
  },

  versions: {
    label: '草案版本',
    name: (n: number): string => `第${zhNumber(n)}次征求意见稿`,
    current: '现行版本',
    changesLink: (from: string): string => `本版与${from}相比的修改情况`,
    oldHeading: '这是旧版本',
    oldText: (name: string, current: string): string =>
      `您正在阅读的是${name}，它已被${current}取代，仅供查阅，不能再对其提出意见。`,
    viewCurrent: '查看现行版本',
    viewChanges: (name: string): string => `查看${name}的修改情况`,
    oldTitle: (title: string, name: string): string => `${title}（${name}，旧版本）`,
    badge: {
      changed: '本版修改',
      new: '新增',
      moved: '位置调整',
    } satisfies Record<'changed' | 'new' | 'moved', string>,
    badgeContext: (label: string): string => `：查看${label}的修改情况`,
  },

  changes: {
    title: (to: string): string => `${to}修改情况`,
    subtitle: (from: string): string => `与${from}对照`,
    intro: (from: string, to: string): string =>
      `下面逐条列出${to}与${from}相比修改、新增、删除和调整序号的条文，按${to}的条文顺序排列。对照由系统按条文内容自动比对生成，仅供参考，以草案文本为准。`,
    legendHeading: '阅读说明',
    legendIns: '下划线绿底的文字为新增内容',
    legendDel: '删除线红底的文字为删去的内容',
    summaryHeading: '修改概况',
    summaryTotal: (from: number, to: number): string => `条文由 ${from} 条变为 ${to} 条。`,
    kinds: {
      modified: '修改',
      inserted: '新增',
      deleted: '删除',
      renumbered: '仅调整序号',
      split: '拆分',
      merged: '合并',
      unchanged: '未修改',
    } satisfies Record<ChangeKind, string>,
    count: (n: number): string => `${n} 条`,
    listHeading: '逐条对照',
    unchangedRest: (n: number): string => `其余 ${n} 条未修改`,
    unchangedRun: (first: string, last: string, n: number): string =>
      n === 1 ? `${first}未修改` : `${first}至${last}未修改（${n} 条）`,
    became: '改为',
    textUnchanged: '（内容未修改）',
    noteRenumbered: (oldLabel: string, newLabel: string): string =>
      `条文内容未修改，序号由${oldLabel}调整为${newLabel}。`,
    noteModifiedRenumbered: (oldLabel: string, newLabel: string): string =>
      `条文序号由${oldLabel}调整为${newLabel}。`,
    noteMoved: (from: string, to: string): string => `位置调整：由${from}移至${to}。`,
    noteInserted: '本条为新增条文。',
    noteDeleted: '本条已删除。',
    noteSplit: (oldLabel: string, newLabels: string): string => `${oldLabel}拆分为${newLabels}。`,
    noteMerged: (oldLabels: string, newLabel: string): string => `${oldLabels}合并为${newLabel}。`,
    join: (labels: string[]): string => labels.join('、'),
    former: (label: string): string => `原${label}`,
    formerHeading: (label: string): string => `原${label}`,
    withFormer: (label: string, former: string): string => `${label}（原${former}）`,
    ins: '插入：',
    insEnd: '（插入结束）',
    del: '删除：',
    delEnd: '（删除结束）',
    viewNew: (name: string, label: string): string => `在${name}中查看${label}`,
    viewOld: (name: string, label: string): string => `在${name}中查看原${label}`,
    none: '两个版本的条文没有差别。',
    backToDraft: '返回草案全文',
  },

  comment: {
    title: '提出意见',
    target: '意见针对',
    targetHint: '可以针对整部草案，也可以针对某一条。',
    articleContext: '条文内容',
    stance: '您的态度',
    stances: { support: '支持', oppose: '反对', suggest: '修改建议', other: '其他' } satisfies Record<
      Stance,
      string
    >,
    body: '意见内容',
    bodyHint: `请写明理由，最多 ${BODY_MAX} 字。请不要在意见中填写身份证号码、住址等个人信息。`,
    wording: '建议修改为（选填）',
    wordingHint: '如果您建议修改条文，可以在这里写出建议的条文表述。',
    nameLegend: '署名（选填）',
    name: '署名',
    nameHint: `可以是姓名、笔名或者单位名称，最多 ${NAME_MAX} 字。`,
    publishName: '我同意在公开我的意见时，一并公开上述署名。',
    publishNameHint: '这是一项单独的同意，可以不勾选。不勾选时，您的意见如被公开，将显示为“匿名”。',
    contactLegend: '联系方式（选填）',
    email: '电子邮箱',
    phone: '电话号码',
    noticeHeading: '个人信息告知',
    /** `retentionDays` is CONTACT_RETENTION_DAYS, counted from the close of the window as the code does. */
    notice: (office: string, retentionDays: number): string[] => [
      `您填写的联系方式由${office}处理，仅用于就您的意见与您联系（例如核实或者进一步了解意见内容），不会公开，也不会用于其他目的。`,
      `联系方式自本次征求意见截止之日起保存 ${retentionDays} 日，期满后删除。`,
      `署名只有在您勾选同意后才会随意见公开。未勾选时，署名不会公开，仅供${office}研究意见时参考，并与意见一起作为本次征求意见的记录长期保存。不填写联系方式和署名，不影响您提出意见。`,
    ],
    rights: '如需查询、更正或者删除您的个人信息，请联系：',
    required: '（必填）',
    noscript: '提交意见需要启用浏览器的 JavaScript。您也可以通过以下方式提出意见：',
  },

  receipt: {
    title: '意见已提交',
    label: '您的回执编号',
    copy: '复制回执编号',
    keep: '请记录或者截图保存回执编号。凭回执编号可以查询意见的处理情况，我们不会另行发送回执。',
    statusHeading: '当前状态',
    nextHeading: '接下来',
    next: [
      '工作人员将审核您的意见。审核通过的意见将在本平台公开；您的联系方式不会公开。',
      '所有收到的意见都将汇总提交起草部门研究。征求意见结束后，将公布意见采纳情况。',
      '您可以随时凭回执编号查询处理情况。',
    ],
    lookup: '查询意见处理情况',
    home: '返回首页',
  },

  lookup: {
    title: '查询意见处理情况',
    intro: '输入提交意见时得到的回执编号，查询意见的处理状态。查询结果不显示意见内容和任何个人信息。',
    input: '回执编号',
    inputHint: '12 位字母和数字，例如 ABCD-EFGH-JKMN，不区分大小写，可以省略短横线。',
    submit: '查询',
    resultHeading: '查询结果',
  },

  notFound: {
    title: '页面不存在',
    text: '您访问的页面不存在或者已经移动。',
    home: '返回首页',
  },
};

type PageStrings = typeof zh;

const en: PageStrings = {
  siteName: 'Public Comment on Draft Regulations',
  brand: 'Yijian',
  skipLink: 'Skip to main content',
  nav: { label: 'Main navigation', home: 'Home', lookup: 'Check a comment' },
  langSwitch: { label: '中文', title: '阅读本页中文版' },
  footer: {
    about:
      'This portal publishes draft regulations for public comment. Comments may be published after moderation; contact details never are.',
    time: 'All times on this site are Beijing time (UTC+8).',
  },
  noscriptStatus: 'Turn on JavaScript in your browser to see the live status of the comment period.',

  home: {
    title: 'Draft regulations open for public comment',
    intro:
      'Draft local regulations and government rules are published here for public comment. Read a draft article by article and comment on the whole draft or on a single article.',
    listHeading: 'Consultations',
    empty: 'No drafts are open for public comment at the moment.',
    office: 'Published by',
    status: 'Comment period',
    read: 'Read the draft and comment',
    howHeading: 'How to take part',
    steps: [
      'Read the full draft and its explanatory note to understand its background and main points.',
      'While the comment period is open, comment on the whole draft or on one article: support it, oppose it or suggest changes.',
      'After you submit, you get a receipt number. Keep it safe.',
      'Use the receipt number to check what became of your comment. Comments may be published after moderation; your contact details never are.',
    ],
    lookupLink: 'Check the status of a comment with its receipt number',
    untranslated: 'English translation not published yet',
  },

  draft: {
    contents: 'Contents',
    preamble: 'Preamble',
    commentWhole: 'Comment on the whole draft',
    commentArticle: 'Comment on this article',
    statusHeading: 'Comment period',
    office: 'Published by',
    other: 'Other ways to comment',
    otherIntro: 'You can also send your comments to: ',
    noteLink: 'Read the explanatory note',
    translationNote:
      'This English translation is for reference only; the Chinese text is the authoritative version.',
    translationLink: '阅读中文原文',
    untranslated:
      'The English translation of this draft has not been published yet; the authoritative Chinese text is shown below.',
  },

  versions: {
    label: 'Versions of the draft',
    name: (n) => `${EN_ORDINALS[n - 1] ?? `No. ${n}`} Draft for Public Comment`,
    current: 'current version',
    changesLink: (from) => `What changed since the ${from}`,
    oldHeading: 'This is an earlier version',
    oldText: (name, current) =>
      `You are reading the ${name}. It has been replaced by the ${current}; it is kept for reference and can no longer be commented on.`,
    viewCurrent: 'Read the current version',
    viewChanges: (name) => `See what changed in the ${name}`,
    oldTitle: (title, name) => `${title} (${name}, earlier version)`,
    badge: {
      changed: 'Changed in this draft',
      new: 'New',
      moved: 'Moved',
    },
    badgeContext: (label) => `: see the changes to ${label}`,
  },

  changes: {
    title: (to) => `What changed in the ${to}`,
    subtitle: (from) => `Compared with the ${from}`,
    intro: (from, to) =>
      `Every article that was changed, added, deleted or renumbered in the ${to} compared with the ${from}, in the order of the ${to}. The comparison is generated automatically from the texts of the articles and is for reference only; the text of the draft prevails.`,
    legendHeading: 'How to read this page',
    legendIns: 'Underlined text on green was added',
    legendDel: 'Struck-through text on red was removed',
    summaryHeading: 'Summary',
    summaryTotal: (from, to) => `The draft went from ${from} to ${to} articles.`,
    kinds: {
      modified: 'Changed',
      inserted: 'Added',
      deleted: 'Deleted',
      renumbered: 'Renumbered only',
      split: 'Split',
      merged: 'Merged',
      unchanged: 'Unchanged',
    },
    count: (n) => `${n} ${n === 1 ? 'article' : 'articles'}`,
    listHeading: 'Article by article',
    unchangedRest: (n) => `The other ${n} ${n === 1 ? 'article is' : 'articles are'} unchanged`,
    unchangedRun: (first, last, n) =>
      n === 1 ? `${first} is unchanged` : `${first} to ${last} are unchanged (${n} articles)`,
    became: 'became',
    textUnchanged: ' (text unchanged)',
    noteRenumbered: (oldLabel, newLabel) => `The text is unchanged; ${oldLabel} is now ${newLabel}.`,
    noteModifiedRenumbered: (oldLabel, newLabel) => `${oldLabel} is now ${newLabel}.`,
    noteMoved: (from, to) => `Moved from ${from} to ${to}.`,
    noteInserted: 'This article is new.',
    noteDeleted: 'This article was deleted.',
    noteSplit: (oldLabel, newLabels) => `${oldLabel} was split into ${newLabels}.`,
    noteMerged: (oldLabels, newLabel) => `${oldLabels} were merged into ${newLabel}.`,
    join: (labels) =>
      labels.length <= 1
        ? (labels[0] ?? '')
        : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`,
    former: (label) => `former ${label}`,
    formerHeading: (label) => `Former ${label}`,
    withFormer: (label, former) => `${label} (former ${former})`,
    ins: 'inserted: ',
    insEnd: ' (end of insertion)',
    del: 'deleted: ',
    delEnd: ' (end of deletion)',
    viewNew: (name, label) => `${label} in the ${name}`,
    viewOld: (name, label) => `Former ${label} in the ${name}`,
    none: 'The articles of the two versions do not differ.',
    backToDraft: 'Back to the full draft',
  },

  comment: {
    title: 'Submit a comment',
    target: 'Your comment is about',
    targetHint: 'The whole draft or a single article.',
    articleContext: 'Text of the article',
    stance: 'Your position',
    stances: { support: 'Support', oppose: 'Oppose', suggest: 'Suggest changes', other: 'Other' },
    body: 'Your comment',
    bodyHint: `Please give your reasons, in at most 5,000 characters. Do not include personal details such as ID numbers or addresses.`,
    wording: 'Proposed wording (optional)',
    wordingHint: 'If you suggest changing the text, you can write the wording you propose here.',
    nameLegend: 'Your name (optional)',
    name: 'Name',
    nameHint: `Your name, a pen name or an organisation, at most ${NAME_MAX} characters.`,
    publishName: 'I agree that this name is published together with my comment.',
    publishNameHint:
      'This is a separate consent and you may leave it unticked. Then, if your comment is published, it is shown as “Anonymous”.',
    contactLegend: 'Contact details (optional)',
    email: 'Email',
    phone: 'Phone number',
    noticeHeading: 'How we use your personal information',
    notice: (office, retentionDays) => [
      `${office} handles the contact details you give only to contact you about your comment (for example, to check or clarify it). They are never published and never used for anything else.`,
      `They are kept for ${retentionDays} days after the comment period closes, and then deleted.`,
      `Your name is published with your comment only if you tick the box above. If you do not, your name is never published: only ${office} sees it when studying the comments, and it is kept with your comment, without a time limit, as part of the record of this consultation. You can comment without giving a name or contact details.`,
    ],
    rights: 'To see, correct or delete your personal information, contact: ',
    required: '(required)',
    noscript:
      'Submitting a comment needs JavaScript turned on in your browser. You can also send your comments to: ',
  },

  receipt: {
    title: 'Comment submitted',
    label: 'Your receipt number',
    copy: 'Copy receipt number',
    keep: 'Write down or take a screenshot of your receipt number. You need it to check what became of your comment; we do not send it anywhere else.',
    statusHeading: 'Current status',
    nextHeading: 'What happens next',
    next: [
      'A moderator reviews your comment. Approved comments are published on this portal; your contact details are not.',
      'All comments received are compiled for the drafting office. After the consultation, the office publishes how the comments were taken into account.',
      'You can check the status of your comment at any time with your receipt number.',
    ],
    lookup: 'Check the status of a comment',
    home: 'Back to the home page',
  },

  lookup: {
    title: 'Check the status of your comment',
    intro:
      'Enter the receipt number you got when you submitted your comment. The result shows its status only, never its text or any personal information.',
    input: 'Receipt number',
    inputHint: '12 letters and digits, like ABCD-EFGH-JKMN. Upper or lower case; dashes are optional.',
    submit: 'Look up',
    resultHeading: 'Result',
  },

  notFound: {
    title: 'Page not found',
    text: 'The page you asked for does not exist or has moved.',
    home: 'Back to the home page',
  },
};

/** Strings the pages render at build time. */
export const ui: Record<Lang, PageStrings> = { zh, en };
