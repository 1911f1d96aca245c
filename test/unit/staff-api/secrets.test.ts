import { describe, expect, it } from 'vitest';
import {
  clientSecretOf,
  loadClientSecret,
  readClientSecretSource,
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
