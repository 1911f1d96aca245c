import { describe, expect, it } from 'vitest';
import { clientKey, networkOf, viewerAddressOf } from '../../../shared/abuse/client-key.ts';

describe('clientKey', () => {
  it('never contains the address and differs by salt', () => {
    const key = clientKey('salt-1', '203.0.113.7');

    expect(key).not.toContain('203');
    expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(clientKey('salt-2', '203.0.113.7')).not.toBe(key);
    expect(clientKey('salt-1', '203.0.113.8')).not.toBe(key);
  });

  it.each([
    ['2001:db8:1:2::1', '2001:db8:1:2:ffff::9'],
    ['2001:0DB8:0001:0002:0000:0000:0000:0001', '[2001:db8:1:2::5]'],
  ])('keys IPv6 clients of one /64 alike (%s, %s)', (a, b) => {
    expect(clientKey('s', a)).toBe(clientKey('s', b));
  });

  it('keys different /64s apart and treats IPv4-mapped IPv6 as IPv4', () => {
    expect(clientKey('s', '2001:db8:1:2::1')).not.toBe(clientKey('s', '2001:db8:1:3::1'));
    expect(networkOf('::ffff:198.51.100.4')).toBe('198.51.100.4');
  });
});

describe('viewerAddressOf (CloudFront-Viewer-Address)', () => {
  it.each([
    ['198.51.100.10:46532', '198.51.100.10'],
    ['2001:db8::1:46532', '2001:db8::1'],
    ['not an address:1', undefined],
    ['', undefined],
  ])('reads %j as %j', (header, address) => {
    expect(viewerAddressOf(header)).toBe(address);
  });
});
