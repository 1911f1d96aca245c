/**
 * `node infra/bundling/bundle-lambda.ts <entry.ts> <outdir> [native package…]`: what CDK runs at synthesis for each
 * function (esbuild plugins need esbuild's asynchronous API, which NodejsFunction's command-line
 * bundling cannot use).
 */
import { bundleLambda } from './lambda-bundle.ts';
import { shipNativeModule } from './native-modules.ts';

const [entry, outdir, ...nativeModules] = process.argv.slice(2);
if (entry === undefined || outdir === undefined) {
  console.error('usage: node infra/bundling/bundle-lambda.ts <entry.ts> <outdir>');
  process.exit(2);
}
await bundleLambda(entry, outdir, nativeModules);
for (const name of nativeModules) shipNativeModule(name, outdir);
