import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Deployment, DeploymentContextError, resolveDeployment } from '../../infra/deployment.ts';
import { policyStatements, type SynthesizedYijian, synthesizeYijian } from './synth.ts';

const DOMAIN = 'yijian.example.gov.cn';
const CERTIFICATE = 'ASCACKCEVSQ6C2EXAMPLE';
const china: Deployment = {
  kind: 'china',
  region: 'cn-north-1',
  site: { domain: DOMAIN, iamCertificateId: CERTIFICATE },
};

let synthesized: SynthesizedYijian;
let template: Template;

beforeAll(async () => {
  synthesized = await synthesizeYijian(china);
  template = synthesized.template;
});

const contextOf =
  (values: Record<string, string>) =>
  (key: string): unknown =>
    values[key];

describe('deployment context', () => {
  it.each([
    ['cn-north-1', 'Beijing'],
    ['cn-northwest-1', 'Ningxia'],
  ])('accepts %s (%s) with an ICP domain and an IAM certificate', (region) => {
    expect(resolveDeployment(contextOf({ region, domain: DOMAIN, iamCertificateId: CERTIFICATE }))).toEqual({
      kind: 'china',
      region,
      site: { domain: DOMAIN, iamCertificateId: CERTIFICATE },
    });
  });

  it.each(['eu-central-1', 'ap-east-1', 'us-east-1'])('refuses %s and says why (PIPL Art.36)', (region) => {
    const resolve = () => resolveDeployment(contextOf({ region }));
    expect(resolve).toThrow(DeploymentContextError);
    expect(resolve).toThrow(/mainland China \(PIPL Art\.36/);
    expect(resolve).toThrow('-c allowOutsideChina=true');
  });

  it('allows a region outside China when told so explicitly', () => {
    expect(resolveDeployment(contextOf({ region: 'eu-central-1', allowOutsideChina: 'true' }))).toEqual({
      kind: 'global',
      region: 'eu-central-1',
    });
  });

  it('stays environment-agnostic without a region', () => {
    expect(resolveDeployment(contextOf({}))).toEqual({ kind: 'agnostic', allowOutsideChina: false });
  });

  it.each([
    [{ region: 'cn-north-1' }, 'ICP-recorded domain'],
    [{ region: 'cn-north-1', domain: DOMAIN }, 'together'],
    [{ region: 'cn-north-1', domain: 'Not A Domain', iamCertificateId: CERTIFICATE }, 'DNS name'],
    [
      { region: 'cn-north-1', domain: DOMAIN, iamCertificateId: 'arn:aws-cn:acm:x' },
      'IAM server certificate id',
    ],
    [{ domain: DOMAIN, iamCertificateId: CERTIFICATE }, 'needs a region'],
    [{ region: 'beijing' }, 'not an AWS region'],
    [{ region: 'eu-central-1', allowOutsideChina: 'yes' }, 'true or false'],
  ])('refuses %j with a message naming the fix', (values, message) => {
    expect(() => resolveDeployment(contextOf(values))).toThrow(message);
  });
});

describe('China variant (cn-north-1)', () => {
  it('is pinned to the China region and partition', () => {
    expect(synthesized.stack.region).toBe('cn-north-1');
    expect(synthesized.stack.partition).toBe('aws-cn');
  });

  it('serves the ICP-recorded domain with the IAM server certificate', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: [DOMAIN],
        ViewerCertificate: {
          IamCertificateId: CERTIFICATE,
          SslSupportMethod: 'sni-only',
          MinimumProtocolVersion: 'TLSv1.2_2021',
        },
      }),
    });
    template.hasOutput('SiteUrl', { Value: `https://${DOMAIN}/` });
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
  });

  it('reaches the site bucket through an origin access identity, not origin access control', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 0);
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: Match.arrayWith([
          Match.objectLike({
            S3OriginConfig: {
              OriginAccessIdentity: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
            },
          }),
        ]),
      }),
    });
  });

  it('uses no cache or origin request policies, which CloudFront in China lacks, and forwards what the API reads', () => {
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
    const config = distribution?.Properties.DistributionConfig;
    const behaviors = [config.DefaultCacheBehavior, ...config.CacheBehaviors];
    for (const behavior of behaviors) {
      expect(behavior.CachePolicyId).toBeUndefined();
      expect(behavior.OriginRequestPolicyId).toBeUndefined();
      expect(behavior.ForwardedValues).toBeDefined();
    }
    expect(config.DefaultCacheBehavior.ForwardedValues).toEqual({
      QueryString: false,
      Cookies: { Forward: 'none' },
    });
    for (const api of config.CacheBehaviors) {
      // Consultation reads honour the API's Cache-Control (a few seconds); the rest is never cached.
      const maxTtl = api.PathPattern === '/api/consultations*' ? 60 : 0;
      expect(api).toMatchObject({ MinTTL: 0, DefaultTTL: 0, MaxTTL: maxTtl });
      expect(api.ForwardedValues.Headers).toEqual(
        expect.arrayContaining(['Content-Type', 'Idempotency-Key', 'X-Altcha']),
      );
      expect(api.ForwardedValues.Headers).not.toContain('Host');
    }
  });

  it('writes every ARN for the aws-cn partition, none for aws', () => {
    const text = JSON.stringify(template.toJSON());
    expect(text).not.toMatch(/arn:aws:/);
    expect(text).toMatch(/arn:aws-cn:/);
  });

  it('forwards the staff API’s cookie and X-Yijian-Staff header, and sends /oidc to the built-in issuer', () => {
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
    const behaviors = distribution?.Properties.DistributionConfig.CacheBehaviors;
    expect(behaviors.map((b: { PathPattern: string }) => b.PathPattern)).toEqual(
      expect.arrayContaining(['/api/*', '/oidc', '/oidc/*']),
    );
    expect(behaviors.map((b: { PathPattern: string }) => b.PathPattern)).toContain('/api/staff/*');
    for (const behavior of behaviors) {
      expect(behavior.ForwardedValues).toMatchObject({ QueryString: true, Cookies: { Forward: 'all' } });
      expect(behavior.ForwardedValues.Headers).toEqual(expect.arrayContaining(['X-Yijian-Staff', 'Origin']));
    }
    // Nothing of the staff side or the issuer is ever cached.
    for (const behavior of behaviors.filter((b: { PathPattern: string }) =>
      ['/api/staff/*', '/api/*', '/oidc', '/oidc/*'].includes(b.PathPattern),
    )) {
      expect(behavior).toMatchObject({ MinTTL: 0, DefaultTTL: 0, MaxTTL: 0 });
    }
  });

  it('gives the public API, staff and issuer functions the Beijing build of the secrets extension', () => {
    const layer =
      'arn:aws-cn:lambda:cn-north-1:287114880934:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:89';
    const withLayer = Object.values(template.findResources('AWS::Lambda::Function')).filter((fn) =>
      (fn.Properties.Layers ?? []).includes(layer),
    );
    expect(withLayer.map((fn) => fn.Properties.Description).sort()).toEqual([
      expect.stringMatching(/^Yijian built-in OpenID Connect issuer/),
      expect.stringMatching(/^Yijian public API/),
      expect.stringMatching(/^Yijian staff API/),
    ]);
  });

  it('has no Cognito user pool (the China regions offer none)', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
  });

  it('uses no CloudFront Function, a resource type CloudFormation lacks in the China regions', () => {
    template.resourceCountIs('AWS::CloudFront::Function', 0);
  });

  it('serves directory URLs by copying each page to the S3 key ending in a slash, after the site is deployed', () => {
    const [id, resource] = Object.entries(template.findResources('Custom::SiteDirectoryObjects'))[0] ?? [];
    expect(id).toBeDefined();
    const deployments = Object.keys(template.findResources('Custom::CDKBucketDeployment'));
    expect(deployments).toHaveLength(1);
    expect(resource?.DependsOn).toEqual(expect.arrayContaining(deployments));
    const bucketId = Object.keys(template.findResources('AWS::S3::Bucket')).find((b) =>
      b.startsWith('SiteBucket'),
    );
    expect(resource?.Properties.BucketName).toEqual({ Ref: bucketId });
    expect(resource?.Properties.SiteHash).toMatch(/^[0-9a-f]{64}$/);

    const writer = Object.entries(template.findResources('AWS::Lambda::Function')).find(
      ([logicalId]) => resource?.Properties.ServiceToken['Fn::GetAtt'][0] === logicalId,
    );
    expect(writer?.[1].Properties).toMatchObject({ Runtime: 'nodejs24.x', Handler: 'index.handler' });
    const statements = policyStatements(template).filter((s) => s.policy.startsWith('DirectoryObjects'));
    expect(statements.map(({ Action, Resource }) => ({ Action, Resource }))).toEqual([
      { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [expect.anything()] },
      { Action: ['s3:ListBucket'], Resource: [{ 'Fn::GetAtt': [bucketId, 'Arn'] }] },
      {
        Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
        Resource: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] }],
      },
    ]);
  });

  it('needs no residency rule: the region is fixed at synthesis', () => {
    expect(template.toJSON().Rules?.DataResidency).toBeUndefined();
  });
});
