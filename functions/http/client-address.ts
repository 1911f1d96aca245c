import type { Context } from 'hono';
import { viewerAddressOf } from '../../shared/abuse/client-key.ts';

/**
 * The client's address as the runtime saw it: on Lambda the HTTP API's `sourceIp`, under
 * @hono/node-server the socket's remote address. Behind CloudFront the source is CloudFront itself, so
 * the viewer's address is read from `CloudFront-Viewer-Address` — but only when `viaCdn` says the request
 * proved it came through CloudFront (the origin-verify header), since anyone can send that header.
 */
export function clientAddressOf(c: Context, viaCdn: boolean): string | undefined {
  if (viaCdn) {
    const header = c.req.header('cloudfront-viewer-address');
    const viewer = header === undefined ? undefined : viewerAddressOf(header);
    if (viewer !== undefined) return viewer;
  }
  const env: unknown = c.env;
  return lambdaSourceIp(env) ?? socketAddress(env);
}

function lambdaSourceIp(env: unknown): string | undefined {
  const http = field(field(field(env, 'event'), 'requestContext'), 'http');
  const ip = field(http, 'sourceIp');
  return typeof ip === 'string' && ip !== '' ? ip : undefined;
}

function socketAddress(env: unknown): string | undefined {
  const address = field(field(field(env, 'incoming'), 'socket'), 'remoteAddress');
  return typeof address === 'string' && address !== '' ? address : undefined;
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && name in value
    ? (Reflect.get(value, name) as unknown)
    : undefined;
}
