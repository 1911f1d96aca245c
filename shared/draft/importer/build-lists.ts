/** Items (项) and sub-items (目) of a paragraph: which level a list line opens, and its numbering. */
import type { Lang } from '../schema.ts';
import type { BuildLog } from './build-log.ts';
import { FAMILY_NAMES, numberingProblem } from './build-numbering.ts';
import type { TextNode, WItem, WParagraph, WSub } from './build-tree-types.ts';
import type { ListFamily, ListLine } from './classify.ts';
import { DIAGNOSTIC_CODES as D } from './diagnostics.ts';
import type { SourceLine } from './source.ts';

type Candidate = { family: ListFamily; value: number };

/** Adds a list line to `paragraph` as its next item or a sub-item of its last item; returns the new node. */
export function placeListLine(
  paragraph: WParagraph,
  source: SourceLine,
  cls: ListLine,
  lang: Lang,
  log: BuildLog,
): TextNode {
  const candidates = [{ family: cls.family, value: cls.value }, ...(cls.alt ? [cls.alt] : [])];
  const item = paragraph.items.at(-1);
  const level = chooseLevel(paragraph, item, candidates);
  if (level.kind === 'item' || !item) {
    const family = level.family;
    const expected = (item?.value ?? 0) + 1;
    if (paragraph.itemFamily !== undefined && family !== paragraph.itemFamily) {
      log.report(
        source,
        D.mixedNumbering,
        `${cls.label} does not continue the list ${item?.label ?? ''} began`,
      );
    } else if (level.value !== expected) {
      const used = paragraph.items.some((i) => i.value === level.value);
      log.report(
        source,
        ...numberingProblem(lang, used, level.value, expected, item?.value ?? 0, cls.label, 'item'),
      );
    }
    log.checkStyle(source, `list-${family}`, cls.style, `${FAMILY_NAMES[family]} are`);
    const created: WItem = { label: cls.label, text: cls.text, family, value: level.value, subItems: [] };
    paragraph.items.push(created);
    paragraph.itemFamily ??= family;
    return created;
  }
  const expected = item.subItems.length + 1;
  if (item.subFamily !== undefined && level.family !== item.subFamily) {
    log.report(source, D.mixedNumbering, `${cls.label} does not continue the sub-items of ${item.label}`);
  } else if (level.value !== expected) {
    log.report(
      source,
      ...numberingProblem(
        lang,
        level.value < expected,
        level.value,
        expected,
        expected - 1,
        cls.label,
        'sub-item',
      ),
    );
  }
  log.checkStyle(source, `list-${level.family}`, cls.style, `${FAMILY_NAMES[level.family]} are`);
  const created: WSub = { label: cls.label, text: cls.text };
  item.subItems.push(created);
  item.subFamily ??= level.family;
  return created;
}

/** Whether a list line is the next item (项) of the paragraph or a sub-item (目) of its last item. */
function chooseLevel(
  paragraph: WParagraph,
  item: WItem | undefined,
  candidates: Candidate[],
): Candidate & { kind: 'item' | 'sub' } {
  const first = candidates[0] ?? { family: 'arabic-dot', value: 1 };
  if (!item || paragraph.itemFamily === undefined) {
    const start = candidates.find((c) => c.value === 1) ?? first;
    return { kind: 'item', ...start };
  }
  const asItem = candidates.find((c) => c.family === paragraph.itemFamily && c.value === item.value + 1);
  const asSub = candidates.find(
    (c) =>
      (item.subFamily === undefined ? c.family !== paragraph.itemFamily : c.family === item.subFamily) &&
      c.value === item.subItems.length + 1,
  );
  if (asItem && asSub) {
    const opensList = /[:：—]$/.test(item.subItems.at(-1)?.text ?? item.text);
    return opensList || item.subItems.length > 0 ? { kind: 'sub', ...asSub } : { kind: 'item', ...asItem };
  }
  if (asItem) return { kind: 'item', ...asItem };
  if (asSub) return { kind: 'sub', ...asSub };
  const sameFamily = candidates.find((c) => c.family === paragraph.itemFamily);
  if (sameFamily) return { kind: 'item', ...sameFamily };
  return { kind: 'sub', ...first };
}
