/**
 * A load run against the real `npm start` (loopback only, bounded in time), on a DynamoDB Local this run
 * owns so that the table can be counted afterwards: sustained comments/s, errors, and comments lost or
 * stored twice. Proof of work and rate limits are turned off for the run (one machine sends everything);
 * the baseline is a bare Hono echo route served by this process, loaded the same way in the same run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { freePort, startDynamoDbLocal } from '../scripts/local/dynamodb-local.ts';
import { type LoadResult, runLoad } from './load.ts';

const ROOT = join(import.meta.dirname, '..');
const TABLE = 'bench-local-stack';

export interface LocalStackResult {
  api: LoadResult;
  echo: LoadResult;
  acknowledged: number;
  stored: number;
  lost: number;
  duplicated: number;
}

export async function benchLocalStack(options: {
  concurrency: number;
  durationMs: number;
}): Promise<LocalStackResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yijian-bench-'));
  const db = await startDynamoDbLocal({ allowedOrigins: [] });
  let child: ChildProcess | undefined;
  let echoServer: Server | undefined;
  try {
    const port = await freePort();
    child = spawn('npm', ['start'], {
      cwd: ROOT,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        YIJIAN_DATA_DIR: dataDir,
        DYNAMODB_ENDPOINT: db.endpoint,
        TABLE_NAME: TABLE,
        PROOF_OF_WORK: 'off',
        RATE_LIMIT_COMMENTS_PER_MINUTE: '0',
        RATE_LIMIT_COMMENTS_PER_HOUR: '0',
        RATE_LIMIT_CONSULTATION_COMMENTS_PER_MINUTE: '0',
        LOG_LEVEL: 'ERROR',
      },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    const deadline = Date.now() + 240_000;
    while (!output.includes('Yijian 意见征集 is running')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start failed:\n${output}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    const base = `http://127.0.0.1:${port}`;

    const echoPort = await freePort();
    const echo = new Hono().post('/echo', async (c) => c.json(await c.req.json(), 202));
    echoServer = serve({ fetch: echo.fetch, port: echoPort, hostname: '127.0.0.1' }) as Server;

    const body = (worker: number, n: number, phase: string) =>
      JSON.stringify({
        articleId: 'art-5',
        stance: 'suggest',
        body: `负载${phase}-${worker}-${n}：建议明确夜间公交线路的安全员配置标准。`,
        publishName: false,
        lang: 'zh',
      });
    const acknowledged = new Set<string>();
    const post = (url: string, phase: string, record: boolean) => async (worker: number, n: number) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `${phase}-${worker}-${n}` },
        body: body(worker, n, phase),
      });
      const answer = (await response.json()) as { receipt?: string };
      if (response.status !== 202) return false;
      if (record && typeof answer.receipt === 'string') acknowledged.add(answer.receipt);
      return true;
    };
    const commentsUrl = `${base}/api/consultations/transit-safety-2026/comments`;
    await runLoad(post(commentsUrl, 'warm', false), { concurrency: 4, durationMs: 3000 });
    const echoResult = await runLoad(post(`http://127.0.0.1:${echoPort}/echo`, 'echo', false), options);
    const api = await runLoad(post(commentsUrl, 'load', true), options);

    // Count afterwards, from the table itself.
    const doc = DynamoDBDocumentClient.from(db.client);
    const receipts = new Map<string, number>();
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new ScanCommand({ TableName: TABLE, ConsistentRead: true, ExclusiveStartKey: start }),
      );
      for (const item of page.Items ?? []) {
        if (item.entity === 'comment' && String(item.body).startsWith('负载load-')) {
          const receipt = String(item.receipt);
          receipts.set(receipt, (receipts.get(receipt) ?? 0) + 1);
        }
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    const bodies = receipts.size;
    const lost = [...acknowledged].filter((r) => !receipts.has(r)).length;
    const duplicated = [...receipts.values()].filter((n) => n > 1).length;
    return { api, echo: echoResult, acknowledged: acknowledged.size, stored: bodies, lost, duplicated };
  } finally {
    echoServer?.close();
    if (child?.pid !== undefined && child.exitCode === null) {
      const exited = new Promise((r) => child?.once('exit', r));
      process.kill(-child.pid, 'SIGINT');
      await exited;
    }
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
