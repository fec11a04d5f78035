import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link RequireScopes}. */
export const REQUIRED_SCOPES = 'api-edge:required-scopes';

/**
 * Scopes the caller's key (or token) must all hold, else `insufficient_scope`. Scopes on the
 * controller and on the handler add up. A granted `*` holds every scope; `messages:*` holds
 * every scope starting with `messages:`.
 *
 * @example
 * ```ts
 * @RequireScopes('messages:read')
 * @Controller('messages')
 * class MessagesController {
 *   @RequireScopes('messages:write') // needs messages:read AND messages:write
 *   @Post() send() { … }
 * }
 * ```
 */
export const RequireScopes = (...scopes: [string, ...string[]]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_SCOPES, Object.freeze([...scopes]));
