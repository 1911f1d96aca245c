/**
 * Export benchmarks for `npm run bench export`: 100,000 and 1,000,000 generated comments through the
 * whole export (store-like paging of 1,000, projection, order check, writer, temp part, rename) to CSV
 * and XLSX, and the DOCX 意见汇总表 of a 55-article draft whose form letters fall into 200 clusters.
 * Each run is its own child process so that its peak RSS (maxRSS) is its own. The 1M run is set against
 * the 100k run of the same format in the same run: linear cost would be 10×.
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { STANCES } from '../shared/comment/comment.ts';
import { articleIndexOf } from '../shared/export/articles.ts';
import { INTERNAL_COLUMNS } from '../shared/export/columns.ts';
import { fileTarget } from '../shared/export/file-target.ts';
import type { ExportFormat, ExportRecord } from '../shared/export/model.ts';
import { toInternalRow } from '../shared/export/rows.ts';
import { runExport } from '../shared/export/run-export.ts';
import { writeXlsx } from '../shared/export/xlsx.ts';
import { longDraft } from '../test/fixtures/drafts/generate.ts';

export type BenchResult = { name: string; value: number; unit: string; baseline?: string };

const CHILD_FLAG = '--export-bench-child';
const PAGE = 1_000;
const ARTICLE_COUNT = 55;
const CLUSTERS = 200;
const DRAFT = longDraft({ lang: 'zh', articles: ARTICLE_COUNT });

const SENTENCES = [
  '建议明确夜间公交线路的安全员配置标准，并公开考核结果',
  '第十二条规定的驾驶员连续驾驶时间应当结合线路长度加以细化，避免“一刀切”',
  '希望增加无障碍设施的配置要求，方便老年人和残疾人乘车',
  '对携带电动自行车电池进站的处罚标准过重，建议区分情形',
  '应急预案应当定期向社会公布，并听取乘客代表的意见',
  '建议将“安全员”改为“安全管理员”，与上位法表述一致',
] as const;
const REASONS = ['含有侮辱性言论', '与本草案无关', '重复提交'] as const;

const KINDS = ['csv', 'xlsx', 'xlsx-defaults', 'docx'] as const;
type Kind = (typeof KINDS)[number];
type ChildResult = { wallMs: number; cpuMs: number; maxRssMb: number; bytes: number; rows: number };

/**
 * `n` comments in pages of 1,000, as the store's paging yields them. The first `singles` are each their
 * own text (the worst case for a spreadsheet); the rest are form letters in 200 clusters.
 */
async function* generate(n: number, singles: number): AsyncGenerator<readonly ExportRecord[]> {
  const t0 = Date.UTC(2026, 10, 25);
  for (let start = 0; start < n; start += PAGE) {
    const page: ExportRecord[] = [];
    for (let i = start; i < Math.min(n, start + PAGE); i++) {
      const single = i < singles;
      const k = single ? i : i % CLUSTERS;
      const article = (k % ARTICLE_COUNT) + 1;
      const sentence = SENTENCES[k % SENTENCES.length] ?? '';
      const status =
        i % 50 === 7 ? 'spam' : i % 20 === 3 ? 'rejected' : i % 12 === 5 ? 'pending' : 'published';
      page.push({
        comment: {
          id: `01K${i.toString(36).padStart(12, '0')}`,
          receipt: `R${i.toString(36).toUpperCase().padStart(11, '0')}`,
          articleId: k % 17 === 0 ? null : `art-${article}`,
          draftVersion: 1,
          stance: STANCES[k % STANCES.length] ?? 'other',
          body: single
            ? `${sentence}（第${i}号意见）。${SENTENCES[(i * 7) % SENTENCES.length]}，请予考虑。`
            : `${sentence}。我们强烈要求保留第${k}路夜班公交线路！`,
          proposedWording: single && i % 3 === 0 ? `第${article}条修改为：${sentence}。` : null,
          displayName: i % 5 === 0 ? `市民${i}` : null,
          publishName: i % 10 === 0,
          status,
          submittedAt: new Date(t0 + i * 250).toISOString(),
        },
        moderationReason: status === 'rejected' ? (REASONS[i % REASONS.length] ?? null) : null,
        contact:
          i % 2 === 0
            ? { email: `user${i}@example.cn`, phone: `+86 139 ${String(i).padStart(8, '0')}` }
            : null,
        cluster: single ? null : { id: `c-${k}`, size: Math.ceil((n - singles) / CLUSTERS) },
        response:
          k % 4 === 0
            ? {
                decision: 'partly-adopted',
                reason: '已在修改稿中予以体现。',
                scope: single ? 'comment' : 'cluster',
              }
            : null,
      });
    }
    yield page;
  }
}

async function child(kind: Kind, n: number, singles: number): Promise<ChildResult> {
  const dir = await mkdtemp(join(tmpdir(), 'yijian-export-bench-'));
  const articles = articleIndexOf([DRAFT]);
  const start = performance.now();
  let bytes = 0;
  let rows = 0;
  try {
    if (kind === 'xlsx-defaults') {
      // exceljs's defaults (deflate level 6, no styles) without waiting for compression: what it costs.
      const part = await fileTarget(dir, 'defaults.xlsx').open();
      async function* rowsOf() {
        for await (const page of generate(n, singles)) yield page.map((r) => toInternalRow(r, articles));
      }
      rows = (
        await writeXlsx(rowsOf(), INTERNAL_COLUMNS, part.stream, {
          backpressure: false,
          writerOptions: { useSharedStrings: false, useStyles: false, zip: { zlib: { level: 6 } } },
        })
      ).rows;
      bytes = (await part.commit()).bytes;
    } else {
      const format: ExportFormat = kind;
      const result = await runExport(
        {
          format,
          variant: 'internal',
          heading: { draftTitle: '城市公共交通安全管理条例（草案）', window: '—' },
        },
        {
          source: { count: async () => n, pages: () => generate(n, singles) },
          target: fileTarget(dir, `export.${format}`),
          articles,
          mask: (text) => text,
        },
      );
      bytes = result.bytes;
      rows = result.rows;
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const cpu = process.cpuUsage();
  return {
    wallMs: performance.now() - start,
    // CPU time of the whole child (start-up included): steadier than wall time on a shared machine.
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    bytes,
    rows,
  };
}

function measure(kind: Kind, n: number, singles: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const proc = fork(import.meta.filename, [CHILD_FLAG, kind, String(n), String(singles)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: ChildResult | undefined;
    proc.once('message', (m: ChildResult) => {
      result = m;
    });
    proc.once('error', reject);
    proc.once('exit', (code) =>
      result !== undefined && code === 0 ? resolve(result) : reject(new Error(`${kind} ${n}: exit ${code}`)),
    );
  });
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const summarise = (r: ChildResult) =>
  `${(r.wallMs / 1000).toFixed(1)} s wall, ${(r.cpuMs / 1000).toFixed(1)} s CPU, peak RSS ${r.maxRssMb.toFixed(0)} MB, ${Math.round(r.rows / (r.wallMs / 1000)).toLocaleString('en')} rows/s, file ${mb(r.bytes)}`;

export async function benchExport(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const push = (name: string, r: ChildResult, baseline: string) =>
    results.push({ name, value: r.wallMs / 1000, unit: `s (${summarise(r)})`, baseline });

  // An export of no comments: what every child costs before the first row (its CPU time includes the
  // imports), taken off before comparing sizes.
  const empty = await measure('csv', 0, 0);
  push('baseline: export of 0 comments', empty, '—');
  const net = (r: ChildResult) => Math.max(1, r.wallMs - empty.wallMs);
  const netCpu = (r: ChildResult) => Math.max(1, r.cpuMs - empty.cpuMs);
  for (const kind of ['csv', 'xlsx'] as const) {
    const target = kind === 'csv' ? '< 60 s, < 300 MB' : '< 90 s, < 512 MB';
    const small = await measure(kind, 100_000, 100_000);
    push(`export ${kind.toUpperCase()} 100,000 comments`, small, '—');
    const large = await measure(kind, 1_000_000, 1_000_000);
    push(
      `export ${kind.toUpperCase()} 1,000,000 comments`,
      large,
      `${(net(large) / net(small)).toFixed(1)}× the wall time, ${(netCpu(large) / netCpu(small)).toFixed(1)}× the CPU time (less the empty export's) and ${(large.bytes / small.bytes).toFixed(1)}× the bytes of 100k (linear: 10×); RSS ${(large.maxRssMb / small.maxRssMb).toFixed(2)}× of 100k; target ${target}`,
    );
    if (kind === 'xlsx' && process.env.BENCH_XLSX_DEFAULTS !== '0') {
      const defaults = await measure('xlsx-defaults', 1_000_000, 1_000_000);
      push(
        'XLSX 1,000,000 with exceljs defaults, no backpressure',
        defaults,
        `peak RSS ${(defaults.maxRssMb / large.maxRssMb).toFixed(1)}× ours (${large.maxRssMb.toFixed(0)} MB)`,
      );
    }
  }

  // The compilation: 2,000 comments of their own plus form letters in 200 clusters, whatever the total.
  const docx = [];
  for (const n of [10_000, 100_000, 1_000_000]) docx.push({ n, r: await measure('docx', n, 2_000) });
  const base = docx[0]?.r;
  for (const { n, r } of docx)
    push(
      `DOCX 意见汇总表, ${ARTICLE_COUNT} articles, ${n.toLocaleString('en')} comments (2,000 single + ${CLUSTERS} clusters)`,
      r,
      base === undefined
        ? '—'
        : `file ${(r.bytes / base.bytes).toFixed(2)}× and RSS ${(r.maxRssMb / base.maxRssMb).toFixed(2)}× of the 10k compilation for ${n / 10_000}× the comments`,
    );
  return results;
}

if (process.argv[2] === CHILD_FLAG) {
  const [name, n, singles] = process.argv.slice(3);
  const kind = KINDS.find((k) => k === name);
  if (kind === undefined) throw new Error(`unknown export benchmark ${name}`);
  const result = await child(kind, Number(n), Number(singles));
  process.send?.(result);
} else if (import.meta.main) {
  for (const r of await benchExport())
    console.log(`| ${r.name} | ${r.value.toFixed(1)} ${r.unit} | ${r.baseline ?? '—'} |`);
}
