import { describe, expect, it } from 'vitest';
import { type Deployment, DeploymentContextError } from '../../infra/deployment.ts';
import { paramsSecretsLayerArnOf, resolveParamsSecretsLayerArn } from '../../infra/secrets-extension.ts';
import { resolveSignIn } from '../../infra/sign-in.ts';

const china: Deployment = {
  kind: 'china',
  region: 'cn-north-1',
  site: { domain: 'yijian.example.gov.cn', iamCertificateId: 'ASCACKCEVSQ6C2EXAMPLE' },
};
const global: Deployment = { kind: 'global', region: 'eu-central-1' };
const contextOf = (values: Record<string, string>) => (key: string) => values[key];

describe('-c signIn', () => {
  it('defaults to the built-in issuer everywhere', () => {
    for (const deployment of [china, global, { kind: 'agnostic', allowOutsideChina: false } as const]) {
      expect(resolveSignIn(contextOf({}), deployment)).toEqual({ provider: 'builtin' });
    }
  });

  it('refuses Cognito in the China regions and in a region-less template, naming the alternatives', () => {
    for (const deployment of [china, { kind: 'agnostic', allowOutsideChina: true } as const]) {
      const resolve = () => resolveSignIn(contextOf({ signIn: 'cognito' }), deployment);
      expect(resolve).toThrow(DeploymentContextError);
      expect(resolve).toThrow(/not offered in the AWS China regions.*-c signIn=builtin/);
    }
  });

  it('accepts Cognito in a global region, with an optional domain prefix', () => {
    expect(
      resolveSignIn(contextOf({ signIn: 'cognito', cognitoDomainPrefix: 'yijian-demo' }), global),
    ).toEqual({
      provider: 'cognito',
      domainPrefix: 'yijian-demo',
    });
    expect(() =>
      resolveSignIn(contextOf({ signIn: 'cognito', cognitoDomainPrefix: 'Bad_Prefix' }), global),
    ).toThrow('domain prefix');
  });

  it('needs issuer, client id and secret for an external provider', () => {
    const full = {
      signIn: 'external',
      oidcIssuer: 'https://sso.example.gov.cn/realms/staff',
      oidcClientId: 'yijian',
      oidcClientSecretId: 'yijian/oidc-client',
    };
    expect(resolveSignIn(contextOf(full), china)).toEqual({
      provider: 'external',
      issuerUrl: full.oidcIssuer,
      clientId: 'yijian',
      clientSecretId: 'yijian/oidc-client',
    });
    for (const key of ['oidcIssuer', 'oidcClientId', 'oidcClientSecretId'] as const) {
      const { [key]: _left, ...rest } = full;
      expect(() => resolveSignIn(contextOf(rest), china)).toThrow(`-c ${key}=`);
    }
    expect(() =>
      resolveSignIn(contextOf({ ...full, oidcIssuer: 'http://sso.example.gov.cn' }), china),
    ).toThrow('https://');
  });

  it('refuses an unknown provider', () => {
    expect(() => resolveSignIn(contextOf({ signIn: 'ldap' }), china)).toThrow('builtin, cognito, external');
  });
});

describe('-c paramsSecretsLayerArn', () => {
  it('pins the arm64 layer of each China region from its own publishing account', () => {
    expect(paramsSecretsLayerArnOf('cn-north-1')).toBe(
      'arn:aws-cn:lambda:cn-north-1:287114880934:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:89',
    );
    expect(paramsSecretsLayerArnOf('cn-northwest-1')).toBe(
      'arn:aws-cn:lambda:cn-northwest-1:287310001119:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:83',
    );
  });

  it('takes an override, and refuses a region without a pinned layer unless given one', () => {
    const arn =
      'arn:aws:lambda:sa-east-1:933737806257:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:100';
    expect(resolveParamsSecretsLayerArn(arn, 'sa-east-1')).toBe(arn);
    expect(() => resolveParamsSecretsLayerArn(undefined, 'sa-east-1')).toThrow('-c paramsSecretsLayerArn=');
    expect(() => resolveParamsSecretsLayerArn('not-an-arn', 'cn-north-1')).toThrow('layer version ARN');
    expect(resolveParamsSecretsLayerArn(undefined, undefined)).toBeUndefined();
  });
});
