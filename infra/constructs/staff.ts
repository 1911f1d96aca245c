import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Code, type ILayerVersion, LayerVersion, Runtime } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { GSI1, oidcKeys, staffAccountKey } from '../../shared/store/dynamodb/keys.ts';
import { ApiFunction } from './api-function.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * DynamoDB actions the staff API uses (shared/store/dynamodb/staff-*.ts, dynamodb-store.ts): Get/Put/Update/
 * Delete items and Query, on the table and on gsi1. TransactWriteItems needs no action of its own: IAM checks
 * each Put and Update in it. Contact details (`CONTACT#`) are readable here and nowhere else.
 */
export const STAFF_API_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:Query',
] as const;

/** The built-in issuer's own items (accounts with password hashes, OIDC grants): no other function touches them. */
export const ISSUER_KEY_PATTERNS = [
  `${oidcKeys.model('', '').pk.split('#')[0]}#*`,
  `${staffAccountKey('').pk}*`,
] as const;
export const ISSUER_ITEMS_DENIED_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
] as const;

/** Where the draft texts are mounted: the DraftContent layer's folders land under /opt. */
export const DRAFT_CONTENT_DIR = '/opt';

/** The OpenID Connect settings of the staff API (functions/staff-api, shared/config.ts StaffConfig). */
export interface StaffOidc {
  readonly issuer: string;
  readonly clientId: string;
  /** Read at run time through the secrets extension; absent for a public client (PKCE only). */
  readonly clientSecret?: ISecret;
  readonly rolesClaim?: string;
  readonly officeClaim?: string;
  readonly scope?: string;
  readonly audience?: string;
  /** `''` skips the `typ` check (Cognito access tokens carry none). */
  readonly accessTokenType?: string;
}

export interface StaffApiProps {
  readonly tableName: string;
  readonly tableArn: string;
  /** The public origin (https://domain), used for the redirect URI and the Origin check. */
  readonly origin: string;
  readonly oidc: StaffOidc;
  readonly secretsLayer: ILayerVersion;
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  readonly logRetention: RetentionDays;
  /** Shards, retention and idempotency settings the public API runs with (shared/config.ts). */
  readonly sharedEnvironment: Record<string, string>;
}

/** The staff API function (functions/staff-api/handler.ts) with its draft content, access and alarm. */
export class StaffApi extends Construct {
  public readonly function: ApiFunction;
  public readonly errorsAlarm: Alarm;

  public constructor(scope: Construct, id: string, props: StaffApiProps) {
    super(scope, id);
    // The imported drafts ship as a layer (site/src/content → /opt/drafts, /opt/consultations): the
    // bundle stays code only, and a new draft changes the layer, not the function's code.
    const drafts = new LayerVersion(this, 'DraftContent', {
      description: 'Yijian imported drafts and consultation entries (site/src/content) for the staff API',
      code: Code.fromAsset(`${repoRoot}site/src/content`),
      compatibleRuntimes: [Runtime.NODEJS_24_X],
    });
    const { oidc } = props;
    this.function = new ApiFunction(this, 'Function', {
      entry: `${repoRoot}functions/staff-api/handler.ts`,
      description: 'Yijian staff API: sign-in, moderation, audit, consultation windows',
      logLevel: props.logLevel,
      // Full-text search (decision 18): jieba segments the query, and the loaded indexes stay in memory
      // (about 1.5 KB per comment), hence more than the default memory.
      nativeModules: ['@node-rs/jieba'],
      memorySize: 1024,
      logRetention: props.logRetention,
      environment: {
        TABLE_NAME: props.tableName,
        ...props.sharedEnvironment,
        PUBLIC_ORIGIN: props.origin,
        OIDC_ISSUER: oidc.issuer,
        OIDC_CLIENT_ID: oidc.clientId,
        ...(oidc.clientSecret === undefined ? {} : { OIDC_CLIENT_SECRET_ID: oidc.clientSecret.secretArn }),
        ...(oidc.rolesClaim === undefined ? {} : { OIDC_ROLES_CLAIM: oidc.rolesClaim }),
        ...(oidc.officeClaim === undefined ? {} : { OIDC_OFFICE_CLAIM: oidc.officeClaim }),
        ...(oidc.scope === undefined ? {} : { OIDC_SCOPE: oidc.scope }),
        ...(oidc.audience === undefined ? {} : { OIDC_AUDIENCE: oidc.audience }),
        ...(oidc.accessTokenType === undefined ? {} : { OIDC_ACCESS_TOKEN_TYPE: oidc.accessTokenType }),
        DRAFT_CONTENT_DIR,
      },
    });
    this.function.addLayers(props.secretsLayer, drafts);
    this.function.grantTableAccess({
      tableArn: props.tableArn,
      tableActions: STAFF_API_TABLE_ACTIONS,
      indexArns: [`${props.tableArn}/index/${GSI1}`],
    });
    this.function.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: [...ISSUER_ITEMS_DENIED_ACTIONS],
        resources: [props.tableArn],
        conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [...ISSUER_KEY_PATTERNS] } },
      }),
    );
    oidc.clientSecret?.grantRead(this.function);
    this.errorsAlarm = errorsAlarm(this, this.function, 'Staff API');
  }
}

/** An alarm on any function error (unhandled exception, timeout) in five minutes. */
export function errorsAlarm(scope: Construct, fn: ApiFunction, name: string): Alarm {
  return new Alarm(scope, 'ErrorsAlarm', {
    alarmDescription: `${name} function failed (unhandled error or timeout)`,
    metric: fn.metricErrors({ period: Duration.minutes(5) }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}
