import type { IncomingMessage, ServerResponse } from 'node:http';

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * Routes requests under `prefix` to a Node handler (oidc-provider's Koa callback) and everything else to
 * `fallback`. The prefix is stripped and the full path kept as `req.originalUrl`, which is how oidc-provider
 * learns its mount path when it builds endpoint URLs. `handler` is read per request so that a server can
 * bind before the issuer exists.
 */
export function mountAt(
  prefix: string,
  handler: () => NodeHandler | undefined,
  fallback: NodeHandler,
): NodeHandler {
  return (req, res) => {
    const url = req.url ?? '/';
    const mounted = handler();
    const under = url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`);
    if (mounted === undefined || !under) return fallback(req, res);
    Object.assign(req, { originalUrl: url });
    const rest = url.slice(prefix.length);
    req.url = rest.startsWith('/') ? rest : `/${rest}`;
    return mounted(req, res);
  };
}
