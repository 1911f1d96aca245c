/**
 * Build-time content: consultations (`src/content/consultations/<id>.json`) and the drafts they pin
 * (`src/content/drafts/<draftId>/v<version>.<lang>.json`). Everything is validated here, so that a bad
 * content file fails the build with its path and the reason instead of rendering a broken page.
 */
import { z } from 'zod';
// The same schema the server seeds consultations from; the window itself lives in the API.
import { ConsultationEntry } from '../../../shared/consultation/register.ts';
import { type Article, articlesOf, Draft, type Lang } from '../../../shared/draft/schema.ts';
import { htmlLang } from '../i18n.ts';

/**
 * One published version of a draft, the text each language's pages show. The Chinese text is
 * authoritative and always there; the English translation may be published later, and until it is,
 * `drafts.en` is the Chinese draft (`drafts.en.lang === 'zh'`, see `isUntranslated`).
 */
export interface DraftVersion {
  version: number;
  drafts: Record<Lang, Draft>;
}

export interface Consultation extends ConsultationEntry {
  /** The version the consultation is on (`draftVersion`), as each language's pages show it. */
  drafts: Record<Lang, Draft>;
  /**
   * Every published version up to and including the current one, oldest first. Versions imported after
   * the current one are not published until `draftVersion` moves on to them.
   */
  versions: DraftVersion[];
}

const consultationFiles = import.meta.glob<unknown>('../content/consultations/*.json', {
  eager: true,
  import: 'default',
});
const draftFiles = import.meta.glob<unknown>('../content/drafts/*/*.json', {
  eager: true,
  import: 'default',
});

class ContentError extends Error {
  constructor(file: string, reason: string) {
    super(`site content ${file.replace(/^\.\.\//, 'site/src/')}: ${reason}`);
    this.name = 'ContentError';
  }
}

function parse<T>(schema: z.ZodType<T>, file: string, data: unknown): T {
  const result = schema.safeParse(data);
  if (!result.success) throw new ContentError(file, `\n${z.prettifyError(result.error)}`);
  return result.data;
}

function loadDrafts(): Map<string, Draft> {
  const drafts = new Map<string, Draft>();
  for (const [file, data] of Object.entries(draftFiles)) {
    const match = /\/drafts\/([^/]+)\/v(\d+)\.(zh|en)\.json$/.exec(file);
    if (!match) throw new ContentError(file, 'expected drafts/<draftId>/v<version>.<zh|en>.json');
    const draft = parse(Draft, file, data);
    const [, id, version, lang] = match;
    if (draft.id !== id || String(draft.version) !== version || draft.lang !== lang) {
      throw new ContentError(
        file,
        `id/version/lang (${draft.id} v${draft.version} ${draft.lang}) differ from its path`,
      );
    }
    drafts.set(`${id}@${version}.${lang}`, draft);
  }
  return drafts;
}

/**
 * The texts of one version of a draft for the zh and en pages: the Chinese text, and the English
 * translation checked to carry the same articles in the same order, or, while there is none, the Chinese
 * text again.
 */
function pickVersion(
  file: string,
  drafts: Map<string, Draft>,
  draftId: string,
  version: number,
): Record<Lang, Draft> {
  const zh = drafts.get(`${draftId}@${version}.zh`);
  if (!zh) throw new ContentError(file, `draft ${draftId} v${version} has no zh version`);
  const en = drafts.get(`${draftId}@${version}.en`);
  if (!en) return { zh, en: zh };
  // Comments and anchors use article ids: both languages must carry the same articles in the same order.
  const zhIds = articlesOf(zh).map((a) => a.id);
  const enIds = articlesOf(en).map((a) => a.id);
  if (zhIds.join() !== enIds.join()) {
    const missing = [
      ...zhIds.filter((id) => !enIds.includes(id)),
      ...enIds.filter((id) => !zhIds.includes(id)),
    ];
    throw new ContentError(
      file,
      `the zh and en drafts of ${draftId} v${version} differ in their articles` +
        (missing.length ? ` (${missing.join(', ')})` : ' (order)'),
    );
  }
  return { zh, en };
}

function loadConsultations(): Consultation[] {
  const drafts = loadDrafts();
  const consultations: Consultation[] = [];
  for (const [file, data] of Object.entries(consultationFiles)) {
    const content = parse(ConsultationEntry, file, data);
    if (!file.endsWith(`/${content.id}.json`))
      throw new ContentError(file, `id ${content.id} differs from the file name`);
    // Every version of the draft that either language has, up to the current one, oldest first.
    const numbers = new Set([content.draftVersion]);
    for (const key of drafts.keys()) {
      const m = /^(.+)@(\d+)\.(?:zh|en)$/.exec(key);
      const version = Number(m?.[2]);
      if (m?.[1] === content.draftId && version <= content.draftVersion) numbers.add(version);
    }
    const versions = [...numbers]
      .sort((a, b) => a - b)
      .map((version) => ({ version, drafts: pickVersion(file, drafts, content.draftId, version) }));
    const current = versions[versions.length - 1];
    if (!current) throw new ContentError(file, `draft ${content.draftId} has no versions`);
    consultations.push({ ...content, drafts: current.drafts, versions });
  }
  return consultations.sort((a, b) => a.id.localeCompare(b.id));
}

/** Every consultation with the texts of its draft's versions, validated. */
export const consultations: readonly Consultation[] = loadConsultations();

/** `getStaticPaths` result shared by the zh and en routes of a consultation. */
export function consultationPaths(): { params: { id: string }; props: { consultation: Consultation } }[] {
  return consultations.map((consultation) => ({ params: { id: consultation.id }, props: { consultation } }));
}

/** Whether `lang`'s pages show this draft in another language: its translation is not published yet. */
export function isUntranslated(draft: Draft, lang: Lang): boolean {
  return draft.lang !== lang;
}

/**
 * The `lang` attribute for the draft's text on `lang`'s pages: `zh-CN` on the Chinese text an English
 * page shows while the translation is pending, so that screen readers switch voice; none otherwise.
 */
export function textLangAttr(draft: Draft, lang: Lang): string | undefined {
  return isUntranslated(draft, lang) ? htmlLang[draft.lang] : undefined;
}

/** Draft title with its stage, as printed: 《…条例（征求意见稿）》 / “… (Draft for Comment)”. */
export function fullTitle(draft: Draft): string {
  return draft.lang === 'zh' ? `${draft.title}（${draft.stage}）` : `${draft.title} (${draft.stage})`;
}

/** The start of an article's text, for option labels. */
export function articleSnippet(article: Article, lang: Lang): string {
  const first = article.paragraphs[0]?.text ?? '';
  const max = lang === 'zh' ? 22 : 48;
  const chars = [...first];
  return chars.length > max ? `${chars.slice(0, max).join('').trimEnd()}…` : first;
}

export { type Article, articlesOf, type Draft, type Lang };
