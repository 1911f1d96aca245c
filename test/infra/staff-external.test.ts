import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionNamed, secretLookingValues, signInSecrets, statementsOf } from './staff-support.ts';
import { synthesizeYijian } from './synth.ts';

const SECRET_ARN = 'arn:aws-cn:secretsmanager:cn-northwest-1:111122223333:secret:yijian/oidc-client-AbCdEf';

// The office's own provider in Ningxia, as `-c signIn=external -c oidcIssuer=… -c oidcClientId=… -c oidcClientSecretId=…`.
let template: Template;

beforeAll(async () => {
  ({ template } = await synthesizeYijian(
    {
      kind: 'china',
      region: 'cn-northwest-1',
      site: { domain: 'yijian.example.gov.cn', iamCertificateId: 'ASCACKCEVSQ6C2EXAMPLE' },
    },
    undefined,
    {
      provider: 'external',
      issuerUrl: 'https://sso.example.gov.cn/realms/staff',
      clientId: 'yijian',
      clientSecretId: SECRET_ARN,
      rolesClaim: 'groups',
    },
  ));
});

describe('staff sign-in with an external OpenID Connect provider', () => {
  it('points the staff API at the issuer and names the operator’s secret by ARN', () => {
    const { fn } = functionNamed(template, 'Yijian staff API');
    expect(fn.Properties.Environment.Variables).toMatchObject({
      OIDC_ISSUER: 'https://sso.example.gov.cn/realms/staff',
      OIDC_CLIENT_ID: 'yijian',
      OIDC_CLIENT_SECRET_ID: SECRET_ARN,
      OIDC_ROLES_CLAIM: 'groups',
      PUBLIC_ORIGIN: 'https://yijian.example.gov.cn',
    });
    expect(secretLookingValues(template)).toEqual([]);
  });

  it('lets only the staff API read that secret', () => {
    const { id } = functionNamed(template, 'Yijian staff API');
    expect(
      statementsOf(template, id).filter((s) => s.Action.includes('secretsmanager:GetSecretValue')),
    ).toEqual([expect.objectContaining({ Resource: [SECRET_ARN] })]);
    const readers = Object.keys(template.findResources('AWS::Lambda::Function')).filter((fnId) =>
      statementsOf(template, fnId).some((s) => s.Resource.includes(SECRET_ARN)),
    );
    expect(readers).toEqual([id]);
  });

  it('creates no secret for sign-in, no issuer, no user pool', () => {
    expect(signInSecrets(template)).toEqual([]);
    template.resourceCountIs('Custom::YijianIssuerKeys', 0);
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
  });

  it('uses the Ningxia build of the extension layer (its own publishing account)', () => {
    const { fn } = functionNamed(template, 'Yijian staff API');
    expect(fn.Properties.Layers).toContainEqual(
      'arn:aws-cn:lambda:cn-northwest-1:287310001119:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:83',
    );
  });
});
