import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientSecretOf,
  loadClientSecret,
  readClientSecretSource,
  readViaSecretsExtension,
} from '../../../functions/staff-api/secrets.ts';

describe('OIDC client secret source', () => {
  it('takes the secret from the environment in local mode', async () => {
    const source = readClientSecretSource({ OIDC_CLIENT_SECRET: 'local-secret' });
    const read = async () => {
      throw new Error('must not be called');
    };
    await expect(loadClientSecret(source, read)).resolves.toBe('local-secret');
  });

  it('reads the named secret on AWS, and nothing for a public client', async () => {
    const asked: string[] = [];
    const read = async (id: string) => {
      asked.push(id);
      return JSON.stringify({ clientId: 'yijian-staff', clientSecret: 'from-secrets-manager' });
    };
    await expect(
      loadClientSecret(readClientSecretSource({ OIDC_CLIENT_SECRET_ID: 'arn:x' }), read),
    ).resolves.toBe('from-secrets-manager');
    expect(asked).toEqual(['arn:x']);
    await expect(loadClientSecret(readClientSecretSource({}), read)).resolves.toBeUndefined();
  });

  it('refuses both a value and a secret id', () => {
    expect(() => readClientSecretSource({ OIDC_CLIENT_SECRET: 'a', OIDC_CLIENT_SECRET_ID: 'b' })).toThrow(
      'not both',
    );
  });

  it('accepts the secret as JSON with clientSecret or as the bare value, and refuses anything else', () => {
    expect(clientSecretOf('{"clientSecret":"s3cr3t"}')).toBe('s3cr3t');
    expect(clientSecretOf('bare-secret-value')).toBe('bare-secret-value');
    expect(() => clientSecretOf('{"secret":"x"}')).toThrow('"clientSecret"');
    expect(() => clientSecretOf('   ')).toThrow('empty');
  });
});

describe('Parameters and Secrets extension client', () => {
  let port: number;
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    if (req.headers['x-aws-parameters-secrets-token'] !== 'session-token') {
      res.writeHead(401).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ Name: 'x', SecretString: '{"clientSecret":"via-extension"}' }));
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('asks the extension on its port with the function’s session token', async () => {
    const read = readViaSecretsExtension({
      AWS_SESSION_TOKEN: 'session-token',
      PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(port),
    });
    const secretId = 'arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:yijian/client-AbCdEf';
    await expect(loadClientSecret({ secretId }, read)).resolves.toBe('via-extension');
    expect(seen.at(-1)?.url).toBe(`/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`);
  });

  it('fails with the status, not the secret, when the extension refuses', async () => {
    const read = readViaSecretsExtension({
      AWS_SESSION_TOKEN: 'wrong',
      PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(port),
    });
    await expect(read('x')).rejects.toThrow('answered 401');
  });
});
