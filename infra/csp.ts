/**
 * The Content-Security-Policies of the portal, built in one place: CloudFront sends them on AWS
 * (infra/yijian-stack.ts) and the local server sends the same (scripts/local/server.ts), so that the
 * end-to-end tests exercise what citizens get.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Directives both policies share: nothing from other origins (readers in mainland China, no trackers). */
const COMMON = [
  "default-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
] as const;

/**
 * The static site: scripts only from the site itself or inline scripts whose hash the build produced
 * (never 'unsafe-inline'). Styles keep 'unsafe-inline' because Astro inlines small stylesheets (and the
 * ALTCHA widget sets inline styles). Workers only from the site itself: the comment form's proof of work
 * runs in a worker file built from the `altcha` package (never a blob: or data: URL).
 */
export function sitePolicy(inlineScriptHashes: readonly string[]): string {
  return [
    ...COMMON,
    ['script-src', "'self'", ...inlineScriptHashes.map((h) => `'${h}'`)].join(' '),
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'",
  ].join('; ');
}

/**
 * The API reference (/api/docs, Scalar): its loader script from the site, its one inline start-up
 * script by hash, inline styles (Scalar injects them at run time) and fonts as data: URLs. Scalar's bundle
 * calls eval at start-up, so this page alone allows 'unsafe-eval': it evaluates only our own OpenAPI
 * document, takes no citizen input, and still may not load scripts from anywhere but the site itself.
 */
export function apiDocsPolicy(inlineScriptHashes: readonly string[]): string {
  return [
    ...COMMON,
    ['script-src', "'self'", "'unsafe-eval'", ...inlineScriptHashes.map((h) => `'${h}'`)].join(' '),
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
  ].join('; ');
}

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const NON_EXECUTABLE_TYPE = /\btype\s*=\s*["']?(application\/(ld\+)?json|text\/template)["']?/i;

/** `sha256-…` for every inline script of a page that a browser would run (JSON data blocks are not). */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const [, attributes = '', body = ''] of html.matchAll(SCRIPT)) {
    if (/\bsrc\s*=/i.test(attributes) || NON_EXECUTABLE_TYPE.test(attributes)) continue;
    hashes.add(`sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}`);
  }
  return [...hashes].sort();
}

/** The inline-script hashes of every page of a built site (one policy serves all pages). */
export function siteScriptHashes(siteDir: string): string[] {
  const hashes = new Set<string>();
  for (const entry of readdirSync(siteDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    for (const hash of inlineScriptHashes(readFileSync(join(entry.parentPath, entry.name), 'utf8'))) {
      hashes.add(hash);
    }
  }
  return [...hashes].sort();
}
