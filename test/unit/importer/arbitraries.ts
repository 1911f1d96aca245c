/** fast-check generators for drafts and for the kind of lines drafts are made of. */
import fc from 'fast-check';
import { formatChineseNumeral, formatRoman } from '../../../shared/draft/importer/numerals.ts';
import { Draft, type Lang } from '../../../shared/draft/schema.ts';

const ZH_POOL = [
  ...'安全运营管理单位乘客交通设施设备应当规定责任部门城市公共车辆服务监督检查制度标准信息保障维护人员组织实施依法处理报告区域线路站点',
];
const EN_WORDS = [
  'operator',
  'passenger',
  'vehicle',
  'station',
  'safety',
  'shall',
  'ensure',
  'maintain',
  'the',
  'and',
  'of',
  'public',
  'transport',
  'department',
  'records',
  'inspect',
  'report',
  'equipment',
  'rules',
  'city',
];
const EN_STARTS = ['The', 'Every', 'Operators', 'Passengers', 'Each', 'Staff', 'Vehicles'];

const zhWord = fc.array(fc.constantFrom(...ZH_POOL), { minLength: 2, maxLength: 6 }).map((c) => c.join(''));
const enWord = fc.constantFrom(...EN_WORDS);
const capitalised = enWord.map((w) => `${w[0]?.toUpperCase() ?? ''}${w.slice(1)}`);

/** A sentence ending in `end`: Chinese words joined by ， and 、, or English words with the odd comma. */
export function sentence(lang: Lang, end: string): fc.Arbitrary<string> {
  if (lang === 'zh') {
    return fc
      .array(fc.tuple(zhWord, fc.constantFrom('', '', '，', '、', '　　', '  ')), {
        minLength: 1,
        maxLength: 5,
      })
      .map(
        (parts) => `${parts.map(([w, p], i) => (i === parts.length - 1 ? w : `${w}${p}`)).join('')}${end}`,
      );
  }
  return fc
    .tuple(
      fc.constantFrom(...EN_STARTS),
      fc.array(fc.tuple(enWord, fc.constantFrom('', ',')), { maxLength: 8 }),
    )
    .map(
      ([first, rest]) => `${[first, ...rest.map(([w, p]) => `${w}${p}`)].join(' ').replace(/,$/, '')}${end}`,
    );
}

const headingTitle = (lang: Lang) =>
  lang === 'zh' ? zhWord : fc.array(capitalised, { minLength: 1, maxLength: 3 }).map((w) => w.join(' '));

type Shape = {
  chapters: {
    direct: ArticleShape[];
    sections: { title: string; articles: ArticleShape[] }[];
    title: string;
  }[];
};
type ArticleShape = { suffixes: number; paragraphs: ParagraphShape[] };
type ParagraphShape = { text: string; items: { text: string; subItems: string[] }[] };

function paragraphShape(lang: Lang): fc.Arbitrary<ParagraphShape> {
  const semi = lang === 'zh' ? '；' : ';';
  return fc
    .array(
      fc.record({
        text: sentence(lang, semi),
        subItems: fc.array(sentence(lang, semi), { maxLength: 2 }),
      }),
      { maxLength: 3 },
    )
    .chain((items) =>
      sentence(lang, items.length > 0 ? (lang === 'zh' ? '：' : ':') : lang === 'zh' ? '。' : '.').map(
        (text) => ({
          text,
          items,
        }),
      ),
    );
}

function articleShape(lang: Lang): fc.Arbitrary<ArticleShape> {
  return fc.record({
    suffixes: fc.constantFrom(0, 0, 0, 1, 2),
    paragraphs: fc.array(paragraphShape(lang), { minLength: 1, maxLength: 3 }),
  });
}

/** Well-formed drafts in one language: consecutive numbering, labels and ids as the importer makes them. */
export function draftArbitrary(lang: Lang): fc.Arbitrary<Draft> {
  const shape: fc.Arbitrary<Shape> = fc.record({
    chapters: fc.array(
      fc.record({
        title: headingTitle(lang),
        direct: fc.array(articleShape(lang), { maxLength: 3 }),
        sections: fc.array(
          fc.record({
            title: headingTitle(lang),
            articles: fc.array(articleShape(lang), { minLength: 1, maxLength: 3 }),
          }),
          { maxLength: 2 },
        ),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  });
  const noteParagraph = fc.record({
    heading: fc.option(headingTitle(lang), { nil: undefined }),
    text: sentence(lang, lang === 'zh' ? '。' : '.'),
  });
  return fc
    .record({
      shape,
      title:
        lang === 'zh'
          ? zhWord.map((w) => `示例市${w}条例`)
          : headingTitle(lang).map((t) => `Regulations on ${t}`),
      stage: fc.constantFrom(
        ...(lang === 'zh'
          ? ['征求意见稿', '草案', '草案征求意见稿', '第二次征求意见稿', '送审稿']
          : ['Draft for Comment', 'Draft for Public Comment', 'Exposure Draft', 'Second Draft for Comment']),
      ),
      version: fc.integer({ min: 1, max: 5 }),
      preamble: fc.array(sentence(lang, lang === 'zh' ? '。' : '.'), { maxLength: 2 }),
      note: fc.option(fc.array(noteParagraph, { minLength: 1, maxLength: 3 }), { nil: undefined }),
    })
    .map(({ shape: s, title, stage, version, preamble, note }) =>
      build(lang, s, { title, stage, version, preamble, note }),
    );
}

function build(
  lang: Lang,
  shape: Shape,
  meta: {
    title: string;
    stage: string;
    version: number;
    preamble: string[];
    note: { heading: string | undefined; text: string }[] | undefined;
  },
): Draft {
  let number = 0;
  const articles = (list: ArticleShape[]) =>
    list.flatMap((a) => {
      number += 1;
      const n = number;
      return Array.from({ length: a.suffixes + 1 }, (_, suffix) => ({
        id: suffix === 0 ? `art-${n}` : `art-${n}-${suffix}`,
        number: n,
        ...(suffix === 0 ? {} : { suffix }),
        label:
          lang === 'zh'
            ? `第${formatChineseNumeral(n)}条${suffix === 0 ? '' : `之${formatChineseNumeral(suffix)}`}`
            : `Article ${n}${suffix === 0 ? '' : `-${suffix}`}`,
        paragraphs: a.paragraphs.map((p) => ({
          text: p.text,
          items: p.items.map((item, i) => ({
            label: lang === 'zh' ? `（${formatChineseNumeral(i + 1)}）` : `(${i + 1})`,
            text: item.text,
            subItems: item.subItems.map((text, k) => ({
              label: lang === 'zh' ? `${k + 1}．` : `(${String.fromCharCode(97 + k)})`,
              text,
            })),
          })),
        })),
      }));
    });
  const chapters = shape.chapters.map((c, ci) => {
    const direct =
      c.direct.length === 0 && c.sections.length === 0 ? [{ suffixes: 0, paragraphs: [] }] : c.direct;
    const n = ci + 1;
    return {
      id: `ch-${n}`,
      number: n,
      label: lang === 'zh' ? `第${formatChineseNumeral(n)}章` : `Chapter ${formatRoman(n)}`,
      title: c.title,
      articles: articles(
        direct.map((a) =>
          a.paragraphs.length > 0
            ? a
            : {
                ...a,
                paragraphs: [
                  { text: lang === 'zh' ? '本章适用本条例。' : 'This chapter applies.', items: [] },
                ],
              },
        ),
      ),
      sections: c.sections.map((s, si) => ({
        id: `ch-${n}-sec-${si + 1}`,
        number: si + 1,
        label: lang === 'zh' ? `第${formatChineseNumeral(si + 1)}节` : `Section ${si + 1}`,
        title: s.title,
        articles: articles(s.articles),
      })),
    };
  });
  const note = meta.note;
  return Draft.parse({
    id: 'prop-draft',
    version: meta.version,
    lang,
    title: meta.title,
    stage: meta.stage,
    preamble: meta.preamble,
    chapters,
    ...(note
      ? {
          explanatoryNote: {
            title:
              lang === 'zh'
                ? `关于《${meta.title}（${meta.stage}）》的起草说明`
                : 'Explanatory Note on the Draft',
            paragraphs: note.map((p, i) =>
              p.heading === undefined
                ? { text: p.text }
                : {
                    heading:
                      lang === 'zh'
                        ? `${formatChineseNumeral(i + 1)}、${p.heading}`
                        : `${formatRoman(i + 1)}. ${p.heading}`,
                    text: p.text,
                  },
            ),
          },
        }
      : {}),
  });
}

const SPACES = ['\u3000', ' ', '\t', '\u00a0', '\u3000\u3000', '  '];

/**
 * Re-spaces a rendered text the way offices do: indents of any width, any kind of space between a label
 * and its text, trailing spaces and blank lines. None of it may change the import.
 */
export function respaced(text: string): fc.Arbitrary<string> {
  const lines = text.split('\n');
  return fc
    .array(
      fc.tuple(
        fc.constantFrom('', ...SPACES),
        fc.constantFrom(...SPACES),
        fc.constantFrom('', ...SPACES),
        fc.boolean(),
      ),
      {
        minLength: lines.length,
        maxLength: lines.length,
      },
    )
    .map((noise) =>
      lines
        .map((line, i) => {
          const [lead, separator, trail, blank] = noise[i] ?? ['', '\u3000', '', false];
          const body =
            line.trim() === ''
              ? line
              : line
                  .replace(/^[\s\u3000]+/, '')
                  .replace(
                    /^(第[^\s\u3000]+?[章节条](?:之[一二三四五六七八九十]+)?|(?:Chapter|Section|Article) [\w-]+)[\u3000 ]/u,
                    `$1${separator}`,
                  );
          return `${lead}${body}${trail}${blank ? '\n' : ''}`;
        })
        .join('\n'),
    );
}

/** Lines drafts are made of, well-formed or not, for the no-text-lost property. */
export function lineSoup(lang: Lang): fc.Arbitrary<string[]> {
  const n = fc.integer({ min: 1, max: 12 });
  const sep = fc.constantFrom('\u3000', ' ', '', '：', ': ', '. ', ' — ', '\t');
  const end = fc.constantFrom(...(lang === 'zh' ? ['。', '；', '：', '，', ''] : ['.', ';', ':', ',', '']));
  const text = end.chain((e) => sentence(lang, e));
  const zh = [
    fc.tuple(n, sep, headingTitle(lang)).map(([k, s, t]) => `第${formatChineseNumeral(k)}章${s}${t}`),
    fc.tuple(n, sep, headingTitle(lang)).map(([k, s, t]) => `第${formatChineseNumeral(k)}节${s}${t}`),
    fc
      .tuple(n, fc.constantFrom('', '之一', '之二'), sep, text)
      .map(([k, x, s, t]) => `第${formatChineseNumeral(k)}条${x}${s}${t}`),
    fc.tuple(n, text).map(([k, t]) => `（${formatChineseNumeral(k)}）${t}`),
    fc.tuple(n, text).map(([k, t]) => `(${formatChineseNumeral(k)})${t}`),
    fc.tuple(n, fc.constantFrom('．', '.', '、'), text).map(([k, d, t]) => `${k}${d}${t}`),
    fc.constantFrom(
      '目　　录',
      '起草说明',
      '（征求意见稿）',
      '一、起草背景',
      '— 3 —',
      '***',
      '第十十条　甲。',
      '第二條　乙。',
      '第一编　总则',
      '附　则',
    ),
  ];
  const en = [
    fc.tuple(n, sep, headingTitle(lang)).map(([k, s, t]) => `Chapter ${formatRoman(k)}${s}${t}`),
    fc.tuple(n, sep, headingTitle(lang)).map(([k, s, t]) => `Section ${k}${s}${t}`),
    fc.tuple(n, fc.constantFrom('', '-1', '-2'), sep, text).map(([k, x, s, t]) => `Article ${k}${x}${s}${t}`),
    fc.tuple(n, text).map(([k, t]) => `(${k}) ${t}`),
    fc.tuple(fc.constantFrom('a', 'b', 'h', 'i', 'ii', 'v'), text).map(([k, t]) => `(${k}) ${t}`),
    fc.tuple(n, text).map(([k, t]) => `${k}. ${t}`),
    fc.constantFrom(
      'Contents',
      'Explanatory Note',
      '(Draft for Comment)',
      'I. Background',
      '- 3 -',
      '***',
      'Article 0 Zero.',
    ),
  ];
  const line = fc.oneof(
    { arbitrary: text, weight: 4 },
    { arbitrary: fc.oneof(...(lang === 'zh' ? zh : en)), weight: 6 },
    { arbitrary: fc.constantFrom('', '   ', '\u3000'), weight: 1 },
  );
  const title = lang === 'zh' ? fc.constant('示例市测试条例') : fc.constant('Test Regulations');
  return fc.tuple(title, fc.array(line, { minLength: 1, maxLength: 40 })).map(([t, rest]) => [t, ...rest]);
}
