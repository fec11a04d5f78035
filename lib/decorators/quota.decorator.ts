import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link Quota}. */
export const QUOTA_METADATA = 'api-edge:quota';

/**
 * The route counts against the named quotas configured with `routes: 'marked'` in
 * `plans.quotas` (quotas with `routes: 'all'` count everywhere without it). Exhausted: 429
 * `<name>_quota_exceeded` when the catalogue has it, else `quota_exceeded`, with `Retry-After` =
 * seconds until the period resets. Class and method lists add up.
 *
 * @example
 * ```ts
 * // plans: { quotas: { sandbox: { period: 'day', limit: 50, routes: 'marked' } } }
 * @Post('sandbox/messages') @Quota('sandbox')
 * send() { … }
 * ```
 */
export const Quota = (...names: [string, ...string[]]): MethodDecorator & ClassDecorator => SetMetadata(QUOTA_METADATA, names);
