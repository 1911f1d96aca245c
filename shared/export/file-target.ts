import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportPart, ExportTarget } from './ports.ts';

/** Parts live beside the exports, hidden and with a suffix the download route never serves. */
export const PART_SUFFIX = '.part';

/**
 * Local mode's target: each attempt writes its own part (two deliveries of the same job never share a
 * file) and a rename on the same file system publishes it atomically, replacing any earlier copy. A part
 * left behind by a worker that died is never visible as an export.
 */
export function fileTarget(dir: string, name: string): ExportTarget {
  return {
    async open(): Promise<ExportPart> {
      await mkdir(dir, { recursive: true });
      const partPath = join(dir, `.${name}.${randomUUID()}${PART_SUFFIX}`);
      const stream = createWriteStream(partPath, { flags: 'wx' });
      await once(stream, 'open');
      const closed = async () => {
        if (!stream.closed) await once(stream, 'close');
      };
      return {
        stream,
        async commit() {
          await closed();
          const finalPath = join(dir, name);
          await rename(partPath, finalPath);
          return { location: finalPath, bytes: (await stat(finalPath)).size };
        },
        async abort() {
          // A writer may still be flushing into the part (archiver runs on after its source failed): its
          // late writes fail harmlessly instead of crashing the worker with an unhandled 'error'.
          stream.on('error', () => {});
          stream.destroy();
          if (!stream.closed) await new Promise<void>((resolve) => stream.once('close', () => resolve()));
          await unlink(partPath).catch((error: unknown) => {
            if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
          });
        },
      };
    },
  };
}
