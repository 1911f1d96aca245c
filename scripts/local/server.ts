import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { apiDocsPolicy, inlineScriptHashes, sitePolicy, siteScriptHashes } from '../../infra/csp.ts';

export interface LocalSiteOptions {
  /** The built static site (site/dist). */
  siteDir: string;
  /** Serves /api/*. */
  api: { fetch: (request: Request, env?: object) => Response | Promise<Response> };
}

/**
 * One origin for the built site and the API, as CloudFront gives on AWS: /api/* goes to the API app,
 * everything else is a static file (directories answer with their index.html).
 */
export function createLocalSite({ siteDir, api }: LocalSiteOptions): Hono {
  const app = new Hono();
  // The same Content-Security-Policies CloudFront sends (infra/csp.ts), so that e2e tests meet them.
  const siteCsp = sitePolicy(siteScriptHashes(siteDir));
  app.get('/api/docs', async () => {
    const response = await api.fetch(new Request('http://local/api/docs'));
    const html = await response.text();
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', apiDocsPolicy(inlineScriptHashes(html)));
    return new Response(html, { status: response.status, headers });
  });
  app.use('*', async (c, next) => {
    await next();
    if (c.req.path !== '/api/docs') c.res.headers.set('Content-Security-Policy', siteCsp);
  });
  // The env carries the socket (@hono/node-server's `incoming`): the API counts limits by its address.
  app.all('/api/*', (c) => api.fetch(c.req.raw, c.env ?? {}));
  app.all('/api', (c) => api.fetch(c.req.raw, c.env ?? {}));
  app.use('*', serveStatic({ root: relative(process.cwd(), siteDir) }));
  const notFoundFile = join(siteDir, '404.html');
  const notFoundPage = existsSync(notFoundFile) ? readFileSync(notFoundFile, 'utf8') : undefined;
  app.notFound((c) => (notFoundPage === undefined ? c.text('Not found', 404) : c.html(notFoundPage, 404)));
  return app;
}
