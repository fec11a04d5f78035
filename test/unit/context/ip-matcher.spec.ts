import { describe, it, expect } from '@jest/globals';
import { IpMatcher, normalizeIp, parseIp } from '../../../lib/context/ip-matcher.js';

describe('parseIp / normalizeIp', () => {
  it('unwraps IPv4-mapped IPv6 and writes IPv6 in RFC 5952 form', () => {
    expect(normalizeIp('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(normalizeIp('::FFFF:cb00:7107')).toBe('203.0.113.7');
    expect(normalizeIp('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(normalizeIp('203.0.113.7')).toBe('203.0.113.7');
    expect(normalizeIp('not-an-ip')).toBe('not-an-ip');
    expect(normalizeIp('')).toBe('');
  });

  it('accepts only dotted-decimal IPv4 (no octal, hex or short forms)', () => {
    expect(parseIp('10.0.0.1')?.toString()).toBe('10.0.0.1');
    expect(parseIp('010.0.0.1')).toBeUndefined();
    expect(parseIp('0x7f.0.0.1')).toBeUndefined();
    expect(parseIp('127.1')).toBeUndefined();
    expect(parseIp('256.0.0.1')).toBeUndefined();
    expect(parseIp('1.2.3.4, 5.6.7.8')).toBeUndefined();
  });
});

describe('IpMatcher', () => {
  const list = IpMatcher.compile(['203.0.113.7', '10.0.0.0/8', '2001:db8::/32', '::ffff:192.168.1.0/120', '::1']);

  it.each([
    ['203.0.113.7', true],
    ['203.0.113.8', false],
    ['10.255.1.2', true],
    ['11.0.0.1', false],
    ['::ffff:10.1.2.3', true],
    ['::ffff:11.1.2.3', false],
    ['2001:db8:1::5', true],
    ['2001:db9::5', false],
    ['192.168.1.200', true],
    ['192.168.2.1', false],
    ['::1', true],
    ['::2', false],
    ['garbage', false],
    ['', false],
  ])('%s → %s', (ip, expected) => {
    expect(list.matches(ip)).toBe(expected);
  });

  it('matches a parsed address and nothing for undefined', () => {
    expect(list.matches(parseIp('::ffff:203.0.113.7'))).toBe(true);
    expect(list.matches(undefined)).toBe(false);
  });

  it('treats 0.0.0.0/0 and ::/0 as every address of their family', () => {
    const any4 = IpMatcher.compile(['0.0.0.0/0']);
    expect(any4.matches('198.51.100.1')).toBe(true);
    expect(any4.matches('2001:db8::1')).toBe(false);
    expect(IpMatcher.compile(['::/0']).matches('2001:db8::1')).toBe(true);
  });

  it('keeps invalid entries aside and never matches them', () => {
    const compiled = IpMatcher.compile(['10.0.0.0/33', '1.2.3', 'fe80::1%eth0', '2001:db8::/129', ' 10.0.0.1 ', '10.0.0.0/x', '::ffff:010.0.0.1']);
    expect(compiled.invalid).toEqual(['10.0.0.0/33', '1.2.3', 'fe80::1%eth0', '2001:db8::/129', '10.0.0.0/x', '::ffff:010.0.0.1']);
    expect(compiled.size).toBe(1);
    expect(compiled.matches('10.0.0.1')).toBe(true);
    expect(compiled.matches('10.0.0.2')).toBe(false);
  });
});

describe('normalizeIp fast path', () => {
  it('unwraps only valid mapped IPv4', () => {
    expect(normalizeIp('::ffff:255.255.255.255')).toBe('255.255.255.255');
    expect(normalizeIp('::ffff:256.0.0.1')).toBe('::ffff:256.0.0.1');
    expect(normalizeIp('::ffff:01.2.3.4')).toBe('::ffff:01.2.3.4');
  });
});
