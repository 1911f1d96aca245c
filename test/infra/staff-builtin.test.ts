import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AllowedMethods, CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { beforeAll, describe, expect, it } from 'vitest';
import { STAFF_API_TABLE_ACTIONS } from '../../infra/constructs/staff.ts';
import { functionNamed, secretLookingValues, statementsOf } from './staff-support.ts';
import { type SynthesizedYijian, synthesizeYijian } from './synth.ts';

// The default: a region-less template with the built-in issuer (the only provider for every partition).
let synthesized: SynthesizedYijian;
let template: Template;

beforeAll(async () => {
  synthesized = await synthesizeYijian();
  template = synthesized.template;
});

const tableArn = () => ({
  'Fn::GetAtt': [Object.keys(template.findResources('AWS::DynamoDB::GlobalTable'))[0], 'Arn'],
});

describe('staff API function', () => {
  it('is routed at ANY /api/staff/{proxy+} on the HTTP API', () => {
    const { id } = functionNamed(template, 'Yijian staff API');
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /api/staff/{proxy+}' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationUri: { 'Fn::GetAtt': [id, 'Arn'] },
      PayloadFormatVersion: '2.0',
    });
  });

  it('is reached through CloudFront’s /api/staff/* behaviour: uncached, with cookies, query and every header but Host', () => {
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
    const behaviors: { PathPattern: string }[] = distribution?.Properties.DistributionConfig.CacheBehaviors;
    // CloudFront takes the first matching pattern: /api/staff/… must land on /api/staff/*, not on the
    // public API's /api/*, whose origin request policy forwards only the headers the public API reads.
    const first = behaviors.find((b) =>
      new RegExp(`^${b.PathPattern.replace('*', '.*')}$`).test('/api/staff/me'),
    );
    expect(first).toMatchObject({
      PathPattern: '/api/staff/*',
      AllowedMethods: AllowedMethods.ALLOW_ALL.methods,
      CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
      OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
    });
  });

  it('names the issuer, its client and the client secret by reference, never by value', () => {
    const { fn } = functionNamed(template, 'Yijian staff API');
    const env = fn.Properties.Environment.Variables;
    const [secretId] = Object.keys(
      template.findResources('AWS::SecretsManager::Secret', {
        Properties: { GenerateSecretString: Match.objectLike({ GenerateStringKey: 'clientSecret' }) },
      }),
    );
    expect(env).toMatchObject({
      OIDC_CLIENT_ID: 'yijian-staff',
      OIDC_CLIENT_SECRET_ID: { Ref: secretId },
      OIDC_ISSUER: {
        'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [expect.any(String), 'DomainName'] }, '/oidc']],
      },
      PUBLIC_ORIGIN: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [expect.any(String), 'DomainName'] }]] },
      DRAFT_CONTENT_DIR: '/opt',
    });
    expect(env.OIDC_CLIENT_SECRET).toBeUndefined();
    expect(secretLookingValues(template)).toEqual([]);
  });

  it('ships the draft content as a layer next to the secrets extension', () => {
    const { fn } = functionNamed(template, 'Yijian staff API');
    const layers: unknown[] = fn.Properties.Layers;
    expect(layers).toHaveLength(2);
    const [contentId, content] =
      Object.entries(
        template.findResources('AWS::Lambda::LayerVersion', {
          Properties: { Description: Match.stringLikeRegexp('drafts') },
        }),
      )[0] ?? [];
    expect(layers).toContainEqual({ Ref: contentId });
    expect(content?.Properties.Description).toMatch(/drafts/);
    const asset = String(content?.Properties.Content.S3Key).replace(/\.zip$/, '');
    const dir = join(synthesized.app.outdir, `asset.${asset}`);
    // contentDraftCatalog('/opt') reads /opt/drafts/<id>/v<n>.<lang>.json and /opt/consultations/*.json.
    expect(readdirSync(join(dir, 'drafts', 'transit-safety'))).toContain('v1.zh.json');
    expect(readdirSync(join(dir, 'consultations')).length).toBeGreaterThan(0);
    expect(layers).toContainEqual({
      'Fn::Join': [
        ':',
        [
          'arn',
          { Ref: 'AWS::Partition' },
          'lambda',
          { Ref: 'AWS::Region' },
          { 'Fn::FindInMap': ['ParamsSecretsLayers', { Ref: 'AWS::Region' }, 'account'] },
          'layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64',
          { 'Fn::FindInMap': ['ParamsSecretsLayers', { Ref: 'AWS::Region' }, 'version'] },
        ],
      ],
    });
    expect(template.toJSON().Mappings.ParamsSecretsLayers).toMatchObject({
      'cn-north-1': { account: '287114880934' },
      'cn-northwest-1': { account: '287310001119' },
    });
  });

  it('gets exactly the DynamoDB actions it uses, may read contact items, and never the issuer’s', () => {
    const { id } = functionNamed(template, 'Yijian staff API');
    const dynamo = statementsOf(template, id).filter((s) => s.Action.some((a) => a.startsWith('dynamodb:')));
    expect(
      dynamo.map(({ Effect, Action, Resource, Condition }) => ({
        Effect,
        Action: [...Action].sort(),
        Resource,
        Condition,
      })),
    ).toEqual([
      {
        Effect: 'Allow',
        Action: [...STAFF_API_TABLE_ACTIONS].sort(),
        Resource: [tableArn()],
        Condition: undefined,
      },
      {
        Effect: 'Allow',
        Action: ['dynamodb:Query'],
        Resource: [{ 'Fn::Join': ['', [tableArn(), '/index/gsi1']] }],
        Condition: undefined,
      },
      {
        Effect: 'Deny',
        Action: expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem']),
        Resource: [tableArn()],
        Condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['OIDC#*', 'STAFF#*'] } },
      },
    ]);
    const allowed = dynamo.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action);
    expect(allowed).not.toContain('dynamodb:Scan');
    expect(allowed).not.toContain('dynamodb:BatchGetItem');
  });

  it('is, with the export worker (internal exports carry contact details), the only function that may read contact items', () => {
    const readers = Object.keys(template.findResources('AWS::Lambda::Function')).filter((fnId) =>
      statementsOf(template, fnId).some(
        (s) =>
          s.Effect === 'Allow' &&
          s.Action.includes('dynamodb:GetItem') &&
          s.Condition === undefined &&
          JSON.stringify(s.Resource) === JSON.stringify([tableArn()]) &&
          !statementsOf(template, fnId).some(
            (d) => d.Effect === 'Deny' && JSON.stringify(d.Condition ?? '').includes('CONTACT#'),
          ),
      ),
    );
    expect(readers.sort()).toEqual(
      [
        functionNamed(template, 'Yijian staff API').id,
        functionNamed(template, 'Yijian export worker').id,
      ].sort(),
    );
  });

  it('raises an alarm on errors', () => {
    const { id } = functionNamed(template, 'Yijian staff API');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: id } }],
      Threshold: 1,
    });
  });
});

describe('built-in issuer', () => {
  it('is routed at ANY /oidc and ANY /oidc/{proxy+}, and CloudFront sends both there uncached', () => {
    const { id } = functionNamed(template, 'Yijian built-in OpenID Connect issuer');
    for (const RouteKey of ['ANY /oidc', 'ANY /oidc/{proxy+}']) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey });
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationUri: { 'Fn::GetAtt': [id, 'Arn'] },
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: Match.arrayWith(
          ['/oidc', '/oidc/*'].map((PathPattern) =>
            Match.objectLike({
              PathPattern,
              CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
              OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
            }),
          ),
        ),
      }),
    });
  });

  it('reads only its own OIDC# and STAFF# items and its own secret', () => {
    const { id, fn } = functionNamed(template, 'Yijian built-in OpenID Connect issuer');
    const statements = statementsOf(template, id);
    const dynamo = statements.filter((s) => s.Action.some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toHaveLength(1);
    expect(dynamo[0]).toMatchObject({
      Effect: 'Allow',
      Resource: [tableArn()],
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['OIDC#*', 'STAFF#*'] } },
    });
    const secrets = statements.filter((s) => s.Action.some((a) => a.startsWith('secretsmanager:')));
    expect(secrets).toEqual([
      expect.objectContaining({
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Resource: [fn.Properties.Environment.Variables.ISSUER_SECRET_ID],
      }),
    ]);
  });

  it('gets its keys from a custom resource at deployment; only the key generator may write the secret', () => {
    const { fn } = functionNamed(template, 'Yijian built-in OpenID Connect issuer');
    const issuerSecret = fn.Properties.Environment.Variables.ISSUER_SECRET_ID;
    const [keysId] = Object.keys(
      template.findResources('Custom::YijianIssuerKeys', {
        Properties: { IssuerSecretId: issuerSecret },
      }),
    );
    expect(keysId).toBeDefined();
    expect((fn as { DependsOn?: string[] }).DependsOn).toContain(keysId);
    const writers = Object.keys(template.findResources('AWS::Lambda::Function')).filter((fnId) =>
      statementsOf(template, fnId).some((s) => s.Action.includes('secretsmanager:PutSecretValue')),
    );
    expect(writers).toEqual([functionNamed(template, 'Yijian: fills the built-in issuer secret').id]);
    const [write] = statementsOf(template, writers[0] ?? '').filter((s) =>
      s.Action.includes('secretsmanager:PutSecretValue'),
    );
    expect(write?.Resource).toEqual([issuerSecret]);
  });

  it('ships argon2’s arm64 Linux build beside its bundle', () => {
    const { fn } = functionNamed(template, 'Yijian built-in OpenID Connect issuer');
    const dir = join(
      synthesized.app.outdir,
      `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`,
    );
    const binaries = readdirSync(join(dir, 'node_modules', '@node-rs', 'argon2-linux-arm64-gnu'));
    expect(binaries).toContain('argon2.linux-arm64-gnu.node');
  });

  it('raises an alarm on errors', () => {
    const { id } = functionNamed(template, 'Yijian built-in OpenID Connect issuer');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: id } }],
    });
  });

  it('creates no Cognito user pool', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
  });
});
