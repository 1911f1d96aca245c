import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { type BuildOptions, build, type Plugin } from 'esbuild';

/**
 * zod keeps every locale (about 250 KB of error messages in 40 languages) reachable through `z.locales`,
 * and @hono/zod-openapi passes the whole `z` namespace to zod-to-openapi, so tree shaking cannot drop
 * them. The API answers in its own words (field error codes the site translates), and zod's default
 * locale, English, is imported by zod's schemas directly; only the `locales` namespace is narrowed to it.
 */
export const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer)
        ? { path: 'zod-locales', namespace: 'zod-english-only' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, () => ({
      contents: 'export { default as en } from "zod/v4/locales/en.js";',
      resolveDir: import.meta.dirname,
    }));
  },
};

/**
 * Lambda always hands a function its role's credentials in environment variables, so the SDK's default
 * chain (shared files, SSO, web identity, container and instance metadata, about 90 KB with the STS/SSO
 * clients it carries) can never be reached there; the bundle resolves it to the environment provider alone.
 */
export const lambdaCredentialsFromEnv: Plugin = {
  name: 'lambda-credentials-from-env',
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
      path: 'credentials-from-env',
      namespace: 'lambda-credentials-from-env',
    }));
    build.onLoad({ filter: /.*/, namespace: 'lambda-credentials-from-env' }, () => ({
      contents: 'export { fromEnv as defaultProvider } from "@aws-sdk/credential-provider-env";',
      resolveDir: import.meta.dirname,
    }));
  },
};

const BUILTINS = new Set(builtinModules);

/**
 * In an ES module, `import … from 'node:http'` is hoisted to the top of the bundle and evaluated at
 * start-up even when only a lazily loaded part uses it (the SDK's instance-metadata credential provider),
 * and Node builds the ES-module facade of a built-in by reading every export: for `node:http` that loads
 * Node's whole fetch implementation (undici), about 30 ms of CPU. Through `require` (the banner's
 * `createRequire`) a built-in is loaded where it is used and without a facade.
 */
export const builtinsThroughRequire: Plugin = {
  name: 'builtins-through-require',
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z_0-9/]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (!BUILTINS.has(name) || args.namespace === 'builtin') return undefined;
      if (args.kind === 'require-call') return { path: `node:${name}`, external: true };
      return { path: name, namespace: 'builtin', sideEffects: false };
    });
    build.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(`node:${args.path}`)});`,
      loader: 'js',
    }));
  },
};

/**
 * The one esbuild configuration of every Lambda function: infra/constructs/api-function.ts bundles with it
 * and `npm run bench -- bundle` measures what it produces. An ES module for Node 24, minified, with the
 * AWS SDK bundled (the version we test is the version we run).
 */
export const LAMBDA_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  treeShaking: true,
  // Chinese text (the traditional→simplified table, messages) as UTF-8, not as six-byte \u escapes.
  charset: 'utf8',
  // CommonJS dependencies bundled into an ES module still call `require`, and so do the built-ins above.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  plugins: [zodEnglishOnly, lambdaCredentialsFromEnv, builtinsThroughRequire],
  logLevel: 'warning',
} as const satisfies BuildOptions;

/** Stack traces point at the TypeScript sources; costs start-up time, so the benchmark runs with it too. */
export const LAMBDA_NODE_OPTIONS = '--enable-source-maps';

/** The file name of the bundle; the function's handler is `index.handler`. */
export const LAMBDA_BUNDLE_FILE = 'index.mjs';

/** Bundles one handler into `<outdir>/index.mjs` and its source map, exactly as the stack deploys it. */
export async function bundleLambda(
  entry: string,
  outdir: string,
  /** Native addons left out of the bundle and shipped beside it (infra/bundling/native-modules.ts). */
  external: readonly string[] = [],
): Promise<string> {
  const outfile = join(outdir, LAMBDA_BUNDLE_FILE);
  await build({
    ...LAMBDA_BUNDLE_OPTIONS,
    external: [...external],
    entryPoints: [entry],
    outfile,
    sourcemap: true,
    sourcesContent: false,
  });
  return outfile;
}
