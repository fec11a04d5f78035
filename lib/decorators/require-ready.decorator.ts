import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link RequireReady}. */
export const REQUIRE_READY_METADATA = 'api-edge:require-ready';

/**
 * Declares dependencies the route needs to be ready (a WhatsApp session, a provider connection).
 * The app's `maintenance.readiness(name, request)` answers; a dependency that is not ready answers
 * 503 `dependency_not_ready` (or the key `<name>_not_ready` when the catalogue has it) with
 * `Retry-After`. Class and method lists add up.
 *
 * @example
 * ```ts
 * @Post('messages') @RequireReady('whatsapp')
 * send() { … }
 * ```
 */
export const RequireReady = (...dependencies: [string, ...string[]]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRE_READY_METADATA, dependencies);
