import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AllowedMethods, CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleLambda } from '../../infra/bundling/lambda-bundle.ts';
import { attributionKeys, keys } from '../../shared/store/dynamodb/keys.ts';
import { functionNamed, statementsOf } from './staff-support.ts';
import {
  policyStatements,
  STAND_IN_INLINE_SCRIPT,
  type SynthesizedYijian,
  synthesizeYijian,
} from './synth.ts';

let synthesized: SynthesizedYijian;
let template: Template;

beforeAll(async () => {
  synthesized = await synthesizeYijian();
  template = synthesized.template;
});

const onlyLogicalId = (resources: Record<string, unknown>): string => {
  const ids = Object.keys(resources);
  expect(ids).toHaveLength(1);
  return ids[0] ?? '';
};

describe('table', () => {
  it('is keyed by pk/sk strings, billed on demand, with TTL on expiresAt and the gsi1 index', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'gsi1pk', AttributeType: 'S' },
        { AttributeName: 'gsi1sk', AttributeType: 'S' },
      ]),
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: [
        {
          IndexName: 'gsi1',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
  });

  it('has point-in-time recovery and deletion protection, and survives stack deletion', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        Replicas: [
          Match.objectLike({
            Region: { Ref: 'AWS::Region' },
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      },
    });
  });
});

describe('public API function', () => {
  const publicApiFunction = () =>
    template.findResources('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp('^Yijian public API') },
    });

  it('runs on Node.js 24, arm64, with the table name and log level in its environment', () => {
    const tableId = onlyLogicalId(template.findResources('AWS::DynamoDB::GlobalTable'));
    onlyLogicalId(publicApiFunction());
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Environment: {
        Variables: {
          TABLE_NAME: { Ref: tableId },
          LOG_LEVEL: 'INFO',
          NODE_OPTIONS: '--enable-source-maps',
          COMMENT_SHARDS: '16',
          COUNTER_SHARDS: '8',
          CONTACT_RETENTION_DAYS: '180',
          IDEMPOTENCY_TTL_HOURS: '24',
        },
      },
    });
  });

  it('logs to its own log group, kept six months', () => {
    const [fn] = Object.values(publicApiFunction());
    const logGroupId = fn?.Properties.LoggingConfig.LogGroup.Ref as string;
    expect(template.findResources('AWS::Logs::LogGroup')[logGroupId]?.Properties).toEqual({
      RetentionInDays: 180,
    });
  });

  it('is bundled as an ES module with a source map and a require for CommonJS dependencies', () => {
    const [fn] = Object.values(publicApiFunction());
    const assetHash = String(fn?.Properties.Code.S3Key).replace(/\.zip$/, '');
    const bundleDir = join(synthesized.app.outdir, `asset.${assetHash}`);
    const bundle = readFileSync(join(bundleDir, 'index.mjs'), 'utf8');
    expect(bundle.startsWith("import { createRequire } from 'node:module';")).toBe(true);
    expect(bundle).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
    expect(existsSync(join(bundleDir, 'index.mjs.map'))).toBe(true);
  });

  it('ships byte for byte the bundle that `npm run bench -- bundle` measures', async () => {
    const [fn] = Object.values(publicApiFunction());
    const assetHash = String(fn?.Properties.Code.S3Key).replace(/\.zip$/, '');
    const shipped = readFileSync(join(synthesized.app.outdir, `asset.${assetHash}`, 'index.mjs'));
    const benched = await bundleLambda(
      join(import.meta.dirname, '../../functions/public-api/handler.ts'),
      mkdtempSync(join(tmpdir(), 'yijian-bench-bundle-')),
    );
    expect(shipped.equals(readFileSync(benched))).toBe(true);
  });
});

describe('IAM', () => {
  it('never grants dynamodb:* or DynamoDB actions on every resource', () => {
    const dynamo = policyStatements(template).filter((s) => s.Action.some((a) => a.startsWith('dynamodb:')));
    expect(dynamo.length).toBeGreaterThan(0);
    for (const statement of dynamo) {
      expect(statement.Action).not.toContain('dynamodb:*');
      expect(statement.Action.every((a) => !a.includes('*'))).toBe(true);
      expect(statement.Resource).not.toContain('*');
    }
  });

  it('gives the public API exactly the item actions it uses on the table, and Query on gsi1', () => {
    const tableId = onlyLogicalId(template.findResources('AWS::DynamoDB::GlobalTable'));
    const dynamo = policyStatements(template).filter(
      (s) =>
        s.policy.startsWith('PublicApi') &&
        s.Effect === 'Allow' &&
        s.Action.some((a) => a.startsWith('dynamodb:')),
    );
    expect(dynamo.map(({ Action, Resource }) => ({ Action: [...Action].sort(), Resource }))).toEqual([
      {
        Action: [
          'dynamodb:ConditionCheckItem',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:Query',
          'dynamodb:UpdateItem',
        ],
        Resource: [{ 'Fn::GetAtt': [tableId, 'Arn'] }],
      },
      {
        Action: ['dynamodb:Query'],
        Resource: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, '/index/gsi1']] }],
      },
    ]);
  });

  it('lets the public API put contact items but never read, update or delete one', () => {
    const tableId = onlyLogicalId(template.findResources('AWS::DynamoDB::GlobalTable'));
    const denied = policyStatements(template).filter(
      (s) => s.policy.startsWith('PublicApi') && s.Effect === 'Deny',
    );
    expect(denied).toEqual([
      expect.objectContaining({
        Action: expect.arrayContaining([
          'dynamodb:GetItem',
          'dynamodb:BatchGetItem',
          'dynamodb:Query',
          'dynamodb:Scan',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
          'dynamodb:ConditionCheckItem',
        ]),
        Resource: [{ 'Fn::GetAtt': [tableId, 'Arn'] }],
        Condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['CONTACT#*'] } },
      }),
      // Nor any item of the built-in issuer (accounts with password hashes, grants).
      expect.objectContaining({
        Condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['OIDC#*', 'STAFF#*'] } },
      }),
    ]);
    // The pattern must match the key the store writes contact details under.
    expect(keys.contact('cmt-1').pk).toMatch(/^CONTACT#/);
    // A reporter's contact (issue 9 §5) lives under the same prefix, so the same deny covers it.
    expect(attributionKeys.contact('report-1').pk).toMatch(/^CONTACT#/);
    expect(denied[0]?.Action).not.toContain('dynamodb:PutItem');
  });

  it('attaches no AWS managed policy to any role', () => {
    const roles = Object.values(template.findResources('AWS::IAM::Role'));
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe('HTTP API', () => {
  it('routes ANY /api/{proxy+} to the public API function', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /api/{proxy+}' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
  });

  it('throttles the default stage and writes access logs without client addresses', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    const format = String(stage?.Properties.AccessLogSettings.Format);
    expect(format).not.toMatch(/sourceIp|userAgent|identity/);
    // A path can hold a receipt (/api/comments/{receipt}); the route key never does.
    expect(JSON.parse(format)).toMatchObject({ routeKey: '$context.routeKey' });
    expect(format).not.toMatch(/\$context\.(path|resourcePath)\b/);
  });
});

describe('site', () => {
  it('keeps every bucket private, encrypted and reachable over TLS only', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    // Access logs, site, exports (issue 10 §4), search indexes (decision 18).
    expect(Object.keys(buckets)).toHaveLength(4);
    for (const bucket of Object.values(buckets)) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption).toBeDefined();
    }
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(4);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      );
    }
  });

  it('logs requests to the site bucket into the access log bucket', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^AccessLogBucket') } },
    });
  });

  it('serves the bucket through CloudFront with origin access control', () => {
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      }),
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        Origins: Match.arrayWith([
          Match.objectLike({ OriginAccessControlId: { 'Fn::GetAtt': [Match.anyValue(), 'Id'] } }),
        ]),
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          ResponseHeadersPolicyId: Match.anyValue(),
        }),
      }),
    });
  });

  it('sends /api/* uncached to the HTTP API with the headers the public API reads and the viewer address, never Host', () => {
    const policies = template.findResources('AWS::CloudFront::OriginRequestPolicy');
    const [policyId, policy] = Object.entries(policies)[0] ?? [];
    const headers: string[] = policy?.Properties.OriginRequestPolicyConfig.HeadersConfig.Headers ?? [];
    expect(policy?.Properties.OriginRequestPolicyConfig.HeadersConfig.HeaderBehavior).toBe('whitelist');
    expect(headers).toEqual(
      expect.arrayContaining(['CloudFront-Viewer-Address', 'Idempotency-Key', 'X-Altcha', 'Content-Type']),
    );
    expect(headers.map((h) => h.toLowerCase())).not.toContain('host');
    const apiBehavior = {
      AllowedMethods: AllowedMethods.ALLOW_ALL.methods,
      CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
      OriginRequestPolicyId: { Ref: policyId },
      ViewerProtocolPolicy: 'https-only',
    };
    const staffBehavior = {
      ...apiBehavior,
      OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
    };
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        // The API reference comes first: CloudFront takes the first pattern that matches.
        CacheBehaviors: [
          Match.objectLike({ PathPattern: '/api/docs', ...apiBehavior }),
          Match.objectLike({ PathPattern: '/api/consultations*', OriginRequestPolicyId: { Ref: policyId } }),
          // The staff API and the issuer read Authorization and OpenID Connect's headers: all but Host.
          Match.objectLike({ PathPattern: '/api/staff/*', ...staffBehavior }),
          Match.objectLike({ PathPattern: '/api/*', ...apiBehavior }),
          // The built-in issuer (the default staff sign-in) behind the same origin.
          Match.objectLike({ PathPattern: '/oidc', ...staffBehavior }),
          Match.objectLike({ PathPattern: '/oidc/*', ...staffBehavior }),
        ],
      }),
    });
  });

  it('caches consultation reads only as long as the API’s Cache-Control says, at most a minute', () => {
    const cachePolicies = template.findResources('AWS::CloudFront::CachePolicy');
    const [cacheId, cache] = Object.entries(cachePolicies)[0] ?? [];
    expect(cache?.Properties.CachePolicyConfig).toMatchObject({ MinTTL: 0, DefaultTTL: 0, MaxTTL: 60 });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: Match.arrayWith([
          Match.objectLike({
            PathPattern: '/api/consultations*',
            CachePolicyId: { Ref: cacheId },
            CachedMethods: ['GET', 'HEAD'],
            AllowedMethods: AllowedMethods.ALLOW_ALL.methods,
          }),
        ]),
      }),
    });
  });

  it('sends the API a secret X-Origin-Verify header by a dynamic reference, never the value itself', () => {
    const distribution = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0];
    const origins: {
      CustomOriginConfig?: unknown;
      OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[];
    }[] = distribution?.Properties.DistributionConfig.Origins ?? [];
    const api = origins.find((o) => o.CustomOriginConfig !== undefined);
    const header = api?.OriginCustomHeaders?.find((h) => h.HeaderName === 'X-Origin-Verify');
    const value = JSON.stringify(header?.HeaderValue);
    expect(value).toContain('{{resolve:secretsmanager:');
    const secrets = template.findResources('AWS::SecretsManager::Secret');
    const [secretId] =
      Object.entries(secrets).find(([, s]) => String(s.Properties.Description).includes('X-Origin-Verify')) ??
      [];
    expect(value).toContain(secretId);
    // Generated by Secrets Manager: the template holds no value.
    expect(secrets[secretId ?? '']?.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 48 });
    expect(secrets[secretId ?? '']?.Properties.SecretString).toBeUndefined();
  });

  it('lets the public API read its two secrets through the Parameters and Secrets extension, and nothing else', () => {
    const publicApi = functionNamed(template, 'Yijian public API');
    const env = publicApi.fn.Properties.Environment.Variables;
    expect(env).toMatchObject({
      ORIGIN_VERIFY_SECRET_ID: { Ref: expect.stringMatching(/^OriginVerifySecret/) },
      ABUSE_KEY_SECRET_ID: { Ref: expect.stringMatching(/^AbuseKeySecret/) },
    });
    // The same layer as the staff API's, from the one table of pinned layers (looked up by region here).
    const [secretsLayer, ...others] = publicApi.fn.Properties.Layers;
    expect(others).toEqual([]);
    expect(JSON.stringify(secretsLayer)).toContain('AWS-Parameters-and-Secrets-Lambda-Extension-Arm64');
    expect(functionNamed(template, 'Yijian staff API').fn.Properties.Layers).toContainEqual(secretsLayer);
    const secretReads = statementsOf(template, publicApi.id).filter((s) =>
      s.Action.some((a) => a.startsWith('secretsmanager:')),
    );
    const resources = secretReads.flatMap((s) => s.Resource);
    expect(resources).toHaveLength(2);
    expect(resources).toEqual(
      expect.arrayContaining([
        { Ref: env.ORIGIN_VERIFY_SECRET_ID.Ref },
        { Ref: env.ABUSE_KEY_SECRET_ID.Ref },
      ]),
    );
  });

  it('sends the site a CSP without inline scripts or workers, and the API reference its own', () => {
    const policies = template.findResources('AWS::CloudFront::ResponseHeadersPolicy');
    const cspOf = (comment: string) =>
      String(
        Object.values(policies).find((p) => p.Properties.ResponseHeadersPolicyConfig.Comment === comment)
          ?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy
          .ContentSecurityPolicy,
      );
    const site = cspOf('Yijian security headers');
    const docs = cspOf('Yijian API reference (Scalar) security headers');
    const hashOf = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(site).toContain(`script-src 'self' ${hashOf(STAND_IN_INLINE_SCRIPT)};`);
    for (const csp of [site, docs]) {
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(csp).not.toContain('blob:');
      expect(csp).toContain("frame-ancestors 'none'");
    }
    expect(site).not.toContain('unsafe-eval');
    // The comment form's proof-of-work worker, a file of the site itself.
    expect(site).toContain("worker-src 'self';");
    expect(docs).not.toContain('worker-src');
    expect(docs).toMatch(/script-src 'self' 'unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(docs).not.toBe(site);
    const distribution = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0];
    const [docsBehavior, apiBehavior] = distribution?.Properties.DistributionConfig.CacheBehaviors ?? [];
    expect(docsBehavior.ResponseHeadersPolicyId).not.toEqual(apiBehavior.ResponseHeadersPolicyId);
  });

  it('sends security headers with every response', () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 63_072_000 }),
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentSecurityPolicy: Match.objectLike({
            ContentSecurityPolicy: Match.stringLikeRegexp("frame-ancestors 'none'"),
          }),
        }),
      }),
    });
  });

  it('deploys the built site into the site bucket and invalidates the distribution', () => {
    const siteBucketId = Object.keys(
      template.findResources('AWS::S3::Bucket', { Properties: { LoggingConfiguration: Match.anyValue() } }),
    )[0];
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: siteBucketId },
      DistributionPaths: ['/*'],
    });
  });
});

describe('outputs', () => {
  it('names the site URL, the API URL and the table', () => {
    template.hasOutput('SiteUrl', {});
    template.hasOutput('ApiUrl', {});
    template.hasOutput('TableName', {});
  });
});
