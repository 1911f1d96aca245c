/**
 * Pre-screening of comment text for personal data: phone numbers, PRC resident ID-card numbers, e-mail
 * addresses and links. Pure, run at read time, so that a better rule applies to comments already stored
 * and staff always keep the original text while the public sees the masked one.
 */

export const SCREENING_FLAGS = ['id-card', 'email', 'link', 'phone'] as const;
export type ScreeningFlag = (typeof SCREENING_FLAGS)[number];

export interface Screening {
  flags: ScreeningFlag[];
  /** The text with every finding replaced by a bilingual placeholder. */
  masked: string;
}

// Full-width digits are common in Chinese input methods; both count.
const D = '[0-9０-９]';
const SEP = '[ \\-－‐]?';

const PATTERNS: readonly { flag: ScreeningFlag; pattern: RegExp; accept?: (match: string) => boolean }[] = [
  // 18-character resident ID (GB 11643): 17 digits and a check character; the checksum keeps long
  // numbers such as order ids from being flagged.
  {
    flag: 'id-card',
    pattern: new RegExp(`(?<![0-9０-９])${D}{17}[0-9０-９Xx]|(?<![0-9０-９])${D}{15}(?![0-9０-９])`, 'g'),
    accept: (match) => (match.length === 15 ? true : idChecksumHolds(toAscii(match))),
  },
  { flag: 'email', pattern: /[A-Za-z0-9._%+-]+\s*(?:@|＠)\s*[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g },
  {
    flag: 'link',
    pattern:
      /(?:https?:\/\/|www\.)[^\s，。；、）)]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:cn|com|net|org|gov|edu|io|me|top|xyz|info)(?:\/[^\s，。；、）)]*)?\b/gi,
  },
  // Mobile (11 digits starting 1[3-9], optional +86) and landline (0 + area code, 7–8 digits).
  {
    flag: 'phone',
    pattern: new RegExp(
      `(?<![0-9０-９])(?:(?:\\+|＋)?(?:86|８６)${SEP})?[1１][3-9３-９]${D}${SEP}${D}{4}${SEP}${D}{4}(?![0-9０-９])` +
        `|(?<![0-9０-９])[0０]${D}{2,3}${SEP}${D}{7,8}(?![0-9０-９])`,
      'g',
    ),
  },
];

const PLACEHOLDER: Record<ScreeningFlag, string> = {
  'id-card': '［身份证号已隐去 ID number removed］',
  email: '［邮箱已隐去 e-mail removed］',
  link: '［链接已隐去 link removed］',
  phone: '［电话已隐去 phone removed］',
};

export function screen(text: string): Screening {
  const flags = new Set<ScreeningFlag>();
  let masked = text;
  // Order matters: an ID number contains phone-like runs and an e-mail address contains a domain.
  for (const { flag, pattern, accept } of PATTERNS) {
    masked = masked.replace(pattern, (match) => {
      if (accept !== undefined && !accept(match)) return match;
      flags.add(flag);
      return PLACEHOLDER[flag];
    });
  }
  return { flags: SCREENING_FLAGS.filter((flag) => flags.has(flag)), masked };
}

function toAscii(text: string): string {
  return text.replace(/[０-９]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

/** GB 11643-1999 check character. */
export function idChecksumHolds(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (WEIGHTS[i] ?? 0);
  return CHECK[sum % 11] === id.charAt(17).toUpperCase();
}
