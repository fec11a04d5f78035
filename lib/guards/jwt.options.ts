import type { JwtService, JwtVerifyOptions } from '@nestjs/jwt';
import type { TokenIdentity, TokenVerifier } from '../ports/token-verifier.port.js';

/** What the module needs of @nestjs/jwt's `JwtService` (an optional peer, used only when you pass one). */
export type JwtServiceLike = Pick<JwtService, 'verifyAsync'>;

/**
 * Bearer token (JWT) authentication (`jwt` of `ApiEdgeModule.forRoot`), for routes such as a
 * console or a login flow that take a user's token instead of an API key. Give exactly one of
 * `verify` or `jwtService`.
 *
 * Routes take JWTs where `@AcceptCredentials('jwt')` (or `'api_key', 'jwt'`) says so, or
 * everywhere when `acceptByDefault` is true (or when `apiKeys` is not configured).
 *
 * @example
 * ```ts
 * jwt: { verify: async (token) => ({ userId: (await jwtService.verifyAsync(token)).sub }) }
 * // or
 * jwt: { jwtService, resolve: async (payload) => ({ userId: String(payload.sub), active: true }) }
 * ```
 */
export interface JwtOptions {
  /** Your verification function (see {@link TokenVerifier}). */
  readonly verify?: TokenVerifier;
  /** Or a `JwtService` from @nestjs/jwt: the module calls `verifyAsync(token, verifyOptions)`. */
  readonly jwtService?: JwtServiceLike;
  /** Options passed to `jwtService.verifyAsync` (secret, algorithms, audience …). Default `{}`. */
  readonly verifyOptions?: JwtVerifyOptions;
  /**
   * With `jwtService`: turns the verified payload into an identity (look the user up, check
   * revocation); `null` → `invalid_token`. Default: `sub` as user id, `scope` (space-separated) or
   * `scopes` (array) as scopes.
   */
  readonly resolve?: (payload: Record<string, unknown>) => TokenIdentity | null | undefined | Promise<TokenIdentity | null | undefined>;
  /** Header carrying the token. Default `authorization`. */
  readonly header?: string;
  /** Auth scheme in that header. Default `Bearer`; `''` for a bare token. */
  readonly scheme?: string;
  /** Whether routes without `@AcceptCredentials` take a JWT as well as an API key. Default false. */
  readonly acceptByDefault?: boolean;
}
