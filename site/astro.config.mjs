// @ts-check
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';

/**
 * The API reference page (/api/docs) loads Scalar's standalone bundle. It is published with the site
 * instead of fetched from a CDN, so that the reference works offline in local mode and without third-party
 * requests in production.
 * @returns {import('astro').AstroIntegration}
 */
function apiReferenceAssets() {
  return {
    name: 'yijian-api-reference-assets',
    hooks: {
      'astro:build:done': async ({ dir }) => {
        const source = fileURLToPath(
          new URL('../node_modules/@scalar/api-reference/dist/browser/standalone.js', import.meta.url),
        );
        const target = join(fileURLToPath(dir), 'api-reference');
        await mkdir(target, { recursive: true });
        await copyFile(source, join(target, 'standalone.js'));
      },
    },
  };
}

// Fully static site: every page is prerendered; live data (window status, receipts) comes from the
// same-origin /api at run time through small client scripts.
export default defineConfig({
  output: 'static',
  trailingSlash: 'always',
  build: { format: 'directory' },
  // The site serves citizens in mainland China: no Google Fonts or other third-party requests.
  devToolbar: { enabled: false },
  integrations: [apiReferenceAssets()],
});
