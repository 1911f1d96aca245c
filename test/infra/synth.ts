import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import cdkJson from '../../cdk.json' with { type: 'json' };
import { apiDocsScriptHashes } from '../../infra/api-docs.ts';
import { addComplianceChecks } from '../../infra/checks.ts';
import type { Deployment } from '../../infra/deployment.ts';
import type { SignIn } from '../../infra/sign-in.ts';
import { YijianStack } from '../../infra/yijian-stack.ts';
import type { FunctionConfig } from '../../shared/config.ts';

export interface SynthesizedYijian {
  readonly app: App;
  readonly stack: YijianStack;
  readonly template: Template;
}

/** The inline script of the stand-in site, whose hash the site's CSP must carry. */
export const STAND_IN_INLINE_SCRIPT = "document.documentElement.lang = 'zh-CN';";

/**
 * Builds the stack as `infra/app.ts` does (same feature flags from cdk.json, same cdk-nag checks) around
 * a tiny stand-in site. Synthesis bundles the functions with esbuild: call it once per test file.
 */
export async function synthesizeYijian(
  deployment?: Deployment,
  functionConfig?: FunctionConfig,
  signIn?: SignIn,
  webAclArn?: string,
): Promise<SynthesizedYijian> {
  const siteDir = mkdtempSync(join(tmpdir(), 'yijian-site-'));
  writeFileSync(
    join(siteDir, 'index.html'),
    `<!doctype html><title>Yijian</title><script>${STAND_IN_INLINE_SCRIPT}</script>` +
      '<script type="application/json" id="site-data">{}</script>',
  );
  const app = new App({ context: cdkJson.context, outdir: mkdtempSync(join(tmpdir(), 'yijian-cdk-out-')) });
  const stack = new YijianStack(app, 'Yijian', {
    siteDir,
    apiDocsScriptHashes: await apiDocsScriptHashes(),
    ...(deployment === undefined ? {} : { deployment }),
    ...(functionConfig === undefined ? {} : { functionConfig }),
    ...(signIn === undefined ? {} : { signIn }),
    ...(webAclArn === undefined ? {} : { webAclArn }),
    ...(deployment === undefined || deployment.kind === 'agnostic'
      ? {}
      : { env: { region: deployment.region, account: '111122223333' } }),
  });
  addComplianceChecks(app);
  // Synthesis fails here if cdk-nag reports a finding that is neither fixed nor acknowledged.
  const template = Template.fromStack(stack);
  return { app, stack, template };
}

/** The statements of every IAM policy in the template, with Action and Resource as arrays. */
export function policyStatements(
  template: Template,
): { Effect: string; Action: string[]; Resource: unknown[]; Condition?: unknown; policy: string }[] {
  const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);
  return Object.entries(template.findResources('AWS::IAM::Policy')).flatMap(([policy, resource]) =>
    (
      resource.Properties.PolicyDocument.Statement as {
        Effect: string;
        Action: unknown;
        Resource: unknown;
        Condition?: unknown;
      }[]
    ).map((s) => ({
      Effect: s.Effect,
      Action: asArray(s.Action).map(String),
      Resource: asArray(s.Resource),
      ...(s.Condition === undefined ? {} : { Condition: s.Condition }),
      policy,
    })),
  );
}
