import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Returns `dir` if it holds a built site, and otherwise fails with what to do about it. */
export function assertBuiltSite(dir: string): string {
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`No built site in ${dir} (index.html is missing): run \`npm run build:site\` first.`);
  }
  return dir;
}
