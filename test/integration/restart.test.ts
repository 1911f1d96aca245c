import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningDynamoDbLocal, startDynamoDbLocal } from '../../scripts/local/dynamodb-local.ts';
import { seedConsultations } from '../../scripts/local/seed.ts';
import { systemClock } from '../../shared/ports.ts';
import { ensureTable } from '../../shared/store/dynamodb/table.ts';
import { anApi, postComment } from '../support/api.ts';
import { tablesOn } from '../support/dynamodb.ts';
import { aSubmission } from '../support/factories.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'yijian-restart-'));
const TABLE = 'yijian-restart';
let running: RunningDynamoDbLocal | undefined;

/** What `npm start` does on each start: DynamoDB Local on the data dir, the table, the seed, the API. */
async function startLocalStack() {
  running = await startDynamoDbLocal({ dataDir, allowedOrigins: [] });
  await ensureTable(running.client, TABLE);
  const table = tablesOn(running.client, TABLE);
  const seeded = await seedConsultations(table.store, new Date());
  return { table, seeded, api: anApi(table.store, systemClock) };
}

async function stopLocalStack() {
  running?.client.destroy();
  await running?.stop();
  running = undefined;
}

afterAll(async () => {
  await stopLocalStack();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('DynamoDB Local persisted on disk', () => {
  it('keeps a comment and its receipt across a restart', { timeout: 120_000 }, async () => {
    // Prepare
    const first = await startLocalStack();
    const posted = await postComment(
      first.api.app,
      'transit-safety-2026',
      aSubmission({ articleId: 'art-5' }),
    );
    expect(posted.status).toBe(202);
    const { receipt } = (await posted.json()) as { receipt: string };
    const windowBefore = await first.table.store.getConsultation('transit-safety-2026');
    await stopLocalStack();

    // Act
    const second = await startLocalStack();
    const looked = await second.api.app.request(`/api/comments/${receipt}`);

    // Assess
    expect(first.seeded).toEqual({ created: ['transit-safety-2026'], revised: [] });
    expect(second.seeded).toEqual({ created: [], revised: [] });
    expect(looked.status).toBe(200);
    expect(await looked.json()).toMatchObject({ receipt, status: 'pending', articleId: 'art-5' });
    expect(await second.table.store.getConsultation('transit-safety-2026')).toEqual(windowBefore);
    expect(await second.table.itemsOf('comment')).toHaveLength(1);
  });
});
