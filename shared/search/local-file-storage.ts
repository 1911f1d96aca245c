import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogSegment, SearchIndexStorage } from './storage.ts';

const SEGMENT = /^(\d{10})\.jsonl$/;
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The search index storage of local mode: `<root>/<indexId>/snapshot.bin` and `<root>/<indexId>/log/`. */
export class LocalFileSearchStorage implements SearchIndexStorage {
  private readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  private dir(indexId: string): string {
    // The id becomes a path: refuse anything that could leave the root.
    if (!SAFE_ID.test(indexId) || indexId.includes('..')) throw new RangeError(`unsafe index id ${indexId}`);
    return join(this.root, indexId);
  }

  async readSnapshot(indexId: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(join(this.dir(indexId), 'snapshot.bin')));
    } catch (error) {
      if (isCode(error, 'ENOENT')) return undefined;
      throw error;
    }
  }

  async writeSnapshot(indexId: string, bytes: Uint8Array): Promise<void> {
    const dir = this.dir(indexId);
    await mkdir(dir, { recursive: true });
    const temp = join(dir, `snapshot.bin.${randomUUID()}.tmp`);
    const file = await open(temp, 'w');
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    // rename is atomic within one file system: readers see the old or the new snapshot.
    await rename(temp, join(dir, 'snapshot.bin'));
  }

  async appendSegment(indexId: string, seq: number, bytes: Uint8Array): Promise<boolean> {
    const dir = join(this.dir(indexId), 'log');
    await mkdir(dir, { recursive: true });
    const name = join(dir, segmentName(seq));
    const temp = `${name}.${randomUUID()}.tmp`;
    await writeFile(temp, bytes, { flag: 'wx' });
    try {
      // A hard link fails if the name exists (like S3's If-None-Match: *), and a reader never sees a
      // half-written segment because the content was complete before it got its name.
      await link(temp, name);
      return true;
    } catch (error) {
      if (isCode(error, 'EEXIST')) return false;
      throw error;
    } finally {
      await rm(temp, { force: true });
    }
  }

  async readSegments(indexId: string, afterSeq: number): Promise<LogSegment[]> {
    const dir = join(this.dir(indexId), 'log');
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if (isCode(error, 'ENOENT')) return [];
      throw error;
    }
    const seqs = names
      .map((n) => SEGMENT.exec(n)?.[1])
      .filter((s): s is string => s !== undefined)
      .map(Number)
      .filter((s) => s > afterSeq)
      .sort((a, b) => a - b);
    const segments: LogSegment[] = [];
    for (const seq of seqs) {
      try {
        segments.push({ seq, bytes: new Uint8Array(await readFile(join(dir, segmentName(seq)))) });
      } catch (error) {
        // Deleted by a compaction between listing and reading: the new snapshot holds it.
        if (!isCode(error, 'ENOENT')) throw error;
      }
    }
    return segments;
  }

  async deleteSegments(indexId: string, throughSeq: number): Promise<void> {
    const dir = join(this.dir(indexId), 'log');
    for (const segment of await this.readSegmentNames(dir)) {
      if (segment.seq <= throughSeq) await rm(join(dir, segment.name), { force: true });
    }
  }

  private async readSegmentNames(dir: string): Promise<{ seq: number; name: string }[]> {
    try {
      return (await readdir(dir)).flatMap((name) => {
        const seq = SEGMENT.exec(name)?.[1];
        return seq === undefined ? [] : [{ seq: Number(seq), name }];
      });
    } catch (error) {
      if (isCode(error, 'ENOENT')) return [];
      throw error;
    }
  }
}

function segmentName(seq: number): string {
  return `${String(seq).padStart(10, '0')}.jsonl`;
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}
