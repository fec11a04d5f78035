import type { TokenIdentity, TokenVerifier } from '../ports/token-verifier.port.js';
import { CredentialSourceReader } from '../keys/credential-source.reader.js';
import { optionError } from '../options/option-checks.js';

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

/** The `jwt` section, validated once at start-up. */
export interface ResolvedJwt {
  readonly verify: TokenVerifier;
  readonly reader: CredentialSourceReader;
  readonly acceptByDefault: boolean;
  /** The header and scheme the token is read from, as given (to see whether API keys share it). */
  readonly header: string;
  readonly scheme: string;
}

/** Applies defaults to the `jwt` section and validates it; null when absent (bearer tokens are off). */
export function resolveJwtOptions(input: JwtOptions | undefined): ResolvedJwt | null {
  if (input === undefined) return null;
  const hasVerify = input?.verify !== undefined;
  const hasService = input?.jwtService !== undefined;
  if (hasVerify === hasService) {
    throw optionError('authenticate bearer tokens', `jwt ${hasVerify ? 'has both verify and jwtService' : 'has neither verify nor jwtService'}`, 'give exactly one: jwt: { verify: (token) => identity | null } or jwt: { jwtService }');
  }
  if (hasVerify && typeof input.verify !== 'function') {
    throw optionError('use jwt.verify', 'it is not a function', 'pass (token) => identity | null');
  }
  if (hasService && typeof input.jwtService?.verifyAsync !== 'function') {
    throw optionError('use jwt.jwtService', 'it has no verifyAsync method', "pass @nestjs/jwt's JwtService (inject it in forRootAsync)");
  }
  if (input.resolve !== undefined && (!hasService || typeof input.resolve !== 'function')) {
    throw optionError('use jwt.resolve', 'it applies only with jwt.jwtService and must be a function', 'with jwt.verify, map the payload inside verify');
  }
  let verify: TokenVerifier;
  if (hasVerify) {
    verify = input.verify as TokenVerifier;
  } else {
    const service = input.jwtService as NonNullable<JwtOptions['jwtService']>;
    const verifyOptions = input.verifyOptions ?? {};
    const resolve = input.resolve ?? identityFromPayload;
    verify = (token) => service.verifyAsync<Record<string, unknown>>(token, verifyOptions).then(resolve);
  }
  const scheme = input.scheme ?? 'Bearer';
  const header = input.header ?? 'authorization';
  return Object.freeze({
    header,
    scheme,
    verify,
    reader: new CredentialSourceReader([{ header, scheme }], 'jwt.header'),
    acceptByDefault: input.acceptByDefault === true,
  });
}

/** Default payload → identity mapping for `jwtService` without `resolve`. */
function identityFromPayload(payload: Record<string, unknown>): TokenIdentity | null {
  const sub = payload.sub;
  if (typeof sub !== 'string' || sub === '') return null;
  const scope = payload.scope;
  const scopes = Array.isArray(payload.scopes)
    ? payload.scopes.filter((s): s is string => typeof s === 'string')
    : typeof scope === 'string'
      ? scope.split(' ').filter((s) => s !== '')
      : undefined;
  return { userId: sub, ...(typeof payload.jti === 'string' ? { sessionId: payload.jti } : {}), ...(scopes ? { scopes } : {}) };
}
