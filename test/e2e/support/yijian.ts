import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../../..');

/**
 * For the tests of staff features that seed dozens or hundreds of comments through the API from this one
 * address: without proof of work and per-client limits, which test/e2e/abuse.spec.ts tries with the defaults.
 */
export const SEEDED_THROUGH_THE_API = {
  PROOF_OF_WORK: 'off',
  RATE_LIMIT_COMMENTS_PER_MINUTE: '0',
  RATE_LIMIT_COMMENTS_PER_HOUR: '0',
  RATE_LIMIT_LOOKUPS_PER_MINUTE: '0',
} as const;

/** The real `npm start`, in its own process group so that stopping it also stops DynamoDB Local. */
export class Yijian {
  readonly port: number;
  readonly dataDir: string;
  /** Configuration besides the defaults (e.g. {@link SEEDED_THROUGH_THE_API}). */
  readonly env: Readonly<Record<string, string>>;
  #child: ChildProcess | undefined;
  output = '';

  constructor(
    port: number,
    dataDir = mkdtempSync(join(tmpdir(), 'yijian-e2e-')),
    env: Readonly<Record<string, string>> = {},
  ) {
    this.port = port;
    this.dataDir = dataDir;
    this.env = env;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn('npm', ['start'], {
      cwd: ROOT,
      env: { ...process.env, ...this.env, PORT: String(this.port), YIJIAN_DATA_DIR: this.dataDir },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    child.stdout?.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
    });
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`npm start exited early:\n${this.output}`);
      const ready = await fetch(`${this.baseUrl}/api/health`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ready && this.output.includes('Yijian 意见征集 is running')) return;
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`npm start did not become ready:\n${this.output}`);
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (child?.pid === undefined || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(-child.pid, 'SIGINT');
    const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    // DynamoDB Local is a grandchild; give it a moment to release its files.
    await waitUntilClosed(this.baseUrl);
  }

  /** Runs a second `npm start` on the same port and returns its exit code and output. */
  async startSecondInstance(): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve) => {
      const child = spawn('npm', ['start'], {
        cwd: ROOT,
        env: {
          ...process.env,
          PORT: String(this.port),
          YIJIAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'yijian-e2e-2-')),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (c: Buffer) => {
        output += c.toString();
      });
      child.stderr?.on('data', (c: Buffer) => {
        output += c.toString();
      });
      child.once('exit', (code) => resolve({ code, output }));
    });
  }
}

async function waitUntilClosed(baseUrl: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const open = await fetch(`${baseUrl}/api/health`)
      .then(() => true)
      .catch(() => false);
    if (!open) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}
