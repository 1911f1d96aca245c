import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexChangeOf } from '../../../shared/search/change-log.ts';
import { CommentSearch } from '../../../shared/search/comment-search.ts';
import { LocalFileSearchStorage } from '../../../shared/search/local-file-storage.ts';
import { doc, segmenter } from './helpers.ts';

let root: string;
let now: number;
const clock = { now: () => new Date(now) };

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'yijian-search-'));
  now = Date.parse('2026-12-01T02:00:00Z');
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const service = (options: { compactAfterSegments?: number } = {}) =>
  new CommentSearch({
    storage: new LocalFileSearchStorage(root),
    segmenter,
    clock,
    refreshAfterMs: 5_000,
    ...options,
  });

describe('comment search service', () => {
  it('serves a warm reader from memory and reads the log again once its view is 5 s old', async () => {
    const staffApi = service();
    const indexer = service();
    expect((await staffApi.search('cons-1', { q: '安全带' })).total).toBe(0);
    const a = doc('校车应当配备儿童安全带');
    await indexer.record('cons-1', [{ op: 'add', doc: a }]);

    now += 4_000;
    expect((await staffApi.search('cons-1', { q: '安全带' })).total).toBe(0);
    now += 1_000;
    expect((await staffApi.search('cons-1', { q: '安全带' })).hits).toEqual([{ id: a.id, match: 'words' }]);
  });

  it('keeps consultations apart', async () => {
    const search = service();
    await search.record('cons-1', [{ op: 'add', doc: doc('地铁站扶梯') }]);
    expect((await search.search('cons-2', { q: '扶梯' })).total).toBe(0);
    expect((await search.search('cons-1', { q: '扶梯' })).total).toBe(1);
  });

  it('folds the log into a snapshot once enough segments piled up', async () => {
    const search = service({ compactAfterSegments: 3 });
    for (let i = 0; i < 2; i++) await search.record('cons-1', [{ op: 'add', doc: doc(`第${i}条：站台`) }]);
    expect(existsSync(join(root, 'cons-1', 'snapshot.bin'))).toBe(false);
    await search.record('cons-1', [{ op: 'add', doc: doc('第3条：站台') }]);
    expect(existsSync(join(root, 'cons-1', 'snapshot.bin'))).toBe(true);
    expect((await service().search('cons-1', { q: '站台' })).total).toBe(3);
  });
});

describe('index change of a comment write', () => {
  const before = doc('夜班公交太少', { status: 'pending' });

  it.each([
    ['a new comment', undefined, before, { op: 'add', doc: before }],
    [
      'a moderation decision',
      before,
      { ...before, status: 'published' as const },
      { op: 'update', id: before.id, changes: { status: 'published' } },
    ],
    [
      'a new cluster',
      before,
      { ...before, clusterId: 'k3' },
      { op: 'update', id: before.id, changes: { clusterId: 'k3' } },
    ],
    ['a write that changes nothing indexed', before, { ...before }, undefined],
  ])('maps %s', (_name, previous, current, expected) => {
    expect(indexChangeOf(previous, current)).toEqual(expected);
  });
});
