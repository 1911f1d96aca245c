import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AllowedMethods,
  CachedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { GSI1, TABLE_KEYS } from '../shared/store/dynamodb/keys.ts';
import { ApiFunction } from './constructs/api-function.ts';

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

export interface YijianStackProps extends StackProps {
  /** Directory of the built static site (`site/dist`); deployed to the site bucket as it is. */
  readonly siteDir: string;
  /**
   * Entry of the public API function.
   * @default functions/public-api/handler.ts
   */
  readonly publicApiEntry?: string;
  /** @default 'INFO' */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
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
  public readonly distribution: Distribution;

  public constructor(scope: Construct, id: string, props: YijianStackProps) {
    super(scope, id, props);

    this.table = new TableV2(this, 'Table', {
      // Key names come from the module that owns the table's keys and access patterns.
      partitionKey: { name: TABLE_KEYS.pk, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sk, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: TABLE_KEYS.ttl,
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

    this.publicApi = new ApiFunction(this, 'PublicApi', {
      entry: props.publicApiEntry ?? `${repoRoot}functions/public-api/handler.ts`,
      description: 'Yijian public API: consultations, comment intake, receipts',
      logLevel: props.logLevel ?? 'INFO',
      logRetention: LOG_RETENTION,
      environment: { TABLE_NAME: this.table.tableName },
    });
    this.publicApi.grantTableAccess({
      tableArn: this.table.tableArn,
      tableActions: PUBLIC_API_TABLE_ACTIONS,
      indexArns: [`${this.table.tableArn}/index/${GSI1}`],
    });

    this.httpApi = this.createHttpApi();
    this.distribution = this.createSite(props.siteDir);

    new CfnOutput(this, 'SiteUrl', {
      description: 'The portal, served by CloudFront',
      value: `https://${this.distribution.distributionDomainName}/`,
    });
    new CfnOutput(this, 'ApiUrl', {
      description: 'The public API behind CloudFront (same origin as the site)',
      value: `https://${this.distribution.distributionDomainName}/api/`,
    });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
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
      // A first, coarse guard for the whole API; per-client limits live in the application.
      throttle: { rateLimit: 200, burstLimit: 400 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // Deliberately without $context.identity.sourceIp or the user agent: no personal data in logs.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTimeEpoch',
            method: '$context.httpMethod',
            path: '$context.path',
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
        'The public API serves anonymous citizens by design (reading drafts, commenting, receipt lookup); ' +
        'abuse is limited by stage throttling, per-client rate limits and proof of work in the application. ' +
        'Staff routes will live in a separate API that verifies OpenID Connect tokens.',
    });
    return api;
  }

  private createSite(siteDir: string): Distribution {
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

    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Yijian security headers',
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
        contentSecurityPolicy: {
          // Same-origin everything (the site calls /api on its own host; no third-party fonts or
          // scripts, which would also fail for readers in mainland China). Astro may inline small
          // scripts and styles, hence 'unsafe-inline'; workers from blob: serve the proof of work.
          contentSecurityPolicy: [
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
          ].join('; '),
          override: true,
        },
      },
    });

    // The site is built with `build.format: 'directory'` and trailing slashes: /consultations/x/ is
    // stored as consultations/x/index.html, and S3 behind OAC knows no index documents.
    const directoryIndex = new EdgeFunction(this, 'DirectoryIndex', {
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
    });

    const distribution = new Distribution(this, 'Distribution', {
      comment: 'Yijian public comment portal',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(siteBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachedMethods: CachedMethods.CACHE_GET_HEAD_OPTIONS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        compress: true,
        functionAssociations: [{ function: directoryIndex, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: apiOrigin,
          // An API client must not send a comment in clear text and be redirected afterwards.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: securityHeaders,
          compress: true,
        },
      },
    });
    Validations.of(distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'Public consultation is open to everyone; geo restriction is a deployment decision of the office.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'A WAF web ACL for CloudFront must live in us-east-1 (or be a separate China-region ACL), which a ' +
          'region-agnostic single stack cannot create; abuse is limited by HTTP API throttling, per-client ' +
          'rate limits and proof of work in the application.',
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
          'The distribution uses the default CloudFront certificate until a deployment adds its own domain ' +
          'and certificate (required in the China regions anyway, with an ICP-recorded domain); the API ' +
          'behaviour is HTTPS-only and origins use TLS 1.2.',
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
    new BucketDeployment(this, 'SiteDeployment', {
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
        `Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*`,
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

    return distribution;
  }
}
