import { Inject, Injectable } from '@nestjs/common';
import proxyAddr from 'proxy-addr';
import type { IncomingMessage } from 'node:http';
import { ApiEdgeOptions } from '../api-edge.options.js';
import { nodeRequestOf } from '../http/node-request.js';
import { edgeState, type EdgeRequestState } from './edge-request-state.js';
import type { TrustedProxyTest } from './client-ip.options.js';
import { normalizeIp, parseIp, type IpAddress } from './ip-matcher.js';

// The parsed client address, beside the text in the request's edge state (`null`: not an IP).
const ADDRESS = Symbol('nest-api-edge.client-address');

/**
 * The one client-IP resolver, shared by the IP allowlist and the rate limiter: the socket
 * address, or, when the socket peer is a configured trusted proxy (`clientIp.trustedProxies`), the
 * rightmost `X-Forwarded-For` hop that is not trusted (via `proxy-addr`). A forged
 * `X-Forwarded-For` from an untrusted peer therefore changes nothing.
 *
 * The result is normalized (`::ffff:1.2.3.4` → `1.2.3.4`, IPv6 in RFC 5952 form) and cached in
 * the request's edge state, so every check sees the same value.
 *
 * @example
 * ```ts
 * constructor(private readonly clientIp: ClientIpResolver) {}
 * const ip = this.clientIp.resolve(request); // '203.0.113.7'
 * ```
 */
@Injectable()
export class ClientIpResolver {
  /** Compiled once: `undefined` when no proxy is trusted (the socket address is the client). */
  private readonly trust: TrustedProxyTest | undefined;

  constructor(@Inject(ApiEdgeOptions) options: ApiEdgeOptions) {
    this.trust = options.clientIp.trust;
  }

  /**
   * The client IP of `request` (cached in the edge state); `''` when the socket is gone.
   * @param state the request's edge state, when the caller has it (saves looking it up).
   */
  resolve(request: object, state: EdgeRequestState = edgeState(request)): string {
    if (state.clientIp !== undefined) return state.clientIp;
    const node = nodeRequestOf(request);
    const raw = this.trust === undefined ? (node.socket?.remoteAddress ?? '') : this.fromProxies(node);
    return (state.clientIp = normalizeIp(raw));
  }

  /**
   * The client IP of `request` parsed for matching (cached with the state, so the global and the
   * per-key allowlists parse it once); `undefined` when it is not an IP address.
   */
  address(request: object, state: EdgeRequestState = edgeState(request)): IpAddress | undefined {
    const holder = state as EdgeRequestState & { [ADDRESS]?: IpAddress | null };
    const known = holder[ADDRESS];
    if (known !== undefined) return known ?? undefined;
    const address = parseIp(this.resolve(request, state));
    holder[ADDRESS] = address ?? null;
    return address;
  }

  /** Protected so a subclass can read another header (e.g. a CDN's) behind its own proxies. */
  protected fromProxies(request: IncomingMessage): string {
    // A closed socket has no address; proxy-addr would then return undefined as a string slot.
    if (request.socket?.remoteAddress === undefined) return '';
    return proxyAddr(request, this.trust as TrustedProxyTest) ?? '';
  }
}
