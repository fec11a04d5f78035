import ipaddr from 'ipaddr.js';
// Named type imports keep the default import out of the published typings, which would need the
// app to compile with esModuleInterop (node10 apps often do not).
import type { IPv4, IPv6 } from 'ipaddr.js';

/** A parsed address, IPv4-mapped IPv6 already turned into IPv4. */
export type IpAddress = IPv4 | IPv6;

// Only dotted four-part decimal counts as IPv4: ipaddr.js also accepts `0x7f.1` or `010.0.0.1`
// (octal), spellings no socket produces and an allowlist must not be tricked by.
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const FOUR_PART_DECIMAL = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const PREFIX = /^\d{1,3}$/;

/**
 * Parses an IP address strictly: dotted-decimal IPv4 or IPv6 (an IPv4-mapped `::ffff:1.2.3.4` is
 * returned as the IPv4 `1.2.3.4`, so both spellings of one client are one address).
 * @returns the address, or `undefined` when `text` is not an IP address.
 */
export function parseIp(text: string): IpAddress | undefined {
  const address = parseRaw(text);
  return address instanceof ipaddr.IPv6 && address.isIPv4MappedAddress() ? address.toIPv4Address() : address;
}

/**
 * The canonical text of an address: IPv4 dotted decimal (mapped addresses unwrapped), IPv6 in
 * RFC 5952 form (lower case, `::` compression). Text that is not an IP address is returned as is.
 * @example
 * ```ts
 * normalizeIp('::ffff:203.0.113.7'); // '203.0.113.7'
 * normalizeIp('2001:DB8:0:0::1');     // '2001:db8::1'
 * ```
 */
export function normalizeIp(text: string): string {
  // The common case (a plain IPv4 socket address) is already canonical: skip the parse.
  if (!text.includes(':')) return text;
  // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d: unwrap without parsing.
  if (text.startsWith('::ffff:') && FOUR_PART_DECIMAL.test(text.slice(7))) return text.slice(7);
  return parseIp(text)?.toString() ?? text;
}

/**
 * A list of IPs and CIDR ranges, IPv4 and IPv6, compiled once and matched per request.
 *
 * Entries: `203.0.113.7`, `10.0.0.0/8`, `2001:db8::1`, `2001:db8::/32`, and IPv4-mapped forms
 * (`::ffff:10.0.0.1`, `::ffff:10.0.0.0/104`), which are stored as IPv4 so they match the client
 * whichever way its socket spells the address. `0.0.0.0/0` and `::/0` match every address of
 * their family.
 *
 * @example
 * ```ts
 * const office = IpMatcher.compile(['203.0.113.0/24', '2001:db8::/32']);
 * office.matches('203.0.113.7');           // true
 * office.matches('::ffff:203.0.113.7');    // true
 * office.matches('198.51.100.1');          // false
 * ```
 */
export class IpMatcher {
  /**
   * The IPv4 ranges as 32-bit integers, network then mask, pair after pair: a client's dotted
   * decimal is matched without parsing it into an object (the common case on every request).
   */
  private readonly v4Words: Uint32Array;

  private constructor(
    v4: readonly (readonly [ipaddr.IPv4, number])[],
    private readonly v6: readonly (readonly [ipaddr.IPv6, number])[],
    /** Entries that are not an IP or a CIDR range (they match nothing). */
    readonly invalid: readonly string[],
  ) {
    this.v4Words = new Uint32Array(v4.length * 2);
    v4.forEach(([network, bits], i) => {
      const mask = maskOf(bits);
      this.v4Words[2 * i] = (wordOf(network) & mask) >>> 0;
      this.v4Words[2 * i + 1] = mask;
    });
  }

  /** Compiles `entries`; invalid entries are kept aside in {@link IpMatcher.invalid}, never matched. */
  static compile(entries: readonly string[]): IpMatcher {
    const v4: Array<readonly [ipaddr.IPv4, number]> = [];
    const v6: Array<readonly [ipaddr.IPv6, number]> = [];
    const invalid: string[] = [];
    for (const raw of entries) {
      const range = typeof raw === 'string' ? parseRange(raw.trim()) : undefined;
      if (range === undefined) invalid.push(String(raw));
      else if (range[0].kind() === 'ipv4') v4.push(range as [ipaddr.IPv4, number]);
      else v6.push(range as [ipaddr.IPv6, number]);
    }
    return new IpMatcher(v4, Object.freeze(v6), Object.freeze(invalid));
  }

  /** How many valid ranges the list holds. */
  get size(): number {
    return this.v4Words.length / 2 + this.v6.length;
  }

  /**
   * Whether `ip` (text or parsed) falls in one of the ranges. Text that is not an IP address, and
   * `undefined`, match nothing.
   */
  matches(ip: string | IpAddress | undefined): boolean {
    if (typeof ip === 'string') {
      const word = ipv4Word(ip);
      if (word !== -1) return this.matchesV4(word);
      ip = parseIp(ip);
    }
    if (ip === undefined) return false;
    if (ip.kind() === 'ipv4') return this.matchesV4(wordOf(ip as ipaddr.IPv4));
    const ranges = this.v6;
    for (let i = 0; i < ranges.length; i++) {
      const [network, bits] = ranges[i] as readonly [ipaddr.IPv6, number];
      if ((ip as ipaddr.IPv6).match(network, bits)) return true;
    }
    return false;
  }

  private matchesV4(word: number): boolean {
    const words = this.v4Words;
    for (let i = 0; i < words.length; i += 2) {
      if (((word & (words[i + 1] as number)) >>> 0) === words[i]) return true;
    }
    return false;
  }
}

/** The mask of a prefix length (0-32) as an unsigned 32-bit integer. */
function maskOf(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

function wordOf(address: ipaddr.IPv4): number {
  const [a, b, c, d] = address.octets as [number, number, number, number];
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

/**
 * A strict dotted-decimal IPv4 address (exactly what {@link FOUR_PART_DECIMAL} accepts: four
 * octets 0-255, no leading zero, nothing else) as an unsigned 32-bit integer, else -1. Reads the
 * characters in place: no regular expression, no substring, no object.
 */
export function ipv4Word(text: string): number {
  const length = text.length;
  if (length < 7 || length > 15) return -1;
  let word = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === 46 /* . */) {
      if (digits === 0 || dots === 3) return -1;
      word = word * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (code >= 48 && code <= 57) {
      // A leading zero is octal to some parsers: only `0` itself may start with it.
      if (digits === 1 && octet === 0) return -1;
      octet = octet * 10 + (code - 48);
      if (octet > 255) return -1;
      digits++;
    } else {
      return -1;
    }
  }
  if (digits === 0 || dots !== 3) return -1;
  return word * 256 + octet;
}

function parseRange(entry: string): readonly [IpAddress, number] | undefined {
  const slash = entry.indexOf('/');
  const host = slash === -1 ? entry : entry.slice(0, slash);
  // A zone id names an interface, not a range.
  if (host.includes('%')) return undefined;
  const parsed = parseRaw(host);
  if (parsed === undefined) return undefined;
  let bits = parsed.kind() === 'ipv4' ? 32 : 128;
  if (slash !== -1) {
    const prefix = entry.slice(slash + 1);
    if (!PREFIX.test(prefix) || Number(prefix) > bits) return undefined;
    bits = Number(prefix);
  }
  if (parsed instanceof ipaddr.IPv6 && parsed.isIPv4MappedAddress() && bits >= 96) {
    // ::ffff:a.b.c.d/n is the IPv4 range a.b.c.d/(n-96): stored as IPv4, it matches unwrapped clients.
    return [parsed.toIPv4Address(), bits - 96];
  }
  return [parsed, bits];
}

/** Strict parse without unwrapping mapped addresses (a range needs the prefix first). */
function parseRaw(text: string): IpAddress | undefined {
  if (text.includes(':')) {
    // An embedded IPv4 tail (::ffff:1.2.3.4) must be strict too: ipaddr.js reads `010` as octal.
    if (text.includes('.') && !FOUR_PART_DECIMAL.test(text.slice(text.lastIndexOf(':') + 1))) return undefined;
    return ipaddr.IPv6.isValid(text) ? ipaddr.IPv6.parse(text) : undefined;
  }
  return FOUR_PART_DECIMAL.test(text) && ipaddr.IPv4.isValid(text) ? ipaddr.IPv4.parse(text) : undefined;
}
