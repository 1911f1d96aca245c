import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type ParamsAndSecretsLayerVersion, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** The access an {@link ApiFunction} needs to one DynamoDB table; nothing broader is ever granted. */
export interface TableAccess {
  /** ARN of the table. */
  readonly tableArn: string;
  /** Actions on the table itself, e.g. `dynamodb:GetItem`. */
  readonly tableActions: readonly string[];
  /** ARNs of the indexes the function queries (only `dynamodb:Query` is granted on them). */
  readonly indexArns?: readonly string[];
}

export interface ApiFunctionProps {
  /** Path of the TypeScript module exporting `handler`. */
  readonly entry: string;
  /** Shown in the Lambda console. */
  readonly description: string;
  /** Environment besides the defaults (`NODE_OPTIONS`, `LOG_LEVEL`). */
  readonly environment?: Record<string, string>;
  /** @default 'INFO' */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** @default 512 */
  readonly memorySize?: number;
  /** @default 10 seconds (an HTTP API waits at most 30 s for its integration) */
  readonly timeout?: Duration;
  /**
   * China's Cybersecurity Law (网络安全法 Art.21) asks network operators to keep network logs for at
   * least six months, hence the default.
   * @default RetentionDays.SIX_MONTHS
   */
  readonly logRetention?: RetentionDays;
  /** The AWS Parameters and Secrets Lambda extension, for functions that read secrets (no SDK client). */
  readonly paramsAndSecrets?: ParamsAndSecretsLayerVersion;
}

/**
 * Our one way to define a Lambda function: Node.js 24 on arm64, an ES module bundled by the local
 * esbuild (no Docker) with source maps, its own log group with a retention, and a role that may only
 * write to that log group until {@link ApiFunction.grantTableAccess} adds exactly the table actions the
 * function needs.
 */
export class ApiFunction extends NodejsFunction {
  public constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    // Retained on stack deletion, like the audit trail it is.
    const logGroup = new LogGroup(scope, `${id}LogGroup`, {
      retention: props.logRetention ?? RetentionDays.SIX_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // An own role instead of the AWSLambdaBasicExecutionRole managed policy, which may write to every
    // log group of the account.
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${id}`,
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );

    super(scope, id, {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role,
      logGroup,
      ...(props.paramsAndSecrets === undefined ? {} : { paramsAndSecrets: props.paramsAndSecrets }),
      environment: {
        // Stack traces point at the TypeScript sources.
        NODE_OPTIONS: '--enable-source-maps',
        LOG_LEVEL: props.logLevel ?? 'INFO',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        // CommonJS dependencies bundled into an ES module still call `require`.
        banner:
          "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // Bundle the AWS SDK too: the version we test is the version we run.
        externalModules: [],
        forceDockerBundling: false,
      },
    });
  }

  /** Grants exactly the listed DynamoDB actions on one table, and `dynamodb:Query` on the listed indexes. */
  public grantTableAccess(access: TableAccess): void {
    this.addToRolePolicy(
      new PolicyStatement({ actions: [...access.tableActions], resources: [access.tableArn] }),
    );
    if (access.indexArns !== undefined && access.indexArns.length > 0) {
      this.addToRolePolicy(
        new PolicyStatement({ actions: ['dynamodb:Query'], resources: [...access.indexArns] }),
      );
    }
  }
}
