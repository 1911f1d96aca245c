// @ts-check
import { defineConfig } from 'astro/config';

// Fully static site: every page is prerendered; live data (window status, receipts) comes from the
// same-origin /api at run time through small client scripts.
export default defineConfig({
  output: 'static',
  trailingSlash: 'always',
  build: { format: 'directory' },
  // The site serves citizens in mainland China: no Google Fonts or other third-party requests.
  devToolbar: { enabled: false },
});
