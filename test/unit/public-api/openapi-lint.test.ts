import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../shared/store/memory-store.ts';
import { anApi } from '../../support/api.ts';

async function openApiDocument() {
  const { app } = anApi(new MemoryStore());
  const response = await app.request('/api/openapi.json');
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('the OpenAPI document', () => {
  it("passes Redocly's recommended rules with no errors", async () => {
    // Prepare
    const document = await openApiDocument();
    const config = await createConfig({ extends: ['recommended'] });

    // Act
    const problems = await lintFromString({
      source: JSON.stringify(document),
      absoluteRef: '/api/openapi.json',
      config,
    });

    // Assess
    const errors = problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId}: ${p.message} at ${p.location.map((l) => l.pointer).join(', ')}`);
    expect(errors).toEqual([]);
  });

  it('names its server and declares every public operation as needing no credentials', async () => {
    const document = await openApiDocument();

    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    const paths = document.paths as Record<string, Record<string, { security?: unknown }>>;
    const operations = Object.values(paths).flatMap((item) => Object.values(item));
    expect(operations.length).toBeGreaterThan(0);
    for (const operation of operations) expect(operation.security).toEqual([]);
  });
});
