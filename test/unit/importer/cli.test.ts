import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Draft } from '../../../shared/draft/schema.ts';
import { makeDocx, ORDINANCE_V1 } from '../../fixtures/drafts/make-docx.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;

describe('npm run draft:import', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yijian-cli-'));
    await writeFile(join(dir, 'ordinance.docx'), await makeDocx(ORDINANCE_V1));
    await writeFile(
      join(dir, 'gap.txt'),
      ['示例条例', '（征求意见稿）', '第一章　总则', '第一条　甲。', '第三条　丙。'].join('\n'),
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Runs the CLI from the repository root as npm does, with relative paths meant from `dir`. */
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'scripts/draft-import.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, INIT_CWD: dir },
      encoding: 'utf8',
    });

  it('imports a .docx into the given file and prints a summary and the next step', async () => {
    const result = run('ordinance.docx', '--id', 'e-bike', '--out', 'out/v1.zh.json');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('5 chapters, 2 sections, 16 articles');
    expect(result.stdout).toContain('skipped the table of contents');
    expect(result.stdout).toContain('Next step');
    const draft = Draft.parse(JSON.parse(await readFile(join(dir, 'out/v1.zh.json'), 'utf8')));
    expect(draft).toMatchObject({ id: 'e-bike', version: 1, lang: 'zh', title: '示例市电动自行车管理条例' });
  });

  it('refuses to overwrite a different existing file without --force', async () => {
    await writeFile(join(dir, 'taken.json'), '{}\n');
    const refused = run('ordinance.docx', '--id', 'e-bike', '--out', 'taken.json');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('--force');
    expect(run('ordinance.docx', '--id', 'e-bike', '--out', 'taken.json', '--force').status).toBe(0);
  });

  it('prints diagnostics with their line and still writes in normal mode', () => {
    const result = run('gap.txt', '--id', 'gap-draft', '--out', 'gap.json');
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('line 5: numbering-gap');
  });

  it('fails in strict mode on any diagnostic and writes nothing', async () => {
    const result = run('gap.txt', '--id', 'gap-draft', '--strict', '--out', 'strict.json');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('line 5: numbering-gap');
    expect(result.stderr).toContain('strict');
    await expect(readFile(join(dir, 'strict.json'))).rejects.toThrow();
  });

  it.each([
    [[], 'Which file?'],
    [['gap.txt', '--lang', 'fr'], '--lang'],
    [['gap.txt', '--version', 'two'], '--version'],
    [['gap.txt', '--bogus'], 'bogus'],
    [['gap.txt', '--id', 'Not An Id'], '--id'],
  ])('answers bad usage %j with exit code 2', (args, hint) => {
    const result = run(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(hint);
    expect(result.stderr).toContain('Usage:');
  });
});
