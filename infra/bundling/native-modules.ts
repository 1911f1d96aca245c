import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The Lambda functions run on arm64 Linux with glibc (infra/constructs/api-function.ts). */
export const LAMBDA_NATIVE_TARGET = 'linux-arm64-gnu';

const repoRoot = join(import.meta.dirname, '../..');

/**
 * Ships a napi-rs package (e.g. @node-rs/argon2, a native addon esbuild cannot bundle) next to the bundle:
 * its JavaScript loader from node_modules, and the build for arm64 Linux, which npm did not install on this
 * machine. The latter comes through npm's own client at the exact version the loader names
 * (`--prefer-offline`: from the npm cache when it holds the tarball).
 */
export function shipNativeModule(name: string, outdir: string): void {
  const source = join(repoRoot, 'node_modules', name);
  const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as {
    optionalDependencies?: Record<string, string>;
  };
  const binaryPackage = `${name}-${LAMBDA_NATIVE_TARGET}`;
  const version = manifest.optionalDependencies?.[binaryPackage];
  if (version === undefined) throw new Error(`${name} publishes no ${LAMBDA_NATIVE_TARGET} build`);
  const modules = join(outdir, 'node_modules');
  cpSync(source, join(modules, name), { recursive: true });
  const packDir = mkdtempSync(join(tmpdir(), 'yijian-native-'));
  execFileSync(
    'npm',
    ['pack', `${binaryPackage}@${version}`, '--prefer-offline', '--silent', '--pack-destination', packDir],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const [tarball] = readdirSync(packDir).filter((file) => file.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack gave no tarball for ${binaryPackage}@${version}`);
  const target = join(modules, binaryPackage);
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', join(packDir, tarball), '-C', target, '--strip-components=1']);
}
