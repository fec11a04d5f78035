/**
 * The IP allowlists. The global list decides who may call the API at all and runs before
 * authentication, so nothing about a key is revealed to a disallowed address. Per-key lists come
 * from the principal (`allowedIps`) and run right after authentication. The client IP is the one
 * `ClientIpResolver` finds (see `clientIp.trustedProxies`).
 *
 * @example
 * ```ts
 * ApiEdgeModule.forRoot({
 *   clientIp: { trustedProxies: ['10.0.0.0/8'] },
 *   ipAllowlist: { allow: ['203.0.113.0/24', '2001:db8::/32'] },
 * });
 * ```
 */
export interface IpAllowlistOptions {
  /**
   * IPs and CIDR ranges, IPv4 and IPv6 (`203.0.113.7`, `10.0.0.0/8`, `2001:db8::/32`,
   * `::ffff:10.0.0.0/104`), allowed on every route. Default: none, which allows every address.
   * An entry that is not an IP or range fails the start.
   */
  readonly allow?: readonly string[];
  /**
   * Whether the principal's own `allowedIps` are enforced. Default true (even without an
   * `ipAllowlist` section: a key that says where it may be used from is never silently ignored).
   */
  readonly perKey?: boolean;
  /**
   * How many distinct per-key lists are kept compiled (default 1000). Lists are also cached by
   * array identity, so a key store that returns the same principal object never recompiles.
   */
  readonly cacheSize?: number;
}
