import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_DIR } from '../../../scripts/local/content.ts';
import { seedConsultations } from '../../../scripts/local/seed.ts';
import { MemoryStore } from '../../../shared/store/memory-store.ts';

/** A copy of the site's content in which the sample consultation points at draft version 1. */
function contentOnVersion1(): string {
  const dir = mkdtempSync(join(tmpdir(), 'yijian-content-'));
  cpSync(CONTENT_DIR, dir, { recursive: true });
  const entryFile = join(dir, 'consultations/transit-safety-2026.json');
  const entry = JSON.parse(readFileSync(entryFile, 'utf8'));
  writeFileSync(entryFile, JSON.stringify({ ...entry, draftVersion: 1 }));
  return dir;
}

describe('seedConsultations', () => {
  it('registers a new consultation once and leaves it alone on the next start', async () => {
    const store = new MemoryStore();

    const first = await seedConsultations(store, new Date('2026-11-25T00:00:00Z'));
    const second = await seedConsultations(store, new Date('2026-11-28T00:00:00Z'));

    expect(first).toEqual({ created: ['transit-safety-2026'], revised: [] });
    expect(second).toEqual({ created: [], revised: [] });
    expect(store.consultations.get('transit-safety-2026')?.opensAt).toBe('2026-11-25T00:00:00.000Z');
  });

  it('moves a consultation registered on an older draft to the version the site now publishes, keeping its window', async () => {
    // Prepare
    const store = new MemoryStore();
    const older = contentOnVersion1();
    await seedConsultations(store, new Date('2026-11-25T00:00:00Z'), older);
    const before = store.consultations.get('transit-safety-2026');

    // Act
    const result = await seedConsultations(store, new Date('2026-12-05T00:00:00Z'));

    // Assess
    const after = store.consultations.get('transit-safety-2026');
    const current = JSON.parse(
      readFileSync(join(CONTENT_DIR, 'consultations/transit-safety-2026.json'), 'utf8'),
    );
    expect(before?.draftVersion).toBe(1);
    expect(current.draftVersion).toBeGreaterThan(1);
    expect(result).toEqual({ created: [], revised: ['transit-safety-2026'] });
    expect(after?.draftVersion).toBe(current.draftVersion);
    expect(after?.draftHash).not.toBe(before?.draftHash);
    expect({ opensAt: after?.opensAt, closesAt: after?.closesAt }).toEqual({
      opensAt: before?.opensAt,
      closesAt: before?.closesAt,
    });
  });
});
