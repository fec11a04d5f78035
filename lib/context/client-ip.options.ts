import proxyAddr from 'proxy-addr';
import { checkSectionObject, optionError } from '../options/option-checks.js';

/**
 * How the client IP is found: the socket address, or — when the request comes through proxies you
 * trust — the rightmost `X-Forwarded-For` hop that is not one of them. One resolver serves the IP
 * allowlist and the rate limiter.
 *
 * @example
 * ```ts
 * ApiEdgeModule.forRoot({
 *   // Behind a load balancer in 10.0.0.0/8 and a local sidecar:
 *   clientIp: { trustedProxies: ['loopback', '10.0.0.0/8'] },
 * });
 * ```
 */
export interface ClientIpOptions {
  /**
   * The proxies whose `X-Forwarded-For` is believed, as `proxy-addr` takes them: IPs
   * (`203.0.113.10`), CIDR ranges (`10.0.0.0/8`, `2001:db8::/32`, `10.0.0.0/255.0.0.0`) and the
   * names `loopback` (127.0.0.1/8, ::1/128), `linklocal` (169.254.0.0/16, fe80::/10) and
   * `uniquelocal` (10/8, 172.16/12, 192.168/16, fc00::/7); or a function `(address, hop) => boolean`
   * (hop 0 is the socket peer).
   *
   * Default: none — the socket address is the client and `X-Forwarded-For` is ignored, so a client
   * cannot choose its own IP by sending the header. List only proxies that overwrite or append to
   * `X-Forwarded-For`; trusting anything else lets callers spoof their address.
   */
  readonly trustedProxies?: string | readonly string[] | ((address: string, hop: number) => boolean);
}

/** Whether `address` (hop 0 is the socket peer) is a proxy whose `X-Forwarded-For` is believed. */
export type TrustedProxyTest = (address: string, hop: number) => boolean;

/** The `clientIp` section, compiled once at start-up. */
export interface ResolvedClientIp {
  /** `proxy-addr`'s compiled test; `undefined` when no proxy is trusted (the socket address is the client). */
  readonly trust: TrustedProxyTest | undefined;
}

/** Compiles `clientIp.trustedProxies` and validates the section; every default when absent. */
export function resolveClientIpOptions(input: ClientIpOptions | undefined): ResolvedClientIp {
  checkSectionObject(input, 'clientIp', "clientIp: { trustedProxies?: ['loopback', '10.0.0.0/8'] }");
  return Object.freeze({ trust: compileTrust(input?.trustedProxies) });
}

function compileTrust(value: ClientIpOptions['trustedProxies']): TrustedProxyTest | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'function') return value;
  const list = typeof value === 'string' ? [value] : [...value];
  if (list.length === 0) return undefined;
  try {
    return proxyAddr.compile(list);
  } catch (error) {
    throw optionError(
      `use clientIp.trustedProxies ${JSON.stringify(list)}`,
      (error as Error).message,
      'list IPs, CIDR ranges (10.0.0.0/8, 2001:db8::/32) or the names loopback, linklocal, uniquelocal',
    );
  }
}
