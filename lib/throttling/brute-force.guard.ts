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
import { OptionsConfigurationError } from '../errors/configuration.error.js';
import { EdgeCheckGuard } from '../guards/edge-check.guard.js';
import { EdgeStore } from '../stores/edge-store.js';
import type { BruteForceOptions } from './rate-limit.options.js';

/** A step the limiter watches: the authentication check. */
interface WatchedCheck {
  check(context: ExecutionContext, state: EdgeRequestState): void | Promise<void>;
}

/** `rateLimit.bruteForce`, validated once at start-up. */
interface ResolvedBruteForce {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly blockMs: number;
  readonly counted: ReadonlySet<string>;
  readonly ipv6SubnetPrefix: number;
}

/** The authentication failures counted by default: wrong, dead or expired credentials. */
const DEFAULT_COUNTED: readonly string[] = [
  'invalid_api_key',
  'api_key_inactive',
  'api_key_revoked',
  'api_key_expired',
  'api_key_deleted',
  'invalid_token',
  'token_expired',
  'invalid_credentials',
];

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
    this.config = resolveBruteForce(options.input.rateLimit?.bruteForce, options.input.rateLimit?.ipv6SubnetPrefix, options);
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

function resolveBruteForce(
  options: BruteForceOptions | undefined,
  prefix: number | undefined,
  edge: ApiEdgeOptions,
): ResolvedBruteForce | null {
  if (options === undefined) return null;
  if (typeof options !== 'object' || options === null) {
    fail('use rateLimit.bruteForce', 'it is not an object', 'pass {} for the defaults, or e.g. { maxFailures: 5 }');
  }
  const maxFailures = options.maxFailures ?? 10;
  const windowMs = options.windowMs ?? 900_000;
  const blockMs = options.blockMs ?? 900_000;
  positiveInteger('maxFailures', maxFailures, 'e.g. 5 (default 10)');
  positiveInteger('windowMs', windowMs, 'milliseconds, e.g. 900000 (default 15 minutes)');
  positiveInteger('blockMs', blockMs, 'milliseconds, e.g. 900000 (default 15 minutes)');
  const counted = options.countedErrors ?? DEFAULT_COUNTED;
  if (!Array.isArray(counted) || counted.length === 0 || counted.some((key) => typeof key !== 'string')) {
    fail('use rateLimit.bruteForce.countedErrors', 'it is not a non-empty list of catalogue keys', "pass e.g. ['invalid_api_key', 'invalid_credentials'], or omit it");
  }
  for (const key of counted) {
    if (!edge.catalogue.has(key)) {
      fail(`count "${key}" as a brute-force failure`, 'the catalogue has no such key', 'use a catalogue key (e.g. invalid_api_key), or add the entry to your catalogue');
    }
  }
  return Object.freeze({ maxFailures, windowMs, blockMs, counted: new Set(counted), ipv6SubnetPrefix: prefix ?? 64 });
}

function positiveInteger(field: string, value: number, fix: string): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    fail(`use rateLimit.bruteForce.${field}`, `it is ${String(value)}`, `pass a positive integer, ${fix}`);
  }
}

function fail(what: string, why: string, fix: string): never {
  throw new OptionsConfigurationError(`Cannot ${what} because ${why}. Fix: ${fix}.`);
}
