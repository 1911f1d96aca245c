import { describe, expect, it } from 'vitest';
import { PersistentSearchIndex } from '../../../shared/search/persistent-index.ts';
import type { SearchIndexStorage } from '../../../shared/search/storage.ts';
import { allIds, doc, segmenter } from './helpers.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));

/**
 * What every SearchIndexStorage must do (shared/search/storage.ts), run against each adapter: the local
 * files and S3 (through an in-memory bucket), so that PersistentSearchIndex behaves the same on both.
 */
export function storageContract(name: string, fresh: () => SearchIndexStorage) {
  describe(`${name}: the SearchIndexStorage contract`, () => {
    it('has no snapshot for a new index, then the one written last', async () => {
      const storage = fresh();
      expect(await storage.readSnapshot('transit-safety-2026')).toBeUndefined();
      await storage.writeSnapshot('transit-safety-2026', bytes('first'));
      await storage.writeSnapshot('transit-safety-2026', bytes('second'));
      expect(text(await storage.readSnapshot('transit-safety-2026'))).toBe('second');
      expect(await storage.readSnapshot('other-2026')).toBeUndefined();
    });

    it('creates a segment once: a second writer of the same number is refused and changes nothing', async () => {
      const storage = fresh();
      expect(await storage.appendSegment('transit-safety-2026', 1, bytes('winner'))).toBe(true);
      expect(await storage.appendSegment('transit-safety-2026', 1, bytes('loser'))).toBe(false);
      const segments = await storage.readSegments('transit-safety-2026', 0);
      expect(segments.map((s) => [s.seq, text(s.bytes)])).toEqual([[1, 'winner']]);
    });

    it('reads the segments after a number in numeric order, and only its own index', async () => {
      const storage = fresh();
      for (const seq of [100, 2, 10, 1, 3])
        await storage.appendSegment('transit-safety-2026', seq, bytes(`s${seq}`));
      await storage.appendSegment('other-2026', 4, bytes('elsewhere'));
      expect((await storage.readSegments('transit-safety-2026', 0)).map((s) => s.seq)).toEqual([
        1, 2, 3, 10, 100,
      ]);
      const after = await storage.readSegments('transit-safety-2026', 3);
      expect(after.map((s) => [s.seq, text(s.bytes)])).toEqual([
        [10, 's10'],
        [100, 's100'],
      ]);
      expect(await storage.readSegments('transit-safety-2026', 100)).toEqual([]);
      expect(await storage.readSegments('never-written', 0)).toEqual([]);
    });

    it('deletes the segments through a number and keeps the later ones and other indexes', async () => {
      const storage = fresh();
      for (let seq = 1; seq <= 12; seq++)
        await storage.appendSegment('transit-safety-2026', seq, bytes(`s${seq}`));
      await storage.appendSegment('other-2026', 1, bytes('elsewhere'));
      await storage.deleteSegments('transit-safety-2026', 10);
      expect((await storage.readSegments('transit-safety-2026', 0)).map((s) => s.seq)).toEqual([11, 12]);
      expect((await storage.readSegments('other-2026', 0)).map((s) => s.seq)).toEqual([1]);
      await storage.deleteSegments('never-written', 5);
    });

    it('refuses an index id that could reach another index', async () => {
      const storage = fresh();
      await expect(storage.readSnapshot('../etc')).rejects.toThrow(RangeError);
      await expect(storage.appendSegment('a/b', 1, bytes('x'))).rejects.toThrow(RangeError);
    });

    it('keeps both writers’ changes when two append at once (the loser reads the winner and takes the next number)', async () => {
      const storage = fresh();
      const first = await PersistentSearchIndex.open(storage, 'transit-safety-2026', segmenter);
      const second = await PersistentSearchIndex.open(storage, 'transit-safety-2026', segmenter);
      const a = doc('站台缝隙太大');
      const b = doc('站台照明不足');
      await Promise.all([first.record([{ op: 'add', doc: a }]), second.record([{ op: 'add', doc: b }])]);
      expect((await storage.readSegments('transit-safety-2026', 0)).map((s) => s.seq)).toEqual([1, 2]);
      const reader = await PersistentSearchIndex.open(storage, 'transit-safety-2026', segmenter);
      expect(allIds(reader.index, { q: '站台' }).sort()).toEqual([a.id, b.id].sort());
    });

    it('lets a reader whose unread segments were compacted away reload the snapshot', async () => {
      const storage = fresh();
      const reader = await PersistentSearchIndex.open(storage, 'transit-safety-2026', segmenter);
      const writer = await PersistentSearchIndex.open(storage, 'transit-safety-2026', segmenter);
      for (let i = 0; i < 70; i++) await writer.record([{ op: 'add', doc: doc(`第${i}条意见：地铁票价`) }]);
      await writer.compact();
      expect((await storage.readSegments('transit-safety-2026', 0)).map((s) => s.seq)[0]).toBe(7);
      await reader.refresh();
      expect(reader.lastSeq).toBe(70);
      expect(allIds(reader.index, { q: '地铁票价' })).toHaveLength(70);
      const cold = await PersistentSearchIndex.open(storage, 'transit-safety-2026', segmenter);
      expect(cold.segmentsSinceSnapshot).toBe(0);
      expect(cold.index.size).toBe(70);
    });
  });
}
