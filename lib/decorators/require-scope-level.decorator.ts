import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link RequireScopeLevel}. */
export const REQUIRED_SCOPE_LEVEL = 'api-edge:required-scope-level';

/**
 * The scope level(s) a key must have for this route, else `scope_level_invalid`. A key's level is
 * its record's `scopeLevel`, defaulting to its kind (`personal`, `team`, `organization`); a JWT
 * user's is `personal` unless the verifier says otherwise. The handler's levels replace the
 * controller's.
 *
 * @example
 * ```ts
 * @RequireScopeLevel('organization') // personal keys are refused
 * @Get('dnc') listDnc() { … }
 * ```
 */
export const RequireScopeLevel = (...levels: [string, ...string[]]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_SCOPE_LEVEL, Object.freeze([...levels]));
