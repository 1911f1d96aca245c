/**
 * npm run draft:import -- <file> [--id transit-safety] [--lang zh|en] [--version N] [--strict] [--out <path>]
 *                          [--consultation <id> --office-zh … --office-en …]
 *
 * Turns a drafting office's .docx, .txt or .md into the structured draft the site builds from
 * (site/src/content/drafts/<id>/v<version>.<lang>.json), printing every diagnostic with its line and what to
 * do next. Exit codes: 0 written, 1 refused (strict mode, lost text, unreadable file, existing output), 2 usage.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConsultationId } from '../shared/consultation/consultation.ts';
import { ConsultationEntry } from '../shared/consultation/register.ts';
import {
  DraftImportError,
  formatDiagnostic,
  type ImportResult,
  importFile,
} from '../shared/draft/importer/index.ts';
import { articlesOf, Draft, DraftId, LANGS, type Lang } from '../shared/draft/schema.ts';

const ROOT = resolve(import.meta.dirname, '..');
// YIJIAN_CONTENT_DIR points the importer at another copy of the site's content (tests, staging).
const CONTENT = resolve(process.env.YIJIAN_CONTENT_DIR ?? join(ROOT, 'site/src/content'));
const DRAFTS = join(CONTENT, 'drafts');
const CONSULTATIONS = join(CONTENT, 'consultations');

const USAGE = `Usage: npm run draft:import -- <file.docx|.txt|.md> [options]

  --id <id>         draft id shared by all versions and languages (default: from the file name)
  --lang zh|en      language of the text (default: detected)
  --version <n>     1 for the first consultation draft, 2 for 第二次征求意见稿 … (default: from the stage, else 1)
  --strict          refuse to write when there is any diagnostic
  --out <path>      where to write (default: site/src/content/drafts/<id>/v<version>.<lang>.json)
  --force           overwrite an existing output file
  --title <text>    title to use if the text has none
  --stage <text>    stage to use if the text has no 征求意见稿/草案 marker
  --consultation <id>
                    also publish the draft as this consultation: creates
                    site/src/content/consultations/<id>.json, or moves an existing
                    one to this version (its window and comments are kept)
  --office-zh <text>, --office-en <text>, --contact-zh <text>, --contact-en <text>
                    the drafting office and how to reach it (for a new consultation)
  --window-days <n> length of a new consultation's window (default 30, the legal minimum)
  -h, --help        show this help`;

const Args = z.object({
  id: DraftId.optional(),
  lang: z.enum(LANGS).optional(),
  version: z.coerce.number().int().positive().max(99).optional(),
  strict: z.boolean().optional(),
  out: z.string().min(1).optional(),
  force: z.boolean().optional(),
  title: z.string().min(1).optional(),
  stage: z.string().min(1).optional(),
  consultation: ConsultationId.optional(),
  'office-zh': z.string().min(1).optional(),
  'office-en': z.string().min(1).optional(),
  'contact-zh': z.string().min(1).optional(),
  'contact-en': z.string().min(1).optional(),
  'window-days': z.coerce.number().int().min(1).max(365).optional(),
});
type Options = z.infer<typeof Args>;

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (parsed === 'help') {
    console.log(USAGE);
    return 0;
  }
  const { file, options } = parsed;
  // npm runs scripts from the package root; a relative path means relative to where the user typed it.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const input = resolve(cwd, file);
  if (!existsSync(input)) {
    console.error(`No such file: ${input}`);
    return 1;
  }
  const id = options.id ?? idFromFileName(input);
  if (id === undefined) {
    console.error(`Cannot derive a draft id from "${basename(input)}"; pass one, e.g. --id transit-safety`);
    return 2;
  }

  let result: ImportResult;
  try {
    result = await importFile(input, {
      id,
      ...(options.version === undefined ? {} : { version: options.version }),
      ...(options.lang === undefined ? {} : { lang: options.lang }),
      ...(options.title === undefined ? {} : { title: options.title }),
      ...(options.stage === undefined ? {} : { stage: options.stage }),
      strict: options.strict === true,
    });
  } catch (error) {
    if (!(error instanceof DraftImportError)) throw error;
    const unit = extname(input).toLowerCase() === '.docx' ? 'paragraph' : 'line';
    printDiagnostics(error.diagnostics, unit);
    console.error(`\n✗ ${display(input)}: ${error.message}`);
    if (error.code === 'strict')
      console.error('  Nothing was written. Fix the text, or run without --strict to import anyway.');
    return 1;
  }

  const { draft } = result;
  printDiagnostics(result.diagnostics, result.unit);
  // Every reason to refuse the consultation is checked before anything is written.
  const publication =
    options.consultation === undefined
      ? undefined
      : await consultationEntryFor(draft, options.consultation, options);
  if (typeof publication === 'number') return publication;
  const out =
    options.out === undefined
      ? join(DRAFTS, draft.id, `v${draft.version}.${draft.lang}.json`)
      : resolve(cwd, options.out);
  if (existsSync(out) && !options.force) {
    const same = (await readFile(out, 'utf8')) === serialise(draft);
    if (!same) {
      console.error(`\n✗ ${display(out)} exists and differs; pass --force to overwrite it.`);
      return 1;
    }
  }
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, serialise(draft));

  printSummary(result, display(input), display(out));
  if (publication !== undefined) await writeConsultationEntry(publication);
  await printNextSteps(draft, out, options.out === undefined);
  return 0;
}

/**
 * The consultation entry for this draft: a new one, or an existing one moved to this version; or the exit
 * code when it cannot be published as asked.
 */
async function consultationEntryFor(
  draft: Draft,
  id: string,
  options: Options,
): Promise<ConsultationEntry | number> {
  const file = join(CONSULTATIONS, `${id}.json`);
  let entry: ConsultationEntry;
  if (existsSync(file)) {
    const existing = ConsultationEntry.parse(JSON.parse(await readFile(file, 'utf8')));
    if (existing.draftId !== draft.id) {
      console.error(`\n✗ Consultation ${id} publishes draft ${existing.draftId}, not ${draft.id}.`);
      return 1;
    }
    if (existing.draftVersion > draft.version) {
      console.error(
        `\n✗ Consultation ${id} already publishes version ${existing.draftVersion}; it never goes back.`,
      );
      return 1;
    }
    entry = { ...existing, draftVersion: draft.version };
  } else {
    const office = { zh: options['office-zh'], en: options['office-en'] };
    if (office.zh === undefined || office.en === undefined) {
      console.error(
        `\n✗ A new consultation needs its office: --office-zh "示例市司法局" --office-en "Shili City Justice Bureau".`,
      );
      return 2;
    }
    entry = {
      id,
      draftId: draft.id,
      draftVersion: draft.version,
      office: { zh: office.zh, en: office.en },
      contact: { zh: options['contact-zh'] ?? office.zh, en: options['contact-en'] ?? office.en },
      defaultWindowDays: options['window-days'] ?? 30,
    };
  }
  return ConsultationEntry.parse(entry);
}

async function writeConsultationEntry(entry: ConsultationEntry): Promise<void> {
  const file = join(CONSULTATIONS, `${entry.id}.json`);
  await mkdir(CONSULTATIONS, { recursive: true });
  await writeFile(file, `${JSON.stringify(entry, null, 2)}\n`);
  console.log(
    `✓ consultation ${entry.id} publishes ${entry.draftId} version ${entry.draftVersion} (${display(file)})`,
  );
}

function parseCommandLine(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      id: { type: 'string' },
      lang: { type: 'string' },
      version: { type: 'string' },
      strict: { type: 'boolean' },
      out: { type: 'string' },
      force: { type: 'boolean' },
      title: { type: 'string' },
      stage: { type: 'string' },
      consultation: { type: 'string' },
      'office-zh': { type: 'string' },
      'office-en': { type: 'string' },
      'contact-zh': { type: 'string' },
      'contact-en': { type: 'string' },
      'window-days': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help' as const;
  if (positionals.length !== 1 || positionals[0] === undefined) {
    throw new Error(
      positionals.length === 0 ? 'Which file? Give the draft to import.' : 'Give exactly one file.',
    );
  }
  const checked = Args.safeParse(values);
  if (!checked.success) {
    throw new Error(checked.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  if (checked.data.consultation !== undefined && checked.data.out !== undefined)
    throw new Error('--consultation publishes from the site content; leave out --out.');
  return { file: positionals[0], options: checked.data };
}

/** `transit-safety.docx` → `transit-safety`; a Chinese file name gives none. */
function idFromFileName(path: string): string | undefined {
  const stem = basename(path, extname(path))
    .toLowerCase()
    .replace(/[-_.\s]*v\d+$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return DraftId.safeParse(stem).success ? stem : undefined;
}

function serialise(draft: Draft): string {
  return `${JSON.stringify(draft, null, 2)}\n`;
}

function printDiagnostics(diagnostics: readonly ImportResult['diagnostics'][number][], unit: string) {
  if (diagnostics.length === 0) return;
  console.error(`${diagnostics.length} diagnostic(s):`);
  for (const d of diagnostics) console.error(`  ${formatDiagnostic(d, unit)}`);
  console.error('');
}

function printSummary(result: ImportResult, input: string, out: string) {
  const { draft, stats } = result;
  const versionNote = { option: '', stage: ' (from the stage marker)', default: ' (default; use --version)' }[
    result.versionFrom
  ];
  const lines = [
    `✓ ${input} → ${out}`,
    `  ${draft.lang === 'zh' ? `${draft.title}（${draft.stage}）` : `${draft.title} (${draft.stage})`}`,
    `  id ${draft.id}, version ${draft.version}${versionNote}, ${draft.lang === 'zh' ? 'Chinese' : 'English'}`,
    `  ${plural(stats.chapters, 'chapter')}, ${plural(stats.sections, 'section')}, ${plural(stats.articles, 'article')}` +
      (stats.suffixedArticles ? ` (${stats.suffixedArticles} like 第X条之一)` : '') +
      `, ${plural(stats.paragraphs, 'paragraph')}, ${plural(stats.items, 'item')}, ${plural(stats.subItems, 'sub-item')}`,
    draft.explanatoryNote
      ? `  explanatory note: ${draft.explanatoryNote.title} (${plural(stats.noteParagraphs, 'paragraph')})`
      : '  no explanatory note (起草说明) found',
  ];
  if (stats.tocLines > 0) lines.push(`  skipped the table of contents (${plural(stats.tocLines, 'line')})`);
  if (result.synthetic.length > 0) lines.push(`  not from the text: ${result.synthetic.join(', ')}`);
  lines.push(
    `  every character of the text is in the output (checked)${result.diagnostics.length ? `; ${result.diagnostics.length} diagnostic(s) above` : ''}`,
  );
  console.log(lines.join('\n'));
}

const Consultation = z.object({ id: z.string(), draftId: z.string(), draftVersion: z.number() }).loose();

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A path relative to where the user is, unless that climbs out of it. */
function display(path: string): string {
  const rel = relative(process.env.INIT_CWD ?? process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

async function printNextSteps(draft: Draft, out: string, defaultLocation: boolean) {
  const steps: string[] = [];
  const other: Lang = draft.lang === 'zh' ? 'en' : 'zh';
  const otherFile = join(DRAFTS, draft.id, `v${draft.version}.${other}.json`);
  const rel = display;
  if (!defaultLocation) {
    console.log(
      `\nNext step: ${rel(out)} is outside the site's content. To publish the draft, import it again without --out;\n` +
        `it then goes to ${rel(join(DRAFTS, draft.id, `v${draft.version}.${draft.lang}.json`))}, and the command lists what else to do.`,
    );
    return;
  }
  if (!existsSync(otherFile)) {
    steps.push(
      `${other === 'en' ? 'Until you import the English translation, the English pages show the Chinese text with a notice. When it is ready:' : 'The Chinese text is authoritative and required: import it too:'}\n     npm run draft:import -- <file> --id ${draft.id} --version ${draft.version} --lang ${other}`,
    );
  } else {
    const parsed = Draft.safeParse(JSON.parse(await readFile(otherFile, 'utf8')));
    if (parsed.success) {
      const mine = articlesOf(draft).map((a) => a.id);
      const theirs = articlesOf(parsed.data).map((a) => a.id);
      if (mine.join() !== theirs.join()) {
        const differ = [
          ...mine.filter((x) => !theirs.includes(x)),
          ...theirs.filter((x) => !mine.includes(x)),
        ];
        steps.push(
          `⚠ The ${other} text (${rel(otherFile)}) has different articles${differ.length ? ` (${differ.slice(0, 8).join(', ')})` : ' (order)'}; the site build refuses that. Align the two texts.`,
        );
      }
    }
  }
  const consultations: z.infer<typeof Consultation>[] = [];
  for (const name of existsSync(CONSULTATIONS) ? await readdir(CONSULTATIONS) : []) {
    if (!name.endsWith('.json')) continue;
    const parsed = Consultation.safeParse(JSON.parse(await readFile(join(CONSULTATIONS, name), 'utf8')));
    if (parsed.success && parsed.data.draftId === draft.id) consultations.push(parsed.data);
  }
  if (consultations.length === 0) {
    const cid = `${draft.id}-${new Date().getFullYear()}`;
    steps.push(
      `Register it as a consultation: create ${rel(join(CONSULTATIONS, `${cid}.json`))} like transit-safety-2026.json:\n` +
        `     { "id": "${cid}", "draftId": "${draft.id}", "draftVersion": ${draft.version},\n` +
        `       "office": { "zh": "…司法局", "en": "… Justice Bureau" }, "contact": { "zh": "…", "en": "…" },\n` +
        '       "defaultWindowDays": 30 }',
    );
  } else {
    for (const c of consultations) {
      steps.push(
        c.draftVersion === draft.version
          ? `Consultation ${c.id} already publishes version ${draft.version}; the next build shows this text.`
          : `Consultation ${c.id} publishes version ${c.draftVersion}. To publish this revision set "draftVersion": ${draft.version} in ${rel(join(CONSULTATIONS, `${c.id}.json`))}.`,
      );
    }
  }
  steps.push('Preview with `npm start`, or build the site with `npm run build:site`.');
  console.log(`\nNext steps:\n${steps.map((s, i) => `  ${i + 1}. ${s}`).join('\n')}`);
}

process.exitCode = await main(process.argv.slice(2));
