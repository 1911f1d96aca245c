import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { readFunctionConfig } from '../shared/config.ts';
import { apiDocsScriptHashes } from './api-docs.ts';
import { assertBuiltSite } from './built-site.ts';
import { addComplianceChecks } from './checks.ts';
import { resolveDeployment } from './deployment.ts';
import { resolveParamsSecretsLayerArn } from './secrets-extension.ts';
import { resolveSignIn } from './sign-in.ts';
import { resolveWebAclArn } from './web-acl.ts';
import { YijianStack } from './yijian-stack.ts';

const app = new App();
const fail = (error: unknown): never => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
};
// `-c region=cn-north-1 -c domain=… -c iamCertificateId=…`: see README, "Deploy to AWS (China regions)".
const deployment = (() => {
  try {
    return resolveDeployment((key) => app.node.tryGetContext(key));
  } catch (error) {
    return fail(error);
  }
})();
// `-c signIn=builtin|cognito|external …` and `-c paramsSecretsLayerArn=…`: see README, "Staff sign-in on AWS".
const staffSide = (() => {
  try {
    const context = (key: string) => app.node.tryGetContext(key);
    return {
      signIn: resolveSignIn(context, deployment),
      paramsSecretsLayerArn: resolveParamsSecretsLayerArn(
        context('paramsSecretsLayerArn'),
        deployment.kind === 'agnostic' ? undefined : deployment.region,
      ),
    };
  } catch (error) {
    return fail(error);
  }
})();
// `-c webAclArn=<arn>` attaches a WAF web ACL made outside this stack (docs/decisions.md, limits).
const webAclArn = (() => {
  try {
    return resolveWebAclArn(app.node.tryGetContext('webAclArn'));
  } catch (error) {
    return fail(error);
  }
})();
// `-c siteDir=<dir>` points at another build of the site (CI artefacts, checks without a build).
const siteDir: unknown = app.node.tryGetContext('siteDir');
const builtSite = (() => {
  try {
    return assertBuiltSite(
      typeof siteDir === 'string'
        ? resolve(siteDir)
        : fileURLToPath(new URL('../site/dist', import.meta.url)),
    );
  } catch (error) {
    return fail(error);
  }
})();

// CONTACT_RETENTION_DAYS etc., read from the same environment as `npm run build:site` (the privacy notice).
const functionConfig = (() => {
  try {
    return readFunctionConfig(process.env);
  } catch (error) {
    return fail(error);
  }
})();

// Without -c region the stack stays account-, region- and partition-agnostic (for tests and checks); a
// CloudFormation rule in it still refuses a region outside mainland China.
new YijianStack(app, 'Yijian', {
  description: 'Yijian (意见): public comment portal for draft regulations',
  siteDir: builtSite,
  apiDocsScriptHashes: await apiDocsScriptHashes(),
  deployment,
  signIn: staffSide.signIn,
  ...(staffSide.paramsSecretsLayerArn === undefined
    ? {}
    : { paramsSecretsLayerArn: staffSide.paramsSecretsLayerArn }),
  functionConfig,
  ...(webAclArn === undefined ? {} : { webAclArn }),
  ...(deployment.kind === 'agnostic'
    ? {}
    : { env: { region: deployment.region, account: process.env.CDK_DEFAULT_ACCOUNT } }),
});
addComplianceChecks(app);
app.synth();
