import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { LocalFileSearchStorage } from '../../../shared/search/local-file-storage.ts';
import { storageContract } from './storage-contract.ts';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

storageContract('local files', () => {
  const root = mkdtempSync(join(tmpdir(), 'yijian-search-contract-'));
  roots.push(root);
  return new LocalFileSearchStorage(root);
});
