import { SetMetadata } from '@nestjs/common';
import type { CredentialKind } from '../ports/principal.js';

/** Metadata key of {@link AcceptCredentials}. */
export const ACCEPT_CREDENTIALS = 'api-edge:accept-credentials';

/**
 * Which credential kinds a route (or controller) takes. Without it a route takes `api_key` (plus
 * `jwt` when `jwt.acceptByDefault` is true, or only `jwt` when no `apiKeys` are configured). The
 * handler's list replaces the controller's.
 *
 * With several kinds and none present the request is refused with `missing_credentials`; with
 * only `api_key`, `missing_api_key`.
 *
 * @example
 * ```ts
 * @AcceptCredentials('jwt')            // console routes: a user's token only
 * @Controller('console') class ConsoleController {}
 *
 * @AcceptCredentials('api_key', 'jwt') // either
 * @Get('me') me(@CurrentPrincipal() p: Principal) { return p.accountId; }
 * ```
 */
export const AcceptCredentials = (...kinds: [CredentialKind, ...CredentialKind[]]): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCEPT_CREDENTIALS, Object.freeze([...new Set(kinds)]));
