import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link SkipRateLimit}. */
export const SKIP_RATE_LIMIT = 'api-edge:skip-rate-limit';

/**
 * Exempts a route (or every route of a controller) from every rate-limit window: nothing is
 * counted and no `RateLimit` headers are sent. `@SkipRateLimit(false)` on a method re-enables
 * limits inside a skipped controller. To skip a single window use throttler's
 * `@SkipThrottle({ <window name>: true })`. The brute-force limiter still applies.
 *
 * @example
 * ```ts
 * @SkipRateLimit()
 * @Get('health')
 * health() { return { ok: true }; }
 * ```
 */
export const SkipRateLimit = (skip = true): MethodDecorator & ClassDecorator => SetMetadata(SKIP_RATE_LIMIT, skip);
