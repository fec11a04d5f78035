import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link PlanLimit}. */
export const PLAN_LIMIT_METADATA = 'api-edge:plan-limit';

/**
 * Put on a create route: the app's current count of `resource` (`PlanProvider.count`) must be
 * below the plan's `limits[resource]`, else 403: the resource's own catalogue key
 * (`plans.limitErrors[resource]`, else `max_<resource>_reached` when the catalogue has it, e.g.
 * wire code `MAX_INSTANCES_REACHED`), else `limit_reached`. A resource the plan does not limit is
 * not counted. Class and method lists add up. Needs the `plans` module option.
 *
 * @example
 * ```ts
 * @Post('instances') @PlanLimit('instances')
 * create() { … }
 * ```
 */
export const PlanLimit = (...resources: [string, ...string[]]): MethodDecorator & ClassDecorator =>
  SetMetadata(PLAN_LIMIT_METADATA, resources);
