import { describe, it, expect } from '@jest/globals';
import { IpMatcher, ipv4Word, normalizeIp, parseIp } from '../../../lib/context/ip-matcher.js';

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

describe('ipv4Word (the in-place IPv4 reader of the matchers)', () => {
  it.each([
    ['0.0.0.0', 0],
    ['255.255.255.255', 0xffffffff],
    ['10.0.0.1', 0x0a000001],
    ['203.0.113.7', 0xcb007107],
    ['192.168.100.200', 0xc0a864c8],
  ])('%s → its 32-bit value', (text, word) => {
    expect(ipv4Word(text)).toBe(word);
  });

  it.each([
    '', '1.2.3', '1.2.3.4.5', '1..2.3', '.1.2.3', '1.2.3.', '256.0.0.1', '1.2.3.256', '1000.0.0.1',
    '01.2.3.4', '1.02.3.4', '1.2.3.00', '0x7f.0.0.1', '1.2.3.4 ', ' 1.2.3.4', '1.2.3.-4', '1.2.3.4/8',
    '::1', '::ffff:1.2.3.4', '1.2.3.4, 5.6.7.8', '١.٢.٣.٤',
  ])('%j is not strict dotted decimal → -1', (text) => {
    expect(ipv4Word(text)).toBe(-1);
  });

  it('agrees with the strict parser on 20,000 random near-IPv4 strings', () => {
    // Deterministic pseudo-random strings over digits and dots, the alphabet where the two could differ.
    let seed = 12345;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const alphabet = '0123456789.';
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      const length = 7 + random(9);
      for (let j = 0; j < length; j++) text += alphabet[random(alphabet.length)];
      const parsed = text.includes(':') ? undefined : parseIp(text);
      const expected = parsed === undefined ? -1 : parsed.toByteArray().reduce((word, octet) => word * 256 + octet, 0);
      expect([text, ipv4Word(text)]).toEqual([text, expected]);
    }
  });

  it('matches at the edges of a range as ipaddr.js does', () => {
    const list = IpMatcher.compile(['198.51.100.0/22', '0.0.0.0/32', '255.255.255.255']);
    expect(list.matches('198.51.100.0')).toBe(true);
    expect(list.matches('198.51.103.255')).toBe(true);
    expect(list.matches('198.51.104.0')).toBe(false);
    expect(list.matches('198.51.99.255')).toBe(false);
    expect(list.matches('0.0.0.0')).toBe(true);
    expect(list.matches('0.0.0.1')).toBe(false);
    expect(list.matches('255.255.255.255')).toBe(true);
    expect(list.matches(parseIp('198.51.101.9'))).toBe(true);
    expect(list.size).toBe(3);
  });
});
