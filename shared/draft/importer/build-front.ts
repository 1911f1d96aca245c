/** The front matter: the title (over up to three lines), the stage marker under it, and the preamble. */
import type { Lang } from '../schema.ts';
import type { BuildLog } from './build-log.ts';
import type { FrontLine } from './build-read.ts';
import { parseStage } from './classify.ts';
import { DIAGNOSTIC_CODES as D } from './diagnostics.ts';
import type { SourceLine } from './source.ts';
import { endsClause, isBlank, joinWrapped, tidy, trimText } from './text.ts';

const DEFAULT_STAGE = { zh: '征求意见稿', en: 'Draft for Comment' } as const;

export type FrontMatter = {
  title: string | undefined;
  stage: string;
  /** The stage marker as printed, when the source has one. */
  stageFromSource: string | undefined;
  titleLine: number | undefined;
  preamble: string[];
};

export function readFrontMatter(
  front: readonly FrontLine[],
  /** Text the body placed before its first chapter or article. */
  lateFront: readonly string[],
  lines: readonly SourceLine[],
  options: { lang: Lang; title?: string; stage?: string },
  log: BuildLog,
  /** JSON pointers of fields not taken from the source; title and stage are added here when made up. */
  synthetic: string[],
): FrontMatter {
  const { lang } = options;
  let title: string | undefined;
  let stage: string | undefined;
  let titleLine: number | undefined;
  let stageAt = -1;
  for (let k = 0; k < Math.min(front.length, 3); k += 1) {
    const f = front[k];
    const match = f ? parseStage(f.source.text, lang) : undefined;
    if (f && match && (k > 0 || match.before !== '')) {
      stageAt = k;
      const titleParts = [...front.slice(0, k).map((p) => tidy(p.source.text)), match.before].filter(
        (p) => p !== '',
      );
      title = titleParts.reduce((a, b) => joinWrapped(a, b));
      titleLine = front[0]?.source.line;
      stage = match.stage;
      for (const span of match.cuts) log.cut(f.index, span, 'decoration');
      break;
    }
  }
  if (stageAt < 0 && front[0]) {
    title = tidy(front[0].source.text);
    titleLine = front[0].source.line;
  }
  const stageFromSource = stage;
  const preamble: { text: string }[] = [];
  for (const f of front.slice(stageAt < 0 ? 1 : stageAt + 1)) {
    const text = trimText(f.source.text);
    const previous = preamble.at(-1);
    const hardStart = f.source.hardStart === true || isBlank(lines[f.index - 1]?.text ?? '');
    if (previous && !hardStart && !endsClause(previous.text, lang)) {
      previous.text = joinWrapped(previous.text, text);
      log.joined(f.source, 'joined with the line before, which does not end a sentence');
    } else {
      preamble.push({ text });
    }
  }
  for (const text of lateFront) preamble.push({ text });
  if (title === undefined && options.title !== undefined) {
    title = options.title;
    synthetic.push('/title');
  }
  if (stage === undefined) {
    stage = options.stage ?? DEFAULT_STAGE[lang];
    synthetic.push('/stage');
    if (options.stage === undefined) {
      log.report(
        titleLine ?? 1,
        D.missingStage,
        `no stage marker such as （征求意见稿） or (Draft for Comment) under the title; using "${stage}"`,
      );
    }
  }
  return { title, stage, stageFromSource, titleLine, preamble: preamble.map((p) => p.text) };
}
