import type { IncomingMessage, ServerResponse } from 'node:http';
import serverless from 'serverless-http';
import type { Issuer } from './issuer.ts';
import { mountAt, type NodeHandler } from './node-mount.ts';

/**
 * The issuer as an API Gateway HTTP API (payload v2) handler. Requests reach it through CloudFront and API
 * Gateway, whose Host is not the public one, so the public origin is pinned: every URL the issuer writes
 * (discovery, redirects, cookie scope) names the address staff actually use.
 */
export function issuerLambdaHandler(issuer: Issuer) {
  const callback = issuer.provider.callback();
  const publicUrl = new URL(issuer.issuerUrl);
  const pinned: NodeHandler = (req, res) => {
    req.headers.host = publicUrl.host;
    req.headers['x-forwarded-host'] = publicUrl.host;
    req.headers['x-forwarded-proto'] = publicUrl.protocol.replace(':', '');
    return callback(req, res);
  };
  return serverless(
    mountAt(issuer.mountPath, () => pinned, notFound),
    { provider: 'aws' },
  );
}

function notFound(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404 }));
}
