import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPublishedConsultations } from '../../../scripts/local/content.ts';
import { consultationFor } from '../../../shared/consultation/register.ts';
import { makeDocx, ORDINANCE_V1, ORDINANCE_V2 } from '../../fixtures/drafts/make-docx.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;

describe('npm run draft:import -- … --consultation <id>', () => {
  let dir: string;
  let content: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yijian-publish-'));
    content = join(dir, 'content');
    await writeFile(join(dir, 'v1.docx'), await makeDocx(ORDINANCE_V1));
    await writeFile(join(dir, 'v2.docx'), await makeDocx(ORDINANCE_V2));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const run = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'scripts/draft-import.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, INIT_CWD: dir, YIJIAN_CONTENT_DIR: content },
      encoding: 'utf8',
    });
  const entry = async () =>
    JSON.parse(await readFile(join(content, 'consultations/e-bike-2026.json'), 'utf8')) as Record<
      string,
      unknown
    >;

  it('asks for the drafting office before registering a new consultation, and writes nothing', () => {
    const result = run('v1.docx', '--id', 'e-bike', '--consultation', 'e-bike-2026');

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--office-zh');
    expect(existsSync(join(content, 'drafts/e-bike/v1.zh.json'))).toBe(false);
    expect(existsSync(join(content, 'consultations/e-bike-2026.json'))).toBe(false);
  });

  it('refuses --out with --consultation before writing the file', () => {
    const office = ['--office-zh', '示例市司法局', '--office-en', 'Shili City Justice Bureau'];
    const result = run(
      'v1.docx',
      '--id',
      'e-bike',
      '--out',
      'elsewhere.json',
      '--consultation',
      'e-bike-2026',
      ...office,
    );

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('leave out --out');
    expect(existsSync(join(dir, 'elsewhere.json'))).toBe(false);
    expect(existsSync(join(content, 'consultations/e-bike-2026.json'))).toBe(false);
  });

  it('publishes a .docx as a consultation in one command, ready for the next start to register', async () => {
    const result = run(
      'v1.docx',
      '--id',
      'e-bike',
      '--consultation',
      'e-bike-2026',
      '--office-zh',
      '示例市交通运输局',
      '--office-en',
      'Shili City Transport Bureau',
    );

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('consultation e-bike-2026 publishes e-bike version 1');
    expect(await entry()).toEqual({
      id: 'e-bike-2026',
      draftId: 'e-bike',
      draftVersion: 1,
      office: { zh: '示例市交通运输局', en: 'Shili City Transport Bureau' },
      contact: { zh: '示例市交通运输局', en: 'Shili City Transport Bureau' },
      defaultWindowDays: 30,
    });
    const [published] = readPublishedConsultations(content);
    if (published === undefined) throw new Error('nothing published');
    const consultation = consultationFor(published.entry, published.drafts, new Date());
    expect(consultation.articleIds).toHaveLength(16);
    expect(consultation.title.zh).toBe('示例市电动自行车管理条例');
  });

  it('moves the consultation to a revised draft, and never back to an older one', async () => {
    const revised = run('v2.docx', '--id', 'e-bike', '--version', '2', '--consultation', 'e-bike-2026');
    const backwards = run('v1.docx', '--id', 'e-bike', '--consultation', 'e-bike-2026');

    expect(revised.status).toBe(0);
    expect(await entry()).toMatchObject({ draftVersion: 2, office: { zh: '示例市交通运输局' } });
    expect(backwards.status).toBe(1);
    expect(backwards.stderr).toContain('already publishes version 2');
  });
});
