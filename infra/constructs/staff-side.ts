import { CfnOutput, type Stack } from 'aws-cdk-lib';
import { type HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { isSecretArn, type SignIn } from '../sign-in.ts';
import type { ApiFunction } from './api-function.ts';
import { StaffUserPool } from './cognito.ts';
import { BuiltInIssuer } from './issuer.ts';
import { paramsSecretsLayer } from './secrets-layer.ts';
import { ISSUER_ITEMS_DENIED_ACTIONS, ISSUER_KEY_PATTERNS, StaffApi, type StaffOidc } from './staff.ts';

export interface StaffSideProps {
  readonly signIn: SignIn;
  readonly httpApi: HttpApi;
  readonly publicApi: ApiFunction;
  readonly tableName: string;
  readonly tableArn: string;
  /** https://<site domain>, no path. */
  readonly origin: string;
  /** From infra/secrets-extension.ts; undefined: looked up by region at deploy time. */
  readonly paramsSecretsLayerArn: string | undefined;
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  readonly logRetention: RetentionDays;
  /** Shards, retention and idempotency settings the public API runs with (shared/config.ts). */
  readonly sharedEnvironment: Record<string, string>;
}

export interface StaffSide {
  readonly staffApi: StaffApi;
  readonly issuer?: BuiltInIssuer;
  readonly userPool?: StaffUserPool;
}

/**
 * Issue 8 §6: the staff API and the chosen sign-in provider, routed on the HTTP API (`/api/staff/{proxy+}`,
 * and `/oidc`, `/oidc/{proxy+}` for the built-in issuer). CloudFront reaches them through its `/api/*` and
 * `/oidc*` behaviours (infra/yijian-stack.ts).
 */
export function addStaffSide(stack: Stack, props: StaffSideProps): StaffSide {
  const layer = (id: string) => paramsSecretsLayer(stack, id, props.paramsSecretsLayerArn);
  const common = {
    tableName: props.tableName,
    tableArn: props.tableArn,
    origin: props.origin,
    logLevel: props.logLevel,
    logRetention: props.logRetention,
  };
  const { signIn } = props;
  let issuer: BuiltInIssuer | undefined;
  let userPool: StaffUserPool | undefined;
  let oidc: StaffOidc;
  if (signIn.provider === 'builtin') {
    issuer = new BuiltInIssuer(stack, 'OidcIssuer', { ...common, secretsLayer: layer('IssuerSecretsLayer') });
    oidc = { issuer: issuer.issuerUrl, clientId: issuer.clientId, clientSecret: issuer.clientSecret };
    const integration = new HttpLambdaIntegration('OidcIssuerIntegration', issuer.function);
    props.httpApi.addRoutes({ path: '/oidc', methods: [HttpMethod.ANY], integration });
    props.httpApi.addRoutes({ path: '/oidc/{proxy+}', methods: [HttpMethod.ANY], integration });
  } else if (signIn.provider === 'cognito') {
    userPool = new StaffUserPool(stack, 'StaffUserPool', {
      origin: props.origin,
      ...(signIn.domainPrefix === undefined ? {} : { domainPrefix: signIn.domainPrefix }),
    });
    oidc = userPool.oidc;
    new CfnOutput(stack, 'StaffUserPoolId', {
      description: 'Create staff users here and add them to the groups admin, moderator or drafter',
      value: userPool.userPool.userPoolId,
    });
  } else {
    const clientSecret: ISecret = isSecretArn(signIn.clientSecretId)
      ? Secret.fromSecretCompleteArn(stack, 'ExternalOidcClientSecret', signIn.clientSecretId)
      : Secret.fromSecretNameV2(stack, 'ExternalOidcClientSecret', signIn.clientSecretId);
    oidc = {
      issuer: signIn.issuerUrl,
      clientId: signIn.clientId,
      clientSecret,
      ...(signIn.rolesClaim === undefined ? {} : { rolesClaim: signIn.rolesClaim }),
      ...(signIn.officeClaim === undefined ? {} : { officeClaim: signIn.officeClaim }),
      ...(signIn.scope === undefined ? {} : { scope: signIn.scope }),
    };
  }

  const staffApi = new StaffApi(stack, 'StaffApi', {
    ...common,
    sharedEnvironment: props.sharedEnvironment,
    oidc,
    secretsLayer: layer('StaffSecretsLayer'),
  });
  props.httpApi.addRoutes({
    path: '/api/staff/{proxy+}',
    methods: [HttpMethod.ANY],
    integration: new HttpLambdaIntegration('StaffApiIntegration', staffApi.function),
  });
  // The public API has no business with the issuer's items (password hashes, grants) either.
  props.publicApi.addToRolePolicy(
    new PolicyStatement({
      effect: Effect.DENY,
      actions: [...ISSUER_ITEMS_DENIED_ACTIONS],
      resources: [props.tableArn],
      conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [...ISSUER_KEY_PATTERNS] } },
    }),
  );
  new CfnOutput(stack, 'StaffConsoleUrl', {
    description: 'The staff console (sign-in with the chosen provider)',
    value: `${props.origin}/staff/`,
  });
  return {
    staffApi,
    ...(issuer === undefined ? {} : { issuer }),
    ...(userPool === undefined ? {} : { userPool }),
  };
}
