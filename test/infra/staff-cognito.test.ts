import type { Template } from 'aws-cdk-lib/assertions';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionNamed, secretLookingValues, signInSecrets } from './staff-support.ts';
import { synthesizeYijian } from './synth.ts';

// Cognito in a global region, as `-c region=eu-central-1 -c allowOutsideChina=true -c signIn=cognito`.
let template: Template;

beforeAll(async () => {
  ({ template } = await synthesizeYijian({ kind: 'global', region: 'eu-central-1' }, undefined, {
    provider: 'cognito',
    domainPrefix: 'yijian-demo',
  }));
});

describe('staff sign-in with Cognito', () => {
  it('has a user pool without self sign-up, with TOTP MFA required, and the three staff groups', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Schema: Match.arrayWith([Match.objectLike({ Name: 'office', AttributeDataType: 'String' })]),
    });
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map(
      (g) => g.Properties.GroupName,
    );
    expect(groups.sort()).toEqual(['admin', 'drafter', 'moderator']);
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'yijian-demo' });
  });

  it('has an app client for the code flow only, without a secret, redirecting to the staff API', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'profile'],
      CallbackURLs: [
        {
          'Fn::Join': [
            '',
            ['https://', { 'Fn::GetAtt': [Match.anyValue(), 'DomainName'] }, '/api/staff/auth/callback'],
          ],
        },
      ],
    });
  });

  it('tells the staff API to read roles from cognito:groups and office from custom:office, and skip the typ check', () => {
    const { fn } = functionNamed(template, 'Yijian staff API');
    const env = fn.Properties.Environment.Variables;
    const [clientId] = Object.keys(template.findResources('AWS::Cognito::UserPoolClient'));
    expect(env).toMatchObject({
      OIDC_ROLES_CLAIM: 'cognito:groups',
      OIDC_OFFICE_CLAIM: 'custom:office',
      OIDC_SCOPE: 'openid profile',
      OIDC_CLIENT_ID: { Ref: clientId },
      // Cognito access tokens carry client_id, no aud: bearer tokens fail closed against this audience.
      OIDC_AUDIENCE: { Ref: clientId },
      OIDC_ACCESS_TOKEN_TYPE: '',
      // https://cognito-idp.<region>.amazonaws.com/<pool id>, the pool's OIDC issuer.
      OIDC_ISSUER: {
        'Fn::GetAtt': [Object.keys(template.findResources('AWS::Cognito::UserPool'))[0], 'ProviderURL'],
      },
    });
    expect(env.OIDC_CLIENT_SECRET_ID).toBeUndefined();
    expect(secretLookingValues(template)).toEqual([]);
  });

  it('has no built-in issuer, its secrets or its routes', () => {
    expect(
      Object.keys(
        template.findResources('AWS::Lambda::Function', {
          Properties: { Description: Match.stringLikeRegexp('OpenID Connect issuer') },
        }),
      ),
    ).toEqual([]);
    expect(signInSecrets(template)).toEqual([]);
    template.resourceCountIs('Custom::YijianIssuerKeys', 0);
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties.RouteKey,
    );
    expect(routes.sort()).toEqual(['ANY /api/staff/{proxy+}', 'ANY /api/{proxy+}']);
  });

  it('uses the extension layer pinned for eu-central-1', () => {
    const { fn } = functionNamed(template, 'Yijian staff API');
    expect(fn.Properties.Layers).toContainEqual(
      'arn:aws:lambda:eu-central-1:187925254637:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:101',
    );
  });
});
