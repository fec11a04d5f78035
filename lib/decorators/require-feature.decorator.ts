import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link RequireFeature}. */
export const REQUIRE_FEATURE_METADATA = 'api-edge:require-feature';

/**
 * The account's plan must include every listed feature, else 403: the feature's own catalogue
 * key (`plans.featureErrors[feature]`, else `<feature>_not_available` when the catalogue has it,
 * e.g. wire code `CAMPAIGNS_NOT_AVAILABLE_ON_PLAN`), else `feature_not_available`. Class and method
 * lists add up. Needs the `plans` module option.
 *
 * @example
 * ```ts
 * @Post('campaigns') @RequireFeature('campaigns')
 * create() { … }
 * ```
 */
export const RequireFeature = (...features: [string, ...string[]]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRE_FEATURE_METADATA, features);
