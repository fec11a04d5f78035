import { IpMatcher } from '../context/ip-matcher.js';
import { optionError } from '../options/option-checks.js';

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

/** The `ipAllowlist` section with defaults (per-key lists apply also without it). */
export interface ResolvedIpAllowlist {
  /** Whether the section was given. */
  readonly given: boolean;
  /** The global list; `undefined` when every address may call. */
  readonly global: IpMatcher | undefined;
  readonly perKey: boolean;
  readonly cacheSize: number;
}

/** Applies defaults to the `ipAllowlist` section and validates it. */
export function resolveIpAllowlistOptions(given: IpAllowlistOptions | undefined): ResolvedIpAllowlist {
  const input = given ?? {};
  let global: IpMatcher | undefined;
  if (input.allow !== undefined) {
    if (!Array.isArray(input.allow)) {
      throw optionError('use ipAllowlist.allow', 'it is not an array', 'pass a list such as ["203.0.113.0/24"], or leave it out to allow every address');
    }
    const compiled = IpMatcher.compile(input.allow);
    if (compiled.invalid.length > 0) {
      throw optionError('use ipAllowlist.allow', `${JSON.stringify(compiled.invalid)} ${compiled.invalid.length === 1 ? 'is' : 'are'} not an IP or CIDR range`, 'write entries such as 203.0.113.7, 10.0.0.0/8 or 2001:db8::/32');
    }
    if (compiled.size > 0) global = compiled;
  }
  const cacheSize = input.cacheSize ?? 1000;
  if (!Number.isSafeInteger(cacheSize) || cacheSize < 1) {
    throw optionError(`use ipAllowlist.cacheSize ${String(cacheSize)}`, 'it is not a positive integer', 'pass e.g. 1000 (the default)');
  }
  return Object.freeze({ given: given !== undefined, global, perKey: input.perKey ?? true, cacheSize });
}
