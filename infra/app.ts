import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { assertBuiltSite } from './built-site.ts';
import { addComplianceChecks } from './checks.ts';
import { YijianStack } from './yijian-stack.ts';

const app = new App();
// `-c siteDir=<dir>` points at another build of the site (CI artefacts, checks without a build).
const siteDir: unknown = app.node.tryGetContext('siteDir');
let builtSite: string;
try {
  builtSite = assertBuiltSite(
    typeof siteDir === 'string' ? resolve(siteDir) : fileURLToPath(new URL('../site/dist', import.meta.url)),
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

// No env: the stack stays account-, region- and partition-agnostic and deploys wherever the CLI's
// credentials point, the AWS China regions included.
new YijianStack(app, 'Yijian', {
  description: 'Yijian (意见): public comment portal for draft regulations',
  siteDir: builtSite,
});
addComplianceChecks(app);
app.synth();
