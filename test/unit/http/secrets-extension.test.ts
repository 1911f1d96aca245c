import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readSecret,
  readViaSecretsExtension,
  secretsExtensionOf,
} from '../../../functions/http/secrets-extension.ts';
import { loadClientSecret } from '../../../functions/staff-api/secrets.ts';

// A stand-in for the extension on localhost: one secret with a current value and, for ROTATED only, a
// previous one; 400 for a stage that does not exist, as Secrets Manager answers.
const SECRET = 'arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:yijian/client-AbCdEf';
const ROTATED = 'arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:yijian/origin-AbCdEf';

describe('Parameters and Secrets extension client', () => {
  let port: number;
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    if (req.headers['x-aws-parameters-secrets-token'] !== 'session-token') {
      res.writeHead(401).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const id = url.searchParams.get('secretId');
    const stage = url.searchParams.get('versionStage');
    const value =
      stage === 'AWSCURRENT' && (id === SECRET || id === ROTATED)
        ? `{"clientSecret":"current of ${id === SECRET ? 'client' : 'origin'}"}`
        : stage === 'AWSPREVIOUS' && id === ROTATED
          ? 'previous'
          : undefined;
    if (value === undefined) {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"message":"no such version"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ Name: id, SecretString: value }));
  });
  const env = () => ({
    AWS_SESSION_TOKEN: 'session-token',
    PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(port),
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('asks the extension on its port with the function’s session token, for the current value', async () => {
    await expect(loadClientSecret({ secretId: SECRET }, readViaSecretsExtension(env()))).resolves.toBe(
      'current of client',
    );
    expect(seen.at(-1)?.url).toBe(
      `/secretsmanager/get?secretId=${encodeURIComponent(SECRET)}&versionStage=AWSCURRENT`,
    );
  });

  it('reads the previous value during a rotation, and none before the first', async () => {
    const extension = secretsExtensionOf(env());
    await expect(readSecret(extension, ROTATED, 'AWSPREVIOUS')).resolves.toBe('previous');
    await expect(readSecret(extension, SECRET, 'AWSPREVIOUS')).resolves.toBeUndefined();
  });

  it.each([
    ['a refused token', { AWS_SESSION_TOKEN: 'wrong' }, SECRET, 'answered 401'],
    ['a current value that does not exist', {}, 'arn:unknown', 'answered 400'],
  ])('fails with the status, not a value, for %s', async (_, override, secretId, message) => {
    const read = readViaSecretsExtension({ ...env(), ...override });
    const error = await read(secretId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toContain(message);
    expect(String(error)).not.toContain('current of');
  });

  it('listens on 2773 unless the environment says otherwise', () => {
    expect(secretsExtensionOf({}).port).toBe(2773);
    expect(secretsExtensionOf({ PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: '9000' }).port).toBe(9000);
  });
});
