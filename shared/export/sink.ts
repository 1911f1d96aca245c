import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

/** Writes and waits while the destination is full, so a slow disk or upload holds back the reader. */
export async function put(out: Writable, chunk: string | Uint8Array): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** Ends the destination and waits until everything is flushed (or it failed). */
export async function close(out: Writable): Promise<void> {
  out.end();
  await finished(out);
}

/** Called after each page with the number of rows written so far: the job's `processed`. */
export type Progress = (processed: number) => void;
