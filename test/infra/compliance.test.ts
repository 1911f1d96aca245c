import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuiltSite } from '../../infra/built-site.ts';
import { type SynthesizedYijian, synthesizeYijian } from './synth.ts';

let synthesized: SynthesizedYijian;

beforeAll(async () => {
  synthesized = await synthesizeYijian();
});

const acknowledgementsOf = (construct: IConstruct): [string, string][] =>
  construct.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.entries(entry.data as Record<string, string>));

describe('cdk-nag AwsSolutions', () => {
  // cdk-nag 3 reports through CDK's validation plugins, not through annotations: synthesis in
  // beforeAll already fails on a finding; this names the findings when it does not.
  it('leaves no finding that is neither fixed nor acknowledged', () => {
    const report = new AwsSolutionsChecks().validateScope(synthesized.app);
    const findings = report.violations.map(
      (v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
  });

  it('acknowledges findings on the constructs concerned, each with a reason, never stack-wide', () => {
    const acknowledged = synthesized.stack.node
      .findAll()
      .flatMap((c) => acknowledgementsOf(c).map((a) => [c, a] as const));
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const [construct, [id, reason]] of acknowledged) {
      expect(construct, id).not.toBe(synthesized.stack);
      expect(reason.length, id).toBeGreaterThan(40);
    }
    expect(acknowledgementsOf(synthesized.app)).toEqual([]);
  });
});

describe('region and partition', () => {
  it('pins no account or region on the stack', () => {
    expect(synthesized.stack.environment).toBe('aws://unknown-account/unknown-region');
  });

  it('refuses, through CloudFormation itself, to deploy outside the China regions', () => {
    expect(synthesized.template.toJSON().Rules).toMatchObject({
      DataResidency: {
        Assertions: [
          {
            Assert: { 'Fn::Contains': [['cn-north-1', 'cn-northwest-1'], { Ref: 'AWS::Region' }] },
            AssertDescription: expect.stringContaining('PIPL Art.36'),
          },
        ],
      },
    });
  });

  it('hard-codes no region, partition or regional endpoint in the template (but in the residency rule and the extension layer table)', () => {
    // The Parameters and Secrets extension layer is published per region: a mapping keyed by region.
    const { Rules: _residency, Mappings: _layers, ...rest } = synthesized.template.toJSON();
    const text = JSON.stringify(rest);
    expect(text).not.toMatch(/\b(us|eu|ap|sa|ca|me|af|il|mx|cn)-(gov-)?[a-z]+-\d\b/);
    expect(text).not.toMatch(/arn:aws(-cn|-us-gov)?:/);
    expect(text).not.toMatch(/amazonaws\.com\.cn|execute-api\.[a-z]/);
  });
});

describe('built site', () => {
  it('refuses a site directory without index.html and says how to build it', () => {
    const empty = mkdtempSync(join(tmpdir(), 'yijian-empty-site-'));
    expect(() => assertBuiltSite(empty)).toThrow('run `npm run build:site` first');
  });

  it('accepts a directory holding index.html', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yijian-site-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    expect(assertBuiltSite(dir)).toBe(dir);
  });
});
