import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link PersonalKeyOnly}. */
export const PERSONAL_KEY_ONLY_METADATA = 'api-edge:personal-key-only';

/**
 * Only personal credentials may call the route: a team or organization key gets 403
 * `team_key_not_allowed` (seed `TEAM_KEY_NOT_ALLOWED` on `/me`, `/usage`, `/billing/*`). Needs the
 * `workspace` module option.
 *
 * @example
 * ```ts
 * @Get('me') @PersonalKeyOnly()
 * me(@CurrentPrincipal() principal: Principal) { … }
 * ```
 */
export const PersonalKeyOnly = (): MethodDecorator & ClassDecorator => SetMetadata(PERSONAL_KEY_ONLY_METADATA, true);
