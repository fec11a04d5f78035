import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link AllowInactiveSubscription}. */
export const ALLOW_INACTIVE_SUBSCRIPTION_METADATA = 'api-edge:allow-inactive-subscription';

/**
 * Keeps the route usable without an active subscription (the billing routes a customer needs to
 * pay, `/me`). Other plan checks on the route still apply.
 *
 * @example
 * ```ts
 * @Post('billing/checkout') @AllowInactiveSubscription()
 * checkout() { … }
 * ```
 */
export const AllowInactiveSubscription = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ALLOW_INACTIVE_SUBSCRIPTION_METADATA, true);
