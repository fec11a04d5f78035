import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { STAY_OPEN_METADATA } from '../decorators/stay-open.decorator.js';
import type { RouteSection } from '../routes/route-section.js';
import { RouteTable } from '../routes/route-table.js';
import { normalizeIp } from '@nestjs/throttler';
import { ApiEdgeOptions } from '../api-edge.options.js';
import { ClientIpResolver } from '../context/client-ip.resolver.js';
import type { EdgeRequestState } from '../context/edge-request-state.js';
import { ApiError } from '../errors/api-error.js';
import { EdgeCheckGuard } from '../guards/edge-check.guard.js';
import { EdgeStore } from '../stores/edge-store.js';
import type { ResolvedBruteForce } from './brute-force.resolved.js';

/** A step the limiter watches: the authentication check. */
interface WatchedCheck {
  check(context: ExecutionContext, state: EdgeRequestState): void | Promise<void>;
}

/**
 * The brute-force limiter: after `maxFailures` authentication failures from one client IP within
 * `windowMs`, that IP is refused with the catalogued `too_many_attempts` (429 + `Retry-After`)
 * for `blockMs`, before authentication runs, so even a right guess is refused during the block.
 *
 * Only failures are counted (store keys `bf:<ip>` and `bf-block:<ip>`), so callers that
 * authenticate never touch it, and their rate-limit budgets are not spent by an attacker sharing
 * nothing but the API. The client IP comes from the shared `ClientIpResolver`.
 *
 * The global `ApiEdgeGuard` runs {@link check} before authentication and counts the failures
 * authentication raises (see {@link watch}). App code protects its own login the same way: the
 * global check already refuses a blocked IP on every route; call {@link recordFailure} on a wrong
 * password and, if you like, {@link reset} after a good one.
 *
 * @example
 * ```ts
 * @Controller('session')
 * export class SessionController {
 *   constructor(private readonly bruteForce: BruteForceGuard, private readonly users: Users) {}
 *
 *   @Public() @Post()
 *   async login(@Req() request: Request, @Body() body: LoginDto) {
 *     const user = await this.users.verify(body.email, body.password);
 *     if (!user) {
 *       await this.bruteForce.recordFailure(request);
 *       throw apiError('invalid_credentials');
 *     }
 *     return this.users.startSession(user);
 *   }
 * }
 * ```
 */
@Injectable()
export class BruteForceGuard extends EdgeCheckGuard {
  /** `null` when `rateLimit.bruteForce` is absent: every method returns at once. */
  private readonly config: ResolvedBruteForce | null;

  /** `@StayOpen()` per route: a blocked address still reaches health checks and status pages. */
  private readonly openRoutes: RouteSection<boolean>;

  constructor(
    @Inject(ApiEdgeOptions) protected readonly options: ApiEdgeOptions,
    @Inject(EdgeStore) private readonly store: EdgeStore,
    private readonly clientIp: ClientIpResolver,
    reflector: Reflector,
    routes: RouteTable,
  ) {
    super();
    this.config = options.bruteForce;
    this.openRoutes = routes.section(
      'bruteForce',
      (handler, cls) => reflector.getAllAndOverride<boolean | undefined>(STAY_OPEN_METADATA, [handler as () => void, cls as () => void]) === true,
    );
  }

  /**
   * Refuses a blocked client IP with `too_many_attempts`, except on `@StayOpen()` routes (a block
   * is about guessing credentials, not about `/health`); synchronous when the limiter is off.
   */
  check(context: ExecutionContext, state: EdgeRequestState): void | Promise<void> {
    if (this.config === null || this.openRoutes.get(context)) return;
    const request = context.switchToHttp().getRequest<object>();
    const queue = state.storeOps;
    if (queue === undefined) return this.assertNotBlocked(request);
    // Batched with the request's other store operations; `watch` flushes it before counting a failure.
    const now = this.options.clock();
    queue.add({ type: 'unblocked', key: `bf-block:${this.trackerOf(request)}`, now }, (result) => {
      if (!result.passed) throw this.blocked(Number(result.value) - now);
    });
  }

  /**
   * Runs `step` (the authentication check) and counts the failures it raises, then rethrows them
   * unchanged. Synchronous when `step` is and nothing fails; used by `ApiEdgeGuard`.
   */
  watch(context: ExecutionContext, state: EdgeRequestState, step: WatchedCheck): void | Promise<void> {
    if (this.config === null) return step.check(context, state);
    let pending: void | Promise<void>;
    try {
      pending = step.check(context, state);
    } catch (error) {
      return this.countAndRethrow(context, state, error);
    }
    if (pending === undefined) return;
    return pending.catch((error: unknown) => this.countAndRethrow(context, state, error));
  }

  /** Throws `too_many_attempts` with `Retry-After` when the client IP of `request` is blocked. */
  async assertNotBlocked(request: object): Promise<void> {
    if (this.config === null) return;
    const until = await this.store.get(`bf-block:${this.trackerOf(request)}`);
    if (until === undefined) return;
    const left = Number(until) - this.options.clock();
    if (left > 0) throw this.blocked(left);
  }

  private blocked(msLeft: number): Error {
    return this.options.catalogue.error('too_many_attempts', { retryAfter: Math.ceil(msLeft / 1000) });
  }

  /**
   * Counts one authentication failure of the client IP of `request`. The failure that reaches
   * `maxFailures` starts the block (later requests are refused; this one keeps its own error).
   * @returns true when this failure started the block. Always false when the limiter is off.
   */
  async recordFailure(request: object): Promise<boolean> {
    const config = this.config;
    if (config === null) return false;
    const tracker = this.trackerOf(request);
    const counterKey = `bf:${tracker}`;
    const { count } = await this.store.increment(counterKey, config.windowMs);
    if (count < config.maxFailures) return false;
    // Concurrent failures past the threshold race here; the first marker wins, so the block is
    // never extended, and counting starts afresh once it ends.
    const started = await this.store.setIfAbsent(
      `bf-block:${tracker}`,
      String(this.options.clock() + config.blockMs),
      config.blockMs,
    );
    await this.store.delete(counterKey);
    return started;
  }

  /** Forgets the failures and any block of the client IP of `request` (e.g. after a good login). */
  async reset(request: object): Promise<void> {
    if (this.config === null) return;
    const tracker = this.trackerOf(request);
    await this.store.delete(`bf:${tracker}`);
    await this.store.delete(`bf-block:${tracker}`);
  }

  /** Whether `error` is an authentication failure that counts (a catalogued error of a counted key). */
  protected isCountedFailure(error: unknown): boolean {
    return error instanceof ApiError && this.config?.counted.has(error.key) === true;
  }

  /** Who failures are counted for: the client IP (IPv6 grouped by `ipv6SubnetPrefix`). */
  protected trackerOf(request: object): string {
    return normalizeIp(this.clientIp.resolve(request), this.config?.ipv6SubnetPrefix);
  }

  private async countAndRethrow(context: ExecutionContext, state: EdgeRequestState, error: unknown): Promise<never> {
    if (this.isCountedFailure(error)) {
      // A queued block check answers first: a blocked address gets `too_many_attempts`, uncounted.
      await state.storeOps?.flush();
      await this.recordFailure(context.switchToHttp().getRequest<object>());
    }
    throw error;
  }
}
