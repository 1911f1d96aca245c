import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importText } from '../../../shared/draft/importer/index.ts';
import { renderDraft } from '../../../shared/draft/render.ts';
import { Draft } from '../../../shared/draft/schema.ts';

const DRAFTS = new URL('../../../site/src/content/drafts/', import.meta.url).pathname;
const files = readdirSync(DRAFTS, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));

describe('the drafts the site ships', () => {
  it.each(files)('%s reads back unchanged from its rendered text', (file) => {
    const draft = Draft.parse(JSON.parse(readFileSync(join(DRAFTS, file), 'utf8')));
    const result = importText(renderDraft(draft, { toc: true }), { id: draft.id, version: draft.version });
    expect(result.diagnostics).toEqual([]);
    expect(result.draft).toEqual(draft);
  });
});
