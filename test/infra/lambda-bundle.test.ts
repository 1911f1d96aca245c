import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleLambda, LAMBDA_NODE_OPTIONS } from '../../infra/bundling/lambda-bundle.ts';

const ROOT = join(import.meta.dirname, '../..');
let bundle: string;
let source: string;

beforeAll(async () => {
  bundle = await bundleLambda(
    join(ROOT, 'functions/public-api/handler.ts'),
    mkdtempSync(join(tmpdir(), 'yijian-bundle-test-')),
  );
  source = readFileSync(bundle, 'utf8');
});

/** Runs the bundle's handler in a fresh Node process, as Lambda does, on one HTTP API v2 event. */
function invoke(
  method: string,
  path: string,
): { statusCode: number; body: string; headers: Record<string, string> } {
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'example.test' },
    requestContext: {
      requestId: 'r-1',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
    },
    isBase64Encoded: false,
  };
  const script =
    `const { handler } = await import(${JSON.stringify(bundle)});` +
    `const out = await handler(${JSON.stringify(event)}, { awsRequestId: 'a-1', functionName: 'f' });` +
    'process.stdout.write(JSON.stringify(out));';
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: {
      PATH: process.env.PATH,
      TABLE_NAME: 'yijian-test',
      // On AWS the function reads its key from Secrets Manager (ABUSE_KEY_SECRET_ID); without one it refuses.
      ABUSE_KEY: 'bundle-test-abuse-key-bundle-test-abuse-key',
      // No DynamoDB here: the lookup limit, counted in the table before the receipt is validated, is off.
      RATE_LIMIT_LOOKUPS_PER_MINUTE: '0',
      AWS_REGION: 'cn-north-1',
      LOG_LEVEL: 'SILENT',
      NODE_OPTIONS: LAMBDA_NODE_OPTIONS,
    },
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout);
}

describe('public API Lambda bundle', () => {
  it('stays within 640 KB', () => {
    expect(statSync(bundle).size).toBeLessThanOrEqual(640 * 1024);
  });

  it("takes credentials from Lambda's environment, without the SDK's default chain", () => {
    expect(source).toContain('@aws-sdk/credential-provider-env - fromEnv');
    expect(source).not.toContain('@aws-sdk/credential-provider-node - defaultProvider');
    expect(source).not.toContain('@aws-sdk/credential-provider-sso - fromSSO');
  });

  it("carries zod's English messages only", () => {
    // Distinctive words of zod's German and Chinese locales, as esbuild writes them (charset utf8).
    // (`includes`, not `toContain`: a failure would print the whole bundle.)
    expect(source.includes('Ungültige Eingabe')).toBe(false);
    expect(source.includes('无效输入')).toBe(false);
    expect(source.includes('Invalid input')).toBe(true);
  });

  it('loads Node built-ins through require, never through a hoisted ES import', () => {
    const esImports = [
      ...source.matchAll(/\bimport\s*(?:[\w${},\s*]+\s*from\s*)?["'](node:[\w/]+)["']/g),
    ].map((m) => m[1]);
    expect(esImports).toEqual(['node:module']);
  });

  it('serves the OpenAPI document and validates requests when bundled', () => {
    const doc = invoke('GET', '/api/openapi.json');
    expect(doc.statusCode).toBe(200);
    const paths = Object.keys(JSON.parse(doc.body).paths);
    expect(paths).toContain('/api/consultations/{id}/comments');
    // The handler wires reports of false attribution (issue 9 §5) into the deployed app.
    expect(paths).toContain('/api/consultations/{id}/comments/{commentId}/attribution-reports');
    expect(paths).toContain('/api/attribution-reports/{receipt}');

    const receipt = invoke('GET', '/api/comments/not-a-receipt');
    expect(receipt.statusCode).toBe(400);
    expect(receipt.headers['content-type']).toBe('application/problem+json');
  });
});
