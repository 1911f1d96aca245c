import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key a client is counted under: an HMAC of its address with a secret salt, so that the table never
 * holds an address and a leaked counter cannot be reversed by hashing the 2^32 IPv4 addresses. An IPv6
 * client is keyed by its /64, the block one subscriber usually holds, so that rotating through it does
 * not escape the limit.
 */
export function clientKey(salt: string, address: string): string {
  return createHmac('sha256', salt).update(networkOf(address)).digest('base64url').slice(0, 22);
}

export function networkOf(address: string): string {
  const bare = address.trim().replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped?.[1] !== undefined) return mapped[1];
  if (isIPv4(bare)) return bare;
  if (!isIPv6(bare)) return `other:${bare}`;
  return `${expandIPv6(bare).slice(0, 4).join(':')}::/64`;
}

function expandIPv6(address: string): string[] {
  const withoutZone = address.split('%')[0] ?? address;
  const [head = '', tail] = withoutZone.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - left.length - right.length;
  return [...left, ...Array.from({ length: Math.max(0, missing) }, () => '0'), ...right].map((group) =>
    group.toLowerCase().padStart(4, '0'),
  );
}

/**
 * The viewer's address from CloudFront's `CloudFront-Viewer-Address` header (`198.51.100.10:46532`,
 * `2001:db8::1:46532`): everything before the last colon.
 */
export function viewerAddressOf(header: string): string | undefined {
  const at = header.lastIndexOf(':');
  if (at <= 0) return undefined;
  const address = header.slice(0, at);
  return isIPv4(address) || isIPv6(address) ? address : undefined;
}
