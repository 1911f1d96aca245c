/**
 * Versions of a consultation's draft and what changed between them, computed at build time with the
 * shared, pure `diffDrafts` (Chinese pages compare the Chinese texts, English pages the English ones, or
 * the Chinese ones while either version's translation is not published).
 *
 * Routes: the current version is the draft page `/consultations/<id>/`; earlier versions are read-only at
 * `/consultations/<id>/versions/<n>/`; the changes into the current version are at `/consultations/<id>/changes/`
 * and, when there are more than two versions, earlier steps at `/consultations/<id>/changes/<from>-<to>/`.
 */
import {
  type ArticleChange,
  type ArticleRef,
  articleText,
  type DraftDiff,
  diffDrafts,
  type Segment,
} from '../../../shared/draft/diff.ts';
import { type Lang, localePath } from '../i18n.ts';
import type { Consultation, Draft, DraftVersion } from './content.ts';

export { type ArticleChange, type ArticleRef, articleText, type DraftDiff, type Segment };

/** Two consecutive versions. */
export type VersionStep = { from: DraftVersion; to: DraftVersion };

/** The draft page of a version: the consultation's page for the current one. Chinese path. */
export function versionPath(consultation: Consultation, version: number): string {
  const base = `/consultations/${consultation.id}/`;
  return version === consultation.draftVersion ? base : `${base}versions/${version}/`;
}

/** Every step from one version to the next, oldest first. */
export function versionSteps(consultation: Consultation): VersionStep[] {
  return consultation.versions.slice(1).flatMap((to, i) => {
    const from = consultation.versions[i];
    return from ? [{ from, to }] : [];
  });
}

/** The step into a version, if it has a predecessor. */
export function stepInto(consultation: Consultation, version: number): VersionStep | undefined {
  return versionSteps(consultation).find((step) => step.to.version === version);
}

/** The changes page of a step: `/changes/` for the step into the current version. Chinese path. */
export function changesPath(consultation: Consultation, step: VersionStep): string {
  const base = `/consultations/${consultation.id}/changes/`;
  return step.to.version === consultation.draftVersion
    ? base
    : `${base}${step.from.version}-${step.to.version}/`;
}

/**
 * The two texts `lang`'s pages compare for a step, always in one language: the English translations, or
 * the Chinese texts when either version has no translation yet (an English text against a Chinese one
 * would show every article as rewritten).
 */
export function stepDrafts(step: VersionStep, lang: Lang): { older: Draft; newer: Draft } {
  const older = step.from.drafts[lang];
  const newer = step.to.drafts[lang];
  return older.lang === newer.lang
    ? { older, newer }
    : { older: step.from.drafts.zh, newer: step.to.drafts.zh };
}

const diffs = new Map<string, DraftDiff>();

/** What changed in one step, on `lang`'s pages. Memoised: the draft page and the changes page share it. */
export function diffStep(consultation: Consultation, step: VersionStep, lang: Lang): DraftDiff {
  const key = `${consultation.id}:${step.from.version}-${step.to.version}:${lang}`;
  let diff = diffs.get(key);
  if (!diff) {
    const { older, newer } = stepDrafts(step, lang);
    diff = diffDrafts(older, newer);
    diffs.set(key, diff);
  }
  return diff;
}

/** The anchor of a change's entry on the changes page: `change-art-5`, or `change-old-art-47` when deleted. */
export function changeAnchor(change: ArticleChange): string {
  switch (change.kind) {
    case 'deleted':
      return `change-old-${change.old.id}`;
    case 'split':
      return `change-${change.new[0]?.id ?? change.old.id}`;
    default:
      return `change-${change.new.id}`;
  }
}

/** Whether the changes page lists the change (unchanged articles that kept their place are only counted). */
export function isListed(change: ArticleChange): boolean {
  return change.kind !== 'unchanged' || change.moved;
}

export type BadgeKind = 'changed' | 'new' | 'moved';

/**
 * The badge each article of a version gets for what changed in it since the previous version, with the
 * anchor of its entry on the changes page. Articles that were only renumbered get none.
 */
export function changeBadges(
  consultation: Consultation,
  version: number,
  lang: Lang,
): Map<string, { kind: BadgeKind; href: string }> {
  const badges = new Map<string, { kind: BadgeKind; href: string }>();
  const step = stepInto(consultation, version);
  if (!step) return badges;
  const page = localePath(lang, changesPath(consultation, step));
  for (const change of diffStep(consultation, step, lang).changes) {
    const href = `${page}#${changeAnchor(change)}`;
    switch (change.kind) {
      case 'inserted':
        badges.set(change.new.id, { kind: 'new', href });
        break;
      case 'modified':
      case 'merged':
        badges.set(change.new.id, { kind: 'changed', href });
        break;
      case 'split':
        for (const ref of change.new) badges.set(ref.id, { kind: 'changed', href });
        break;
      case 'renumbered':
      case 'unchanged':
        if (change.moved) badges.set(change.new.id, { kind: 'moved', href });
        break;
      case 'deleted':
        break;
    }
  }
  return badges;
}

/** Where an article sits, for "moved from … to …": `第二章“运营安全”` / `Chapter II (Operational Safety)`. */
export function placeOf(draft: Draft, ref: ArticleRef): string {
  const chapter = draft.chapters.find((c) => c.id === ref.chapterId);
  if (!chapter) return '';
  const section = ref.sectionId ? chapter.sections.find((s) => s.id === ref.sectionId) : undefined;
  const title = section?.title ?? chapter.title;
  if (draft.lang === 'zh') return `${chapter.label}${section?.label ?? ''}“${title}”`;
  return `${chapter.label}${section ? `, ${section.label}` : ''} (${title})`;
}

/**
 * A diff's segments cut into lines (the compared text has one line per paragraph, item and sub-item), so
 * that each line renders as its own paragraph while insertions and deletions stay marked within it.
 */
export function segmentLines(segments: Segment[]): Segment[][] {
  const lines: Segment[][] = [[]];
  for (const segment of segments) {
    segment.text.split('\n').forEach((text, i) => {
      if (i > 0) lines.push([]);
      if (text) lines[lines.length - 1]?.push({ op: segment.op, text });
    });
  }
  return lines.filter((line) => line.length > 0);
}

/** `getStaticPaths` of the read-only pages of earlier versions: `/consultations/<id>/versions/<n>/`. */
export function earlierVersionPaths(consultations: readonly Consultation[]): {
  params: { id: string; version: string };
  props: { consultation: Consultation; version: number };
}[] {
  return consultations.flatMap((consultation) =>
    consultation.versions
      .filter((v) => v.version !== consultation.draftVersion)
      .map(({ version }) => ({
        params: { id: consultation.id, version: String(version) },
        props: { consultation, version },
      })),
  );
}

/** `getStaticPaths` of `/consultations/<id>/changes/`: the step into the current version. */
export function latestChangesPaths(consultations: readonly Consultation[]): {
  params: { id: string };
  props: { consultation: Consultation; step: VersionStep };
}[] {
  return consultations.flatMap((consultation) => {
    const step = stepInto(consultation, consultation.draftVersion);
    return step ? [{ params: { id: consultation.id }, props: { consultation, step } }] : [];
  });
}

/** `getStaticPaths` of `/consultations/<id>/changes/<from>-<to>/`: the earlier steps, if any. */
export function earlierChangesPaths(consultations: readonly Consultation[]): {
  params: { id: string; step: string };
  props: { consultation: Consultation; step: VersionStep };
}[] {
  return consultations.flatMap((consultation) =>
    versionSteps(consultation)
      .filter((step) => step.to.version !== consultation.draftVersion)
      .map((step) => ({
        params: { id: consultation.id, step: `${step.from.version}-${step.to.version}` },
        props: { consultation, step },
      })),
  );
}
