/**
 * Importer benchmarks for `npm run bench`: a generated 300-article draft (Chinese and English), the whole
 * fixture set (.txt, .md and generated .docx files, read from disk), and diffing two 300-article versions.
 * Each is a median over repeated runs; the 300-article import is set against a 30-article one measured in
 * the same run, so that the ratio shows how the importer scales (10× the articles should cost about 10×).
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { diffDrafts } from '../shared/draft/diff.ts';
import { formatOf, importFile, importText } from '../shared/draft/importer/index.ts';
import { renderDraft } from '../shared/draft/render.ts';
import type { Draft } from '../shared/draft/schema.ts';
import { longDraft } from '../test/fixtures/drafts/generate.ts';
import { makeDocx, ORDINANCE_V1, ORDINANCE_V2 } from '../test/fixtures/drafts/make-docx.ts';

export type BenchResult = { name: string; value: number; unit: string; baseline?: string };

const FIXTURES = new URL('../test/fixtures/drafts/', import.meta.url).pathname;

async function median(runs: number, act: () => unknown | Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i += 1) await act();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await act();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

function draftText(lang: Draft['lang'], articles: number): string {
  return renderDraft(longDraft({ lang, articles }), { toc: true });
}

export async function benchImport(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const lang of ['zh', 'en'] as const) {
    const small = draftText(lang, 30);
    const large = draftText(lang, 300);
    const options = { id: 'bench-draft', lang };
    const base = await median(30, () => importText(small, options));
    const value = await median(15, () => importText(large, options));
    results.push({
      name: `import 300-article draft (${lang}, ${large.split('\n').length} lines)`,
      value,
      unit: 'ms',
      baseline: `${(value / base).toFixed(1)}× the 30-article draft (${base.toFixed(2)} ms); linear would be 10×`,
    });
  }

  const dir = await mkdtemp(join(tmpdir(), 'yijian-bench-'));
  try {
    await writeFile(join(dir, 'ordinance-v1.docx'), await makeDocx(ORDINANCE_V1));
    await writeFile(join(dir, 'ordinance-v2.docx'), await makeDocx(ORDINANCE_V2));
    const files = [
      ...(await readdir(FIXTURES)).filter((f) => formatOf(f) !== undefined).map((f) => join(FIXTURES, f)),
      join(dir, 'ordinance-v1.docx'),
      join(dir, 'ordinance-v2.docx'),
    ];
    const importAll = async () => {
      for (const file of files) await importFile(file, { id: 'bench-draft' });
    };
    const all = await median(10, importAll);
    const docx = await median(10, () => importFile(join(dir, 'ordinance-v1.docx'), { id: 'bench-draft' }));
    results.push({
      name: `import fixture set (${files.length} files: .txt, .md, .docx)`,
      value: all,
      unit: 'ms',
      baseline: `one .docx alone ${docx.toFixed(2)} ms (${((docx / all) * 100).toFixed(0)}% of the set)`,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  // Every article reworded, one deleted: no text matches exactly, so every pair is scored for similarity.
  const older = longDraft({ lang: 'zh', articles: 300 });
  const newer = structuredClone(longDraft({ lang: 'zh', articles: 300, version: 2 }));
  for (const chapter of newer.chapters) {
    for (const article of [...chapter.articles, ...chapter.sections.flatMap((s) => s.articles)]) {
      const first = article.paragraphs[0];
      if (first) first.text = `${first.text.slice(0, -1)}，并报有关部门备案。`;
    }
  }
  newer.chapters[1]?.sections[0]?.articles.splice(0, 1);
  const same = await median(10, () => diffDrafts(older, older));
  const changed = await median(5, () => diffDrafts(older, newer));
  results.push({
    name: 'diff two 300-article versions (every article reworded)',
    value: changed,
    unit: 'ms',
    baseline: `${(changed / same).toFixed(1)}× identical versions (${same.toFixed(2)} ms)`,
  });
  return results;
}

if (import.meta.main) {
  for (const r of await benchImport())
    console.log(`${r.name}: ${r.value.toFixed(2)} ${r.unit} — ${r.baseline ?? ''}`);
}
