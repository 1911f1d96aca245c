import { describe, expect, it } from 'vitest';
import { ensureIssuerKeys, type SecretValues } from '../../../functions/issuer-keys/keys.ts';
import { IssuerSecrets } from '../../../functions/oidc-issuer/secrets.ts';

const targets = { issuerSecretId: 'issuer', clientSecretId: 'client' } as const;

function memorySecrets(initial: Record<string, string>) {
  const values = new Map(Object.entries(initial));
  const puts: string[] = [];
  const secrets: SecretValues = {
    async get(id) {
      return values.get(id);
    },
    async put(id, value) {
      puts.push(id);
      values.set(id, value);
    },
  };
  return { secrets, values, puts };
}

const CLIENT = JSON.stringify({ clientId: 'yijian-staff', clientSecret: 'c'.repeat(48) });

describe('issuer key generator (custom resource)', () => {
  it('replaces the placeholder with signing keys, cookie keys and the staff client secret', async () => {
    const store = memorySecrets({ issuer: 'RandomPlaceholder123', client: CLIENT });
    await expect(ensureIssuerKeys(store.secrets, targets)).resolves.toBe('generated');
    const written = IssuerSecrets.parse(JSON.parse(store.values.get('issuer') ?? ''));
    expect(written.clientSecret).toBe('c'.repeat(48));
    expect(written.jwks.keys.map((k) => k.alg)).toEqual(['RS256', 'ES256']);
    expect(store.puts).toEqual(['issuer']);
  });

  it('keeps existing keys on a repeated run (an update or a retried deployment)', async () => {
    const store = memorySecrets({ issuer: 'placeholder', client: CLIENT });
    await ensureIssuerKeys(store.secrets, targets);
    const first = store.values.get('issuer');
    await expect(ensureIssuerKeys(store.secrets, targets)).resolves.toBe('kept');
    expect(store.values.get('issuer')).toBe(first);
    expect(store.puts).toHaveLength(1);
  });

  it('follows a rotated client secret without replacing the signing keys', async () => {
    const store = memorySecrets({ issuer: 'placeholder', client: CLIENT });
    await ensureIssuerKeys(store.secrets, targets);
    const before = IssuerSecrets.parse(JSON.parse(store.values.get('issuer') ?? ''));
    store.values.set('client', JSON.stringify({ clientSecret: 'r'.repeat(48) }));
    await expect(ensureIssuerKeys(store.secrets, targets)).resolves.toBe('client-secret-updated');
    const after = IssuerSecrets.parse(JSON.parse(store.values.get('issuer') ?? ''));
    expect(after.jwks).toEqual(before.jwks);
    expect(after.cookieKeys).toEqual(before.cookieKeys);
    expect(after.clientSecret).toBe('r'.repeat(48));
  });

  it('fails, writing nothing, while the client secret has no value', async () => {
    const store = memorySecrets({ issuer: 'placeholder' });
    await expect(ensureIssuerKeys(store.secrets, targets)).rejects.toThrow('no value');
    expect(store.puts).toEqual([]);
  });
});

describe('issuer key generator: custom resource protocol', () => {
  it('answers CloudFormation on the response URL, with NoEcho, and touches no secret on Delete', async () => {
    const { createServer } = await import('node:http');
    const { handler } = await import('../../../functions/issuer-keys/handler.ts');
    const bodies: unknown[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        bodies.push({ method: req.method, body: JSON.parse(body) });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      await handler({
        RequestType: 'Delete',
        ResponseURL: `http://127.0.0.1:${port}/response`,
        StackId: 'stack',
        RequestId: 'request',
        LogicalResourceId: 'Keys',
        PhysicalResourceId: 'issuer-keys:arn',
        ResourceProperties: {
          ServiceToken: 'arn',
          IssuerSecretId: 'arn:issuer',
          ClientSecretId: 'arn:client',
        },
      });
    } finally {
      server.close();
    }
    expect(bodies).toEqual([
      {
        method: 'PUT',
        body: expect.objectContaining({
          Status: 'SUCCESS',
          PhysicalResourceId: 'issuer-keys:arn',
          RequestId: 'request',
          NoEcho: true,
        }),
      },
    ]);
  });
});
