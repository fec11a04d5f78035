import { Inject, Injectable, Logger, type ExecutionContext } from '@nestjs/common';
import { ApiEdgeOptions } from '../api-edge.options.js';
import { ClientIpResolver } from '../context/client-ip.resolver.js';
import type { EdgeRequestState } from '../context/edge-request-state.js';
import { IpMatcher, type IpAddress } from '../context/ip-matcher.js';
import type { ResolvedIpAllowlist } from './ip-allowlist.options.js';
import { EdgeCheckGuard } from './edge-check.guard.js';

/**
 * IP allowlists: a global list from `ipAllowlist.allow` ({@link IpAllowlistGuard.checkGlobal},
 * before authentication) and the principal's own `allowedIps`
 * ({@link IpAllowlistGuard.checkPrincipal}, after it). Both refuse with `ip_not_allowed`; an
 * absent or empty list allows every address. The client IP comes from {@link ClientIpResolver}.
 *
 * The global list is compiled at start-up. Per-key lists arrive with each principal, so they are
 * compiled on first sight and cached by array identity (a `WeakMap`, freed with the principal) and
 * by content (a bounded LRU map), so the hot path does not re-parse them.
 *
 * @example
 * ```ts
 * // Stand-alone, without the global guard:
 * @UseGuards(IpAllowlistGuard)
 * @Controller('admin')
 * export class AdminController {}
 * ```
 */
@Injectable()
export class IpAllowlistGuard extends EdgeCheckGuard {
  /** Where invalid per-key entries are reported (addresses are not secrets). */
  protected readonly logger = new Logger('IpAllowlistGuard');
  private readonly settings: ResolvedIpAllowlist;
  private readonly byIdentity = new WeakMap<readonly string[], IpMatcher>();
  private readonly byContent = new Map<string, IpMatcher>();

  constructor(
    @Inject(ApiEdgeOptions) protected readonly options: ApiEdgeOptions,
    protected readonly clientIp: ClientIpResolver,
  ) {
    super();
    this.settings = options.ipAllowlist;
  }

  /** Both phases, for use as a stand-alone guard. */
  check(context: ExecutionContext, state: EdgeRequestState): void | Promise<void> {
    this.checkGlobal(context, state);
    return this.checkPrincipal(context, state);
  }

  /** The global list; runs before authentication. */
  checkGlobal(context: ExecutionContext, state: EdgeRequestState): void | Promise<void> {
    const list = this.settings.global;
    if (list === undefined) return;
    if (!list.matches(this.client(context, state))) throw this.refuse();
  }

  /** The principal's `allowedIps`; runs after authentication. No principal or no list: passes. */
  checkPrincipal(context: ExecutionContext, state: EdgeRequestState): void | Promise<void> {
    const allowed = state.principal?.allowedIps;
    if (allowed === undefined || allowed.length === 0 || !this.settings.perKey) return;
    const list = this.matcherFor(allowed, state.principal?.id);
    if (!list.matches(this.client(context, state))) throw this.refuse();
  }

  /**
   * The client as the matchers take it: IPv4 as its text, which the matcher reads in place as a
   * 32-bit integer, and IPv6 as the address the resolver parses once per request for both lists.
   * The resolved text is normalized (a mapped `::ffff:a.b.c.d` is already unwrapped), so a text
   * without `:` is IPv4 or no address at all, which the matcher refuses either way.
   */
  private client(context: ExecutionContext, state: EdgeRequestState): string | IpAddress | undefined {
    const request = context.switchToHttp().getRequest<object>();
    const text = this.clientIp.resolve(request, state);
    return text.includes(':') ? this.clientIp.address(request, state) : text;
  }

  /** The error thrown for a refused address. Override to add details. */
  protected refuse(): Error {
    return this.options.catalogue.error('ip_not_allowed');
  }

  private matcherFor(allowed: readonly string[], keyId: string | undefined): IpMatcher {
    const known = this.byIdentity.get(allowed);
    if (known !== undefined) return known;
    const content = allowed.join(',');
    let matcher = this.byContent.get(content);
    if (matcher === undefined) {
      matcher = IpMatcher.compile(allowed);
      if (matcher.invalid.length > 0) {
        // Fail closed: the bad entries match nothing. Said once per distinct list, not per request.
        this.logger.warn(
          `Ignoring ${matcher.invalid.length} invalid entr${matcher.invalid.length === 1 ? 'y' : 'ies'} in allowedIps of key ${keyId ?? '(unknown)'}: ${JSON.stringify(matcher.invalid)}. Fix: store IPs or CIDR ranges such as 203.0.113.0/24.`,
        );
      }
      if (this.byContent.size >= this.settings.cacheSize) {
        this.byContent.delete(this.byContent.keys().next().value as string);
      }
    } else {
      // LRU: re-inserting moves the list to the most recently used end.
      this.byContent.delete(content);
    }
    this.byContent.set(content, matcher);
    this.byIdentity.set(allowed, matcher);
    return matcher;
  }
}

