import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { LAMBDA_BUNDLE_FILE, LAMBDA_NODE_OPTIONS } from '../bundling/lambda-bundle.ts';

const BUNDLE_SCRIPT = join(import.meta.dirname, '../bundling/bundle-lambda.ts');

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
  /** napi-rs packages shipped beside the bundle for arm64 Linux (e.g. `@node-rs/argon2`). */
  readonly nativeModules?: readonly string[];
}

/**
 * Our one way to define a Lambda function: Node.js 24 on arm64, an ES module bundled by the local
 * esbuild (no Docker) with source maps, its own log group with a retention, and a role that may only
 * write to that log group until {@link ApiFunction.grantTableAccess} adds exactly the table actions the
 * function needs.
 *
 * The bundle is made by infra/bundling/bundle-lambda.ts with the options `npm run bench -- bundle`
 * measures (infra/bundling/lambda-bundle.ts); NodejsFunction cannot run esbuild plugins.
 */
export class ApiFunction extends LambdaFunction {
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

    // The bundle goes to a fresh directory; CDK stages it as the asset, hashed by its content.
    const outdir = mkdtempSync(join(tmpdir(), 'yijian-lambda-'));
    super(scope, id, {
      code: Code.fromCustomCommand(
        outdir,
        [process.execPath, BUNDLE_SCRIPT, props.entry, outdir, ...(props.nativeModules ?? [])],
        {
          commandOptions: { stdio: 'inherit' },
        },
      ),
      handler: `${LAMBDA_BUNDLE_FILE.replace(/\.mjs$/, '')}.handler`,
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role,
      logGroup,
      environment: {
        NODE_OPTIONS: LAMBDA_NODE_OPTIONS,
        LOG_LEVEL: props.logLevel ?? 'INFO',
        ...props.environment,
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
