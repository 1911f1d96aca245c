import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDynamoDbLocal, startDynamoDbLocal } from '../../scripts/local/dynamodb-local.ts';

const SITE_ORIGIN = 'http://127.0.0.1:8600';
let db: RunningDynamoDbLocal;

beforeAll(async () => {
  db = await startDynamoDbLocal({ allowedOrigins: [SITE_ORIGIN] });
});

afterAll(async () => {
  db.client.destroy();
  await db.stop();
});

/** Every address of this machine that another machine could use to reach it (no loopback, no link-local). */
function externalAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    .filter((address) => !address.internal && !address.address.toLowerCase().startsWith('fe80:'))
    .map((address) => address.address);
}

/** Whether a TCP connection to host:port is accepted; a refusal or silence (a firewall) counts as not. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 3000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

function commandLineOf(pid: number): string {
  const proc = `/proc/${pid}/cmdline`;
  if (existsSync(proc)) return readFileSync(proc, 'utf8').split('\0').join(' ');
  return execFileSync('ps', ['-ww', '-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
}

/** A DynamoDB ListTables call sent by a browser page of `origin` (DynamoDB Local does not check signatures). */
function listTablesFrom(
  origin: string,
  host = new URL(db.endpoint).host,
): Promise<{ status: number; allowOrigin: string | undefined }> {
  const { port } = new URL(db.endpoint);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        headers: {
          Host: host,
          Origin: origin,
          'Content-Type': 'application/x-amz-json-1.0',
          'X-Amz-Target': 'DynamoDB_20120810.ListTables',
          Authorization:
            'AWS4-HMAC-SHA256 Credential=local/20260101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
        },
      },
      (res) => {
        res.resume();
        res.once('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            allowOrigin: res.headers['access-control-allow-origin'],
          }),
        );
      },
    );
    req.once('error', reject);
    req.end('{}');
  });
}

describe('DynamoDB Local as npm start and the tests run it', () => {
  it('answers on 127.0.0.1', async () => {
    const { port, hostname } = new URL(db.endpoint);

    const tables = await db.client.send(new ListTablesCommand({}));

    expect(hostname).toBe('127.0.0.1');
    expect(tables.TableNames).toBeDefined();
    expect(await accepts('127.0.0.1', Number(port))).toBe(true);
  });

  // Skipped only where the machine has no address but loopback; then there is nothing to reach it from.
  it.skipIf(externalAddresses().length === 0)(
    "is not reachable on the machine's other addresses",
    async () => {
      const port = Number(new URL(db.endpoint).port);

      const reachable = await Promise.all(
        externalAddresses().map(async (address) => [address, await accepts(address, port)] as const),
      );

      expect(reachable.filter(([, open]) => open)).toEqual([]);
    },
  );

  it('is started with telemetry disabled', () => {
    expect(db.pid).toBeDefined();

    const commandLine = commandLineOf(db.pid ?? 0);

    expect(commandLine).toContain(' -disableTelemetry');
    expect(commandLine).toMatch(new RegExp(` -cors ${SITE_ORIGIN}( |$)`));
  });

  it('allows CORS for the local origin only', async () => {
    const allowed = await listTablesFrom(SITE_ORIGIN);
    const other = await listTablesFrom('http://evil.example');

    expect(allowed).toEqual({ status: 200, allowOrigin: SITE_ORIGIN });
    expect(other.allowOrigin).toBeUndefined();
  });

  it('refuses a request naming another host, as a DNS-rebound page would', async () => {
    const { port } = new URL(db.endpoint);
    const rebound = `http://rebound.example:${port}`;

    const answer = await listTablesFrom(rebound, `rebound.example:${port}`);

    expect(answer.status).toBe(421);
  });

  it('refuses an allow-list entry that is not a bare origin', async () => {
    await expect(startDynamoDbLocal({ allowedOrigins: ['*'] })).rejects.toThrow(/bare origin/);
    await expect(
      startDynamoDbLocal({ allowedOrigins: ['http://127.0.0.1:8600,http://evil.example'] }),
    ).rejects.toThrow(/bare origin/);
  });
});
