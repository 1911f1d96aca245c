import { fileURLToPath } from 'node:url';
import {
  Aws,
  CfnOutput,
  CfnRule,
  CustomResource,
  Duration,
  FileSystem,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CachedMethods,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  type CfnDistribution,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestCookieBehavior,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  OriginSslPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { AttributeType, Billing, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { type FunctionConfig, functionEnvironment, readFunctionConfig } from '../shared/config.ts';
import { GSI1, keys, TABLE_KEYS } from '../shared/store/dynamodb/keys.ts';
import { ApiFunction } from './constructs/api-function.ts';
import { ExportJobs } from './constructs/exports.ts';
import { SearchIndexing } from './constructs/search.ts';
import { paramsSecretsLayer } from './constructs/secrets-layer.ts';
import { addStaffSide, type StaffSide } from './constructs/staff-side.ts';
import { apiDocsPolicy, sitePolicy, siteScriptHashes } from './csp.ts';
import { CHINA_REGIONS, type Deployment, RESIDENCY_RULE_DESCRIPTION } from './deployment.ts';
import type { SignIn } from './sign-in.ts';

/**
 * DynamoDB actions the public API may use. Transactions need no action of their own: IAM checks each
 * item of a TransactWriteItems call against ConditionCheckItem, PutItem or UpdateItem.
 */
export const PUBLIC_API_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:ConditionCheckItem',
] as const;

/**
 * Contact details are written by the public API with the comment and read only by staff: the public
 * function may put `CONTACT#` items, never read, update or delete one (so that a bug or an injected
 * key in the public API cannot disclose them).
 */
export const CONTACT_KEY_PATTERN = `${keys.contact('').pk}*`;
export const PUBLIC_API_CONTACT_DENIED_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
] as const;

/**
 * Viewer headers the API reads. In the China regions CloudFront has no cache or origin request policies,
 * so the /api/* behaviour forwards these by the legacy settings (never Host, which API Gateway needs as
 * its own).
 */
export const API_FORWARDED_HEADERS = [
  'Accept',
  'Accept-Language',
  'Authorization',
  'Content-Type',
  'Idempotency-Key',
  'Origin',
  // Every non-GET staff request carries it (functions/staff-api); its absence answers 403.
  'X-Yijian-Staff',
  'X-Altcha',
] as const;

/** The header CloudFront adds to every request to the API, with a secret the functions check. */
export const ORIGIN_VERIFY_HEADER = 'X-Origin-Verify';
/** Consultation reads the API marks cacheable (`Cache-Control: public, max-age=15`). */
export const CACHEABLE_API_PATH = '/api/consultations*';
/** The staff API: uncached, with every viewer header but Host (functions/staff-api). */
export const STAFF_API_PATH = '/api/staff/*';

export interface YijianStackProps extends StackProps {
  /** Directory of the built static site (`site/dist`); deployed to the site bucket as it is. */
  readonly siteDir: string;
  /** Hashes of the inline scripts of the API reference page (see infra/api-docs.ts), for its CSP. */
  readonly apiDocsScriptHashes: readonly string[];
  /**
   * Entry of the public API function.
   * @default functions/public-api/handler.ts
   */
  readonly publicApiEntry?: string;
  /** @default 'INFO' */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * Shards, contact retention and idempotency window of the functions, read once by infra/app.ts from the
   * environment that also built the site (its privacy notice states the retention).
   * @default the defaults of shared/config.ts
   */
  readonly functionConfig?: FunctionConfig;
  /**
   * Where the stack goes (see infra/deployment.ts). The China variant serves its ICP-recorded domain with
   * an IAM server certificate, reaches the bucket through an origin access identity and uses no CloudFront
   * cache policies, none of which the China regions offer otherwise.
   * @default an environment-agnostic template that refuses to deploy outside the China regions
   */
  readonly deployment?: Deployment;
  /**
   * How staff sign in (infra/sign-in.ts, `-c signIn=…`).
   * @default the built-in issuer, the one provider that works in every partition
   */
  readonly signIn?: SignIn;
  /**
   * The AWS Parameters and Secrets Lambda extension layer (infra/secrets-extension.ts).
   * @default the pinned arm64 layer of the stack's region; for a region-less template, looked up by region
   */
  readonly paramsSecretsLayerArn?: string;
  /**
   * ARN of a WAF web ACL (scope CLOUDFRONT) with the rate-based rule that is the outer layer of the
   * limits. A CloudFront web ACL must be created in us-east-1 (global) or in the China regions' own WAF
   * console, outside this stack; see docs/decisions.md.
   * @default no web ACL
   */
  readonly webAclArn?: string;
}

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

// China's Cybersecurity Law (网络安全法 Art.21): network logs are kept for at least six months.
const LOG_RETENTION = RetentionDays.SIX_MONTHS;

/**
 * The whole Yijian deployment: one table, the public API behind an HTTP API, and the static site in a
 * private bucket, all served from one CloudFront distribution so that the site calls its API on the
 * same origin. Region- and partition-agnostic, so that it deploys to the AWS China regions as well.
 */
export class YijianStack extends Stack {
  public readonly table: TableV2;
  public readonly publicApi: ApiFunction;
  public readonly httpApi: HttpApi;
  public readonly originVerifySecret: Secret;
  public readonly abuseKeySecret: Secret;
  public readonly distribution: Distribution;
  public readonly deployment: Deployment;
  public readonly staff: StaffSide;
  /** Export jobs (issue 10 §4); the staff API function is given access with `exports.grantStaffApi`. */
  public readonly exports: ExportJobs;
  /** Full-text search (decision 18): the index bucket and the stream indexer; the staff API reads it. */
  public readonly search: SearchIndexing;

  public constructor(scope: Construct, id: string, props: YijianStackProps) {
    super(scope, id, props);
    this.deployment = props.deployment ?? { kind: 'agnostic', allowOutsideChina: false };
    if (this.deployment.kind === 'agnostic' && !this.deployment.allowOutsideChina) {
      // A template without a region could go anywhere the CLI's credentials point: CloudFormation itself
      // refuses it outside mainland China.
      new CfnRule(this, 'DataResidency', {
        assertions: [
          {
            assert: Fn.conditionContains([...CHINA_REGIONS], Aws.REGION),
            assertDescription: RESIDENCY_RULE_DESCRIPTION,
          },
        ],
      });
    }

    this.table = new TableV2(this, 'Table', {
      // Key names come from the module that owns the table's keys and access patterns.
      partitionKey: { name: TABLE_KEYS.pk, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sk, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: TABLE_KEYS.ttl,
      // Feeds the search indexer (decision 18): both images, so that a decision becomes an index update.
      dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES,
      globalSecondaryIndexes: [
        {
          indexName: GSI1,
          partitionKey: { name: TABLE_KEYS.gsi1pk, type: AttributeType.STRING },
          sortKey: { name: TABLE_KEYS.gsi1sk, type: AttributeType.STRING },
        },
      ],
      // Every comment received must stay accountable: never let a stack operation drop the table.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Generated by Secrets Manager, never in the template: CloudFront reads the origin-verify value through
    // a dynamic reference at deployment, the function through the Parameters and Secrets extension.
    this.originVerifySecret = new Secret(this, 'OriginVerifySecret', {
      description: 'Yijian: value of the X-Origin-Verify header CloudFront sends to the API',
      generateSecretString: { excludePunctuation: true, passwordLength: 48 },
    });
    this.abuseKeySecret = new Secret(this, 'AbuseKeySecret', {
      description: 'Yijian: key of proof-of-work challenge signatures and of the client-address salt',
      generateSecretString: { excludePunctuation: true, passwordLength: 64 },
    });
    for (const secret of [this.originVerifySecret, this.abuseKeySecret]) {
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Rotated by the documented procedure (docs/decisions.md): the origin-verify value must reach ' +
          'CloudFront by a redeployment, which a rotation Lambda cannot do; the functions accept the ' +
          'previous value meanwhile.',
      });
    }

    this.publicApi = new ApiFunction(this, 'PublicApi', {
      entry: props.publicApiEntry ?? `${repoRoot}functions/public-api/handler.ts`,
      description: 'Yijian public API: consultations, comment intake, receipts',
      logLevel: props.logLevel ?? 'INFO',
      logRetention: LOG_RETENTION,
      environment: {
        TABLE_NAME: this.table.tableName,
        ORIGIN_VERIFY_SECRET_ID: this.originVerifySecret.secretArn,
        ABUSE_KEY_SECRET_ID: this.abuseKeySecret.secretArn,
        ...functionEnvironment(props.functionConfig ?? readFunctionConfig({})),
      },
    });
    // Both secrets reach the function through the Parameters and Secrets extension, never the environment.
    this.publicApi.addLayers(paramsSecretsLayer(this, 'PublicApiSecretsLayer', props.paramsSecretsLayerArn));
    this.originVerifySecret.grantRead(this.publicApi);
    this.abuseKeySecret.grantRead(this.publicApi);
    this.publicApi.grantTableAccess({
      tableArn: this.table.tableArn,
      tableActions: PUBLIC_API_TABLE_ACTIONS,
      indexArns: [`${this.table.tableArn}/index/${GSI1}`],
    });
    this.publicApi.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: [...PUBLIC_API_CONTACT_DENIED_ACTIONS],
        resources: [this.table.tableArn],
        conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [CONTACT_KEY_PATTERN] } },
      }),
    );

    this.exports = new ExportJobs(this, 'Exports', {
      table: this.table,
      entry: `${repoRoot}functions/export/handler.ts`,
      environment: {
        TABLE_NAME: this.table.tableName,
        ...functionEnvironment(props.functionConfig ?? readFunctionConfig({})),
      },
      logRetention: LOG_RETENTION,
    });

    this.search = new SearchIndexing(this, 'Search', {
      table: this.table,
      entry: `${repoRoot}functions/search-indexer/handler.ts`,
      environment: {
        TABLE_NAME: this.table.tableName,
        ...functionEnvironment(props.functionConfig ?? readFunctionConfig({})),
      },
      logRetention: LOG_RETENTION,
    });

    this.httpApi = this.createHttpApi();
    const signIn = props.signIn ?? { provider: 'builtin' };
    this.distribution = this.createSite(
      props.siteDir,
      props.apiDocsScriptHashes,
      signIn.provider === 'builtin',
      props.webAclArn,
    );

    const siteDomain = this.siteDomain?.domain ?? this.distribution.distributionDomainName;
    this.staff = addStaffSide(this, {
      signIn,
      httpApi: this.httpApi,
      publicApi: this.publicApi,
      tableName: this.table.tableName,
      tableArn: this.table.tableArn,
      origin: `https://${siteDomain}`,
      paramsSecretsLayerArn: props.paramsSecretsLayerArn,
      logLevel: props.logLevel ?? 'INFO',
      logRetention: LOG_RETENTION,
      // Shards and retention must be the ones the public API writes with.
      sharedEnvironment: functionEnvironment(props.functionConfig ?? readFunctionConfig({})),
    });
    // The staff API starts export jobs and hands out their files (EXPORT#* items are within its table access).
    this.exports.grantStaffApi(this.staff.staffApi.function);
    const exportsBucket = `<${this.getLogicalId(this.exports.bucket.node.defaultChild as CfnBucket)}.Arn>`;
    Validations.of(this.staff.staffApi.function.role ?? this.staff.staffApi.function).acknowledge(
      ...[`${exportsBucket}/requests/*`, `${exportsBucket}/exports/*`].map((resource) => ({
        id: `AwsSolutions-IAM5[Resource::${resource}]`,
        reason:
          'The staff API writes one request object per export job and reads (presigns) the finished files; ' +
          'both prefixes hold keys made per job, and a deny keeps it from changing or deleting exports.',
      })),
    );
    // The staff API searches the indexes (and seeds one never fed); the public API is given no access.
    this.search.grantStaffApi(this.staff.staffApi.function);
    Validations.of(this.staff.staffApi.function.role ?? this.staff.staffApi.function).acknowledge(
      ...this.search.staffApiAcknowledgements(),
    );
    new CfnOutput(this, 'SiteUrl', {
      description: 'The portal, served by CloudFront',
      value: `https://${siteDomain}/`,
    });
    new CfnOutput(this, 'ApiUrl', {
      description: 'The public API behind CloudFront (same origin as the site)',
      value: `https://${siteDomain}/api/`,
    });
    new CfnOutput(this, 'DistributionDomainName', {
      description: 'Point the DNS record (CNAME) of the site domain here',
      value: this.distribution.distributionDomainName,
    });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
  }

  /** How cdk-nag names a pseudo parameter in its findings: the literal once synthesis knows it. */
  private nagName(value: string, pseudo: 'Partition' | 'AccountId' | 'Region'): string {
    return Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value;
  }

  private get siteDomain() {
    return this.deployment.kind === 'agnostic' ? undefined : this.deployment.site;
  }

  private createHttpApi(): HttpApi {
    const api = new HttpApi(this, 'HttpApi', {
      description: 'Yijian public API (reached through CloudFront at /api/*)',
      createDefaultStage: false,
    });
    api.addRoutes({
      path: '/api/{proxy+}',
      methods: [HttpMethod.ANY],
      integration: new HttpLambdaIntegration('PublicApiIntegration', this.publicApi),
    });

    const accessLogs = new LogGroup(this, 'HttpApiAccessLogs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new HttpStage(this, 'HttpApiDefaultStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      // An account-wide ceiling for the whole API; the per-client and per-consultation limits are counted by
      // the function itself (shared/abuse/limits.ts), since a stage knows no client.
      throttle: { rateLimit: 200, burstLimit: 400 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // Deliberately without $context.identity.sourceIp or the user agent: no personal data in logs.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTimeEpoch',
            method: '$context.httpMethod',
            // The route, never $context.path: a path can hold a receipt, which identifies a comment.
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationStatus: '$context.integrationStatus',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            error: '$context.error.message',
          }),
        ),
      },
    });

    Validations.of(api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'The public API serves anonymous citizens by design (reading drafts, commenting, receipt lookup). ' +
        'What protects it: the function refuses any request without the X-Origin-Verify secret that only ' +
        'CloudFront sends, so the API is reached through CloudFront alone (and its web ACL when webAclArn ' +
        'is set); per-client and per-consultation limits counted in DynamoDB, proof of work and a honeypot ' +
        'on comment intake, stage throttling (200 requests/s, burst 400), a 64 KiB body limit, strict ' +
        'validation and idempotent intake. Staff routes (/api/staff/*) and the built-in issuer ' +
        'authenticate in the function with OpenID Connect sessions or bearer tokens.',
    });
    return api;
  }

  /** HSTS, nosniff, no framing, a referrer policy and the given Content-Security-Policy. */
  private securityHeaders(id: string, comment: string, contentSecurityPolicy: string): ResponseHeadersPolicy {
    return new ResponseHeadersPolicy(this, id, {
      comment,
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        contentSecurityPolicy: { contentSecurityPolicy, override: true },
      },
    });
  }

  /** The security headers of the site, but the CSP and referrer policy, which the issuer sets per page. */
  private oidcHeaders(): ResponseHeadersPolicy {
    return new ResponseHeadersPolicy(this, 'OidcSecurityHeaders', {
      comment: 'Yijian built-in OIDC issuer security headers',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      },
    });
  }

  private createSite(
    siteDir: string,
    apiDocsScriptHashes: readonly string[],
    builtInIssuer: boolean,
    webAclArn: string | undefined,
  ): Distribution {
    const accessLogBucket = new Bucket(this, 'AccessLogBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // S3 server access logging delivers only to buckets encrypted with S3-managed keys.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const siteBucket = new Bucket(this, 'SiteBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogBucket,
      serverAccessLogsPrefix: 'site-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const siteHeaders = this.securityHeaders(
      'SecurityHeaders',
      'Yijian security headers',
      sitePolicy(siteScriptHashes(siteDir)),
    );
    const apiDocsHeaders = this.securityHeaders(
      'ApiDocsSecurityHeaders',
      'Yijian API reference (Scalar) security headers',
      apiDocsPolicy(apiDocsScriptHashes),
    );

    // The site is built with `build.format: 'directory'` and trailing slashes: /consultations/x/ is
    // stored as consultations/x/index.html, and S3 behind OAC knows no index documents.
    const inChina = this.deployment.kind === 'china';
    // CloudFront Functions do not exist in the China regions (CloudFormation has no AWS::CloudFront::Function
    // there); see docs/decisions.md for what directory URLs need there.
    const directoryIndex = inChina
      ? undefined
      : new EdgeFunction(this, 'DirectoryIndex', {
          comment: 'Serve index.html for directory URLs',
          runtime: FunctionRuntime.JS_2_0,
          code: FunctionCode.fromInline(
            [
              'function handler(event) {',
              '  var request = event.request;',
              "  if (request.uri.endsWith('/')) { request.uri += 'index.html'; }",
              "  else if (!request.uri.split('/').pop().includes('.')) { request.uri += '/index.html'; }",
              '  return request;',
              '}',
            ].join('\n'),
          ),
        });

    const apiOrigin = new HttpOrigin(Fn.select(2, Fn.split('/', this.httpApi.apiEndpoint)), {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      // `{{resolve:secretsmanager:…}}`: CloudFormation resolves it at deployment; the template holds none.
      customHeaders: { [ORIGIN_VERIFY_HEADER]: this.originVerifySecret.secretValue.unsafeUnwrap() },
    });

    // The viewer headers the API reads and the viewer's address (per-client limits), never Host (API
    // Gateway needs its own). CloudFront-Viewer-Address can only be forwarded by an origin request policy.
    const apiRequests = inChina
      ? OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER
      : new OriginRequestPolicy(this, 'ApiOriginRequests', {
          comment: 'Yijian API: the headers it reads and the viewer address',
          // Authorization cannot be in an origin request policy (CloudFront forwards it by cache policy); the
          // public API reads none.
          headerBehavior: OriginRequestHeaderBehavior.allowList(
            ...API_FORWARDED_HEADERS.filter((header) => header !== 'Authorization'),
            'CloudFront-Viewer-Address',
          ),
          queryStringBehavior: OriginRequestQueryStringBehavior.all(),
          cookieBehavior: OriginRequestCookieBehavior.all(),
        });
    const apiBehavior = {
      origin: apiOrigin,
      // An API client must not send a comment in clear text and be redirected afterwards.
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: apiRequests,
      compress: true,
    } as const;
    // The staff API and the built-in issuer read headers of their own (Authorization for bearer tokens and
    // the token endpoint's client authentication, OpenID Connect's Accept and cookies) and no viewer
    // address: every viewer header but Host.
    const staffBehavior = {
      ...apiBehavior,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    } as const;
    // Consultation reads are cached as long as the API says (a few seconds), so that a crowd reading a
    // draft's live status reaches the function once per edge and interval; nothing is cached without a
    // Cache-Control from the API (default TTL 0), and POSTs pass through uncached.
    const cachedReads = new CachePolicy(this, 'ApiCachedReads', {
      comment: 'Yijian API consultation reads: honour the API Cache-Control (max-age a few seconds)',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(60),
      headerBehavior: CacheHeaderBehavior.none(),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const additionalBehaviors = {
      '/api/docs': { ...apiBehavior, responseHeadersPolicy: apiDocsHeaders },
      [CACHEABLE_API_PATH]: {
        ...apiBehavior,
        cachePolicy: cachedReads,
        cachedMethods: CachedMethods.CACHE_GET_HEAD,
        responseHeadersPolicy: siteHeaders,
      },
      [STAFF_API_PATH]: { ...staffBehavior, responseHeadersPolicy: siteHeaders },
      '/api/*': { ...apiBehavior, responseHeadersPolicy: siteHeaders },
      // The built-in issuer sends its own Content-Security-Policy and Referrer-Policy with its pages.
      ...(builtInIssuer
        ? (() => {
            const oidc = { ...staffBehavior, responseHeadersPolicy: this.oidcHeaders() };
            return { '/oidc': oidc, '/oidc/*': oidc };
          })()
        : {}),
    };
    const distribution = new Distribution(this, 'Distribution', {
      comment: 'Yijian public comment portal',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        // CloudFront in the China regions offers origin access identities, not origin access control
        // (CloudFormation there rejects AWS::CloudFront::OriginAccessControl); see docs/decisions.md.
        origin: inChina
          ? S3BucketOrigin.withOriginAccessIdentity(siteBucket)
          : S3BucketOrigin.withOriginAccessControl(siteBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachedMethods: CachedMethods.CACHE_GET_HEAD_OPTIONS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: siteHeaders,
        compress: true,
        ...(directoryIndex === undefined
          ? {}
          : {
              functionAssociations: [
                { function: directoryIndex, eventType: FunctionEventType.VIEWER_REQUEST },
              ],
            }),
      },
      // Order matters: CloudFront takes the first pattern that matches, so /api/staff/* comes before /api/*.
      additionalBehaviors,
      ...(webAclArn === undefined ? {} : { webAclId: webAclArn }),
    });
    const cfnDistribution = distribution.node.defaultChild as CfnDistribution;
    const site = this.siteDomain;
    if (site !== undefined) {
      // The Distribution construct takes ACM certificates only; CloudFront in China has no ACM, so the
      // IAM server certificate goes into the template directly.
      cfnDistribution.addPropertyOverride('DistributionConfig.Aliases', [site.domain]);
      cfnDistribution.addPropertyOverride('DistributionConfig.ViewerCertificate', {
        IamCertificateId: site.iamCertificateId,
        SslSupportMethod: 'sni-only',
        MinimumProtocolVersion: 'TLSv1.2_2021',
      });
    }
    if (inChina) {
      // CloudFront in the China regions has no cache or origin request policies ("The parameter
      // CachePolicyId can't be set for this region"): the legacy forwarding settings say the same.
      cfnDistribution.addPropertyDeletionOverride('DistributionConfig.DefaultCacheBehavior.CachePolicyId');
      cfnDistribution.addPropertyOverride('DistributionConfig.DefaultCacheBehavior.ForwardedValues', {
        QueryString: false,
        Cookies: { Forward: 'none' },
      });
      for (const [index, pathPattern] of Object.keys(additionalBehaviors).entries()) {
        const behavior = `DistributionConfig.CacheBehaviors.${index}`;
        cfnDistribution.addPropertyDeletionOverride(`${behavior}.CachePolicyId`);
        cfnDistribution.addPropertyDeletionOverride(`${behavior}.OriginRequestPolicyId`);
        cfnDistribution.addPropertyOverride(`${behavior}.ForwardedValues`, {
          QueryString: true,
          Headers: [...API_FORWARDED_HEADERS],
          Cookies: { Forward: 'all' },
        });
        cfnDistribution.addPropertyOverride(`${behavior}.MinTTL`, 0);
        cfnDistribution.addPropertyOverride(`${behavior}.DefaultTTL`, 0);
        // The cached reads honour the API's Cache-Control up to a minute; the rest never cache.
        cfnDistribution.addPropertyOverride(
          `${behavior}.MaxTTL`,
          pathPattern === CACHEABLE_API_PATH ? 60 : 0,
        );
      }
    }
    if (inChina) {
      Validations.of(distribution).acknowledge({
        id: 'AwsSolutions-CFR7',
        reason:
          'CloudFront in the AWS China regions offers origin access identities, not origin access control ' +
          '(CloudFormation there rejects AWS::CloudFront::OriginAccessControl). The OAI gives the same ' +
          'protection for this bucket: it is private, SSE-S3 encrypted and readable only through CloudFront.',
      });
    }
    if (webAclArn === undefined) {
      Validations.of(distribution).acknowledge({
        id: 'AwsSolutions-CFR2',
        reason:
          'A web ACL for CloudFront is created outside this single-region stack (in us-east-1, or in the ' +
          "China regions' own WAF) and attached with webAclArn (-c webAclArn); this deployment names none. " +
          'Without it the API still counts per-client and per-consultation limits, asks for proof of work ' +
          'before intake, refuses requests that bypass CloudFront (X-Origin-Verify) and is throttled at its ' +
          'stage (200 requests/s, burst 400).',
      });
    }
    Validations.of(distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'Public consultation is open to everyone; geo restriction is a deployment decision of the office.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          "CloudFront access logs record every viewer's IP address and user agent, which the design keeps " +
          'out of all logs (PIPL data minimisation). Requests are logged without them in the HTTP API ' +
          'access log, and the site bucket has S3 server access logging.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          site === undefined
            ? 'This template uses the default CloudFront certificate because it names no domain; the China ' +
              'variant (-c domain, -c iamCertificateId) serves its ICP-recorded domain with TLSv1.2_2021. The ' +
              'API behaviour is HTTPS-only and origins use TLS 1.2.'
            : 'The viewer certificate is set in the template (an IAM server certificate with TLSv1.2_2021, ' +
              'sni-only), which cdk-nag does not see through the Distribution construct.',
      },
    );

    // BucketDeployment's handler is a CDK-provided Python function; give it a role of our own so that it
    // does not receive the AWSLambdaBasicExecutionRole managed policy.
    const deploymentLogs = new LogGroup(this, 'SiteDeploymentLogs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const deploymentRole = new Role(this, 'SiteDeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the built site into the site bucket',
    });
    deploymentRole.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [deploymentLogs.logGroupArn],
      }),
    );
    const siteDeployment = new BucketDeployment(this, 'SiteDeployment', {
      sources: [Source.asset(siteDir)],
      destinationBucket: siteBucket,
      distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
      role: deploymentRole,
      logGroup: deploymentLogs,
    });
    const grantedByBucketDeployment =
      'Granted by the aws-cdk-lib BucketDeployment construct, not chosen here: it reads the site asset ' +
      'from the CDK bootstrap bucket, replaces every object of the site bucket, and creates invalidations ' +
      '(granted on * by the construct). The role serves only that deployment handler, which runs during ' +
      'CloudFormation deployments and takes no outside input.';
    Validations.of(deploymentRole).acknowledge(
      ...[
        'Action::s3:GetBucket*',
        'Action::s3:GetObject*',
        'Action::s3:List*',
        'Action::s3:Abort*',
        'Action::s3:DeleteObject*',
        `Resource::arn:${this.nagName(this.partition, 'Partition')}:s3:::cdk-hnb659fds-assets-${this.nagName(this.account, 'AccountId')}-${this.nagName(this.region, 'Region')}/*`,
        `Resource::<${this.getLogicalId(siteBucket.node.defaultChild as CfnBucket)}.Arn>/*`,
        'Resource::*',
      ].map((finding) => ({ id: `AwsSolutions-IAM5[${finding}]`, reason: grantedByBucketDeployment })),
    );
    // The handler is a singleton function at stack level, not a child of the deployment.
    const deploymentHandler = this.node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (deploymentHandler === undefined) {
      throw new Error(
        'BucketDeployment created no handler function: aws-cdk-lib changed, review the acknowledgements',
      );
    }
    Validations.of(deploymentHandler).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'The Python runtime of the BucketDeployment handler is chosen by aws-cdk-lib, not by this app.',
    });
    if (inChina) this.addDirectoryObjects(siteBucket, siteDeployment, siteDir);

    return distribution;
  }

  /**
   * Without a CloudFront Function (none in the China regions), `/consultations/x/` reaches S3 as the key
   * `consultations/x/`: after every site deployment a custom resource copies each `…/index.html` to the key
   * ending in `/` (docs/decisions.md, "China-region variant and data residency").
   */
  private addDirectoryObjects(siteBucket: Bucket, siteDeployment: BucketDeployment, siteDir: string): void {
    const writer = new ApiFunction(this, 'DirectoryObjects', {
      entry: `${repoRoot}infra/directory-objects/handler.ts`,
      description: 'Copies each page of the site to the S3 key of its directory URL (China variant)',
      logRetention: LOG_RETENTION,
      timeout: Duration.minutes(5),
    });
    writer.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [siteBucket.bucketArn] }),
    );
    writer.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [siteBucket.arnForObjects('*')],
      }),
    );
    // ApiFunction's role is a sibling of the function, holding the policy.
    Validations.of(writer.role ?? writer).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(siteBucket.node.defaultChild as CfnBucket)}.Arn>/*]`,
      reason:
        'The function copies every page of the site bucket to its directory key and removes stale ones; ' +
        'the pages are every object of that one bucket. It runs only during CloudFormation deployments.',
    });
    const directoryObjects = new CustomResource(this, 'SiteDirectoryObjects', {
      serviceToken: writer.functionArn,
      resourceType: 'Custom::SiteDirectoryObjects',
      properties: {
        BucketName: siteBucket.bucketName,
        // A new site build changes the hash, so the objects are written again after each deployment.
        SiteHash: FileSystem.fingerprint(siteDir),
      },
    });
    directoryObjects.node.addDependency(siteDeployment);
  }
}
