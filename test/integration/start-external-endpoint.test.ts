/**
 * `npm start` with DYNAMODB_ENDPOINT: the local stack on a DynamoDB it did not start (here the
 * integration run's own DynamoDB Local), creating the table and seeding the sample there.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort, localClient } from '../../scripts/local/dynamodb-local.ts';
import { tablesOn } from '../support/dynamodb.ts';
import { aSubmission } from '../support/factories.ts';

const ROOT = join(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'yijian-external-'));
const tableName = `external-${randomUUID().slice(0, 8)}`;
let child: ChildProcess | undefined;
let output = '';

afterAll(async () => {
  if (child?.pid !== undefined && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    process.kill(-child.pid, 'SIGINT');
    await exited;
  }
  const table = tablesOn(localClient(inject('dynamoEndpoint')), tableName);
  await table.drop().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
});

async function startAgainst(endpoint: string, port: number): Promise<string> {
  child = spawn('npm', ['start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      YIJIAN_DATA_DIR: dataDir,
      DYNAMODB_ENDPOINT: endpoint,
      TABLE_NAME: tableName,
      // This test is about the endpoint; the form's proof of work is tested in e2e/abuse.spec.ts.
      PROOF_OF_WORK: 'off',
    },
    // Its own process group, so that stopping it reaches node behind npm.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
    if (output.includes('Yijian 意见征集 is running')) return `http://127.0.0.1:${port}`;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`npm start did not become ready:\n${output}`);
}

describe('npm start with DYNAMODB_ENDPOINT', () => {
  it('uses that endpoint instead of starting DynamoDB Local, creates the table there and seeds the sample', {
    timeout: 300_000,
  }, async () => {
    // Prepare
    const endpoint = inject('dynamoEndpoint');
    const client = localClient(endpoint);
    const before = await client.send(new ListTablesCommand({}));
    expect(before.TableNames).not.toContain(tableName);

    // Act
    const base = await startAgainst(endpoint, await freePort());
    const posted = await fetch(`${base}/api/consultations/transit-safety-2026/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(aSubmission({ body: '外部端点测试意见。' })),
    });

    // Assess
    expect(output).toContain(`Created table ${tableName}.`);
    expect(output).toContain(`Using DynamoDB at ${endpoint}`);
    expect(output).not.toContain('Starting DynamoDB Local');
    expect(existsSync(join(dataDir, 'dynamodb'))).toBe(false);
    expect(posted.status).toBe(202);
    const { receipt } = (await posted.json()) as { receipt: string };
    const table = tablesOn(client, tableName);
    expect((await table.itemsOf('consultation')).map((c) => c.id)).toEqual(['transit-safety-2026']);
    expect((await table.itemsOf('comment')).map((c) => c.receipt)).toEqual([receipt]);
  });
});
