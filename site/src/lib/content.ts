/**
 * Build-time content: consultations (`src/content/consultations/<id>.json`) and the drafts they pin
 * (`src/content/drafts/<draftId>/v<version>.<lang>.json`). Everything is validated here, so that a bad
 * content file fails the build with its path and the reason instead of rendering a broken page.
 */
import { z } from 'zod';
import { type Article, articlesOf, Draft, type Lang } from '../../../shared/draft/schema.ts';

const Bilingual = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();

/** A consultation as the site knows it at build time. Its window lives in the API, not here. */
const ConsultationContent = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
    draftId: z.string().min(1),
    draftVersion: z.number().int().positive(),
    office: Bilingual,
    contact: Bilingual,
    defaultWindowDays: z.number().int().positive(),
  })
  .strict();
type ConsultationContent = z.infer<typeof ConsultationContent>;

export interface Consultation extends ConsultationContent {
  drafts: Record<Lang, Draft>;
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

function loadConsultations(): Consultation[] {
  const drafts = loadDrafts();
  const consultations: Consultation[] = [];
  for (const [file, data] of Object.entries(consultationFiles)) {
    const content = parse(ConsultationContent, file, data);
    if (!file.endsWith(`/${content.id}.json`))
      throw new ContentError(file, `id ${content.id} differs from the file name`);
    const pick = (lang: Lang): Draft => {
      const draft = drafts.get(`${content.draftId}@${content.draftVersion}.${lang}`);
      if (!draft) {
        throw new ContentError(
          file,
          `draft ${content.draftId} v${content.draftVersion} has no ${lang} version`,
        );
      }
      return draft;
    };
    const zh = pick('zh');
    const en = pick('en');
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
        `the zh and en drafts of ${content.draftId} v${content.draftVersion} differ in their articles` +
          (missing.length ? ` (${missing.join(', ')})` : ' (order)'),
      );
    }
    consultations.push({ ...content, drafts: { zh, en } });
  }
  return consultations.sort((a, b) => a.id.localeCompare(b.id));
}

/** Every consultation with both language versions of its draft, validated. */
export const consultations: readonly Consultation[] = loadConsultations();

/** `getStaticPaths` result shared by the zh and en routes of a consultation. */
export function consultationPaths(): { params: { id: string }; props: { consultation: Consultation } }[] {
  return consultations.map((consultation) => ({ params: { id: consultation.id }, props: { consultation } }));
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
