import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link StayOpen}. */
export const STAY_OPEN_METADATA = 'api-edge:stay-open';

/**
 * Keeps a route (or every route of a controller) answering during maintenance: health checks,
 * status pages, the admin endpoint that turns maintenance off.
 *
 * @example
 * ```ts
 * @Get('health') @StayOpen()
 * health() { return { ok: true }; }
 * ```
 */
export const StayOpen = (): MethodDecorator & ClassDecorator => SetMetadata(STAY_OPEN_METADATA, true);
