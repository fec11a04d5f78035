import type { TokenIdentity, TokenVerifier } from '../ports/token-verifier.port.js';

/**
 * The options of `JwtService.verifyAsync` (@nestjs/jwt's `JwtVerifyOptions`: secret, algorithms,
 * audience …), passed through as given. Structural, so apps without the optional @nestjs/jwt peer
 * compile these typings with `skipLibCheck: false`.
 */
export type JwtVerifyOptionsLike = object;

/**
 * What the module needs of @nestjs/jwt's `JwtService` (an optional peer, used only when you pass
 * one). Structural for the same reason; a `JwtService` of @nestjs/jwt 11 or 12 fits it.
 */
export interface JwtServiceLike {
  /** `JwtService.verifyAsync`: resolves to the verified payload, rejects on a bad token. */
  verifyAsync<T extends object = Record<string, unknown>>(token: string, options?: JwtVerifyOptionsLike): Promise<T>;
}

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
  readonly verifyOptions?: JwtVerifyOptionsLike;
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
