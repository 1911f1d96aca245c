import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalFileSearchStorage } from '../../../shared/search/local-file-storage.ts';
import { PersistentSearchIndex } from '../../../shared/search/persistent-index.ts';
import { allIds, doc, segmenter } from './helpers.ts';

let root: string;
let storage: LocalFileSearchStorage;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'yijian-search-'));
  storage = new LocalFileSearchStorage(root);
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const open = () => PersistentSearchIndex.open(storage, 'transit-safety-2026', segmenter);

describe('persistent search index (local files)', () => {
  it('starts empty, and a second process sees what the first recorded', async () => {
    const writer = await open();
    expect(writer.index.size).toBe(0);
    const a = doc('地铁站应当配备急救箱', { status: 'pending' });
    await writer.record([{ op: 'add', doc: a }]);
    await writer.record([{ op: 'update', id: a.id, changes: { status: 'published', clusterId: 'k1' } }]);

    const reader = await open();
    expect(reader.lastSeq).toBe(2);
    expect(allIds(reader.index, { q: '急救箱', status: ['published'], cluster: ['k1'] })).toEqual([a.id]);
  });

  it('loads the snapshot and replays only the segments written after it', async () => {
    const writer = await open();
    const a = doc('公交车应当配备安全锤');
    const b = doc('安全锤被偷的问题怎么办', { status: 'pending' });
    await writer.record([{ op: 'add', doc: a }]);
    const compacted = await writer.compact();
    expect(compacted.logSeq).toBe(1);
    await writer.record([{ op: 'add', doc: b }]);

    const reader = await open();
    expect(reader.segmentsSinceSnapshot).toBe(1);
    expect(allIds(reader.index, { q: '安全锤' })).toEqual([b.id, a.id]);
  });

  it('lets a warm reader catch up with changes another writer made', async () => {
    const reader = await open();
    const writer = await open();
    const a = doc('屏蔽门夹人事故');
    await writer.record([{ op: 'add', doc: a }]);
    expect(allIds(reader.index, { q: '屏蔽门' })).toEqual([]);
    expect(await reader.refresh()).toBe(1);
    expect(allIds(reader.index, { q: '屏蔽门' })).toEqual([a.id]);
  });

  it('keeps both writers changes when they append at the same time', async () => {
    const first = await open();
    const second = await open();
    const a = doc('站台缝隙太大');
    const b = doc('站台照明不足');
    await Promise.all([first.record([{ op: 'add', doc: a }]), second.record([{ op: 'add', doc: b }])]);
    expect(readdirSync(join(root, 'transit-safety-2026', 'log')).sort()).toEqual([
      '0000000001.jsonl',
      '0000000002.jsonl',
    ]);
    const reader = await open();
    expect(allIds(reader.index, { q: '站台' }).sort()).toEqual([a.id, b.id].sort());
    // Each writer applied the other's change before its own.
    await first.refresh();
    expect(allIds(first.index, { q: '站台' }).sort()).toEqual([a.id, b.id].sort());
  });

  it('reloads the snapshot when the segments it had not read were compacted away', async () => {
    const reader = await open();
    const writer = await open();
    const docs = Array.from({ length: 70 }, (_, i) => doc(`第${i}条意见：地铁票价`));
    for (const d of docs) await writer.record([{ op: 'add', doc: d }]);
    await writer.compact();
    // The first 6 segments are gone; the snapshot includes them.
    expect(readdirSync(join(root, 'transit-safety-2026', 'log'))).toHaveLength(64);
    await reader.refresh();
    expect(reader.lastSeq).toBe(70);
    expect(allIds(reader.index, { q: '地铁票价' })).toHaveLength(70);
  });

  it('reports a damaged snapshot instead of serving a wrong index', async () => {
    const writer = await open();
    await writer.record([{ op: 'add', doc: doc('地铁站') }]);
    await writer.compact();
    writeFileSync(join(root, 'transit-safety-2026', 'snapshot.bin'), 'garbage');
    await expect(open()).rejects.toMatchObject({ kind: 'store-unavailable' });
  });

  it('refuses an index id that would leave its folder', async () => {
    await expect(PersistentSearchIndex.open(storage, '../etc', segmenter)).rejects.toThrow(RangeError);
  });
});
