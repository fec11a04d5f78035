import ipaddr from 'ipaddr.js';

/** A parsed CIDR range, as ipaddr.js returns it. */
export type PeerIpRange = [ipaddr.IPv4 | ipaddr.IPv6, number];

/**
 * Parses a list of IPs and CIDRs once (a bare IP is a /32 or /128). The peer stack does this when
 * it loads its key records and its global list, not per request: the strongest peer a team would
 * write, so the comparison is not won by a straw man.
 */
export function parseIpRanges(list: readonly string[]): readonly PeerIpRange[] {
  return list.map((entry) => {
    if (entry.includes('/')) return ipaddr.parseCIDR(entry) as PeerIpRange;
    const ip = ipaddr.parse(entry);
    return [ip, ip.kind() === 'ipv4' ? 32 : 128] as PeerIpRange;
  });
}

/**
 * Whether `address` (Express's `req.ip`) is in one of the ranges. `ipaddr.process` turns an
 * IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) into IPv4 first, so both spellings match IPv4 lists.
 */
export function ipInRanges(address: string | undefined, ranges: readonly PeerIpRange[]): boolean {
  if (address === undefined || !ipaddr.isValid(address)) return false;
  const ip = ipaddr.process(address);
  for (const range of ranges) {
    if (ip.kind() === range[0].kind() && ip.match(range)) return true;
  }
  return false;
}
