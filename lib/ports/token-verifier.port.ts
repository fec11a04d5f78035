/**
 * Who a verified bearer token (JWT) belongs to, as the app's verifier returns it. Becomes a
 * principal with `credential: 'jwt'` and `kind: 'personal'`.
 */
export interface TokenIdentity {
  /** The user (the token's subject). */
  readonly userId: string;
  /** The owning account; default `userId`. */
  readonly accountId?: string;
  /** Id of the session or token (`jti`); default `userId`. Becomes `principal.id`. */
  readonly sessionId?: string;
  /** Whether the user may use the API; `false` → `account_inactive`. Default true. */
  readonly active?: boolean;
  /** Granted scopes. Default none. */
  readonly scopes?: readonly string[];
  /** Scope level. Default `personal`. */
  readonly scopeLevel?: string;
  /** Current workspace/team, if the token carries one. */
  readonly workspaceId?: string;
  /** IPs and CIDRs the user may call from; absent = any. */
  readonly allowedIps?: readonly string[];
  /** Resources the user is bound to, by type; absent type = all. */
  readonly boundResources?: Readonly<Record<string, readonly string[]>>;
  /** Plan reference. */
  readonly plan?: string;
  /** Anything else the app wants on the principal. */
  readonly data?: Readonly<Record<string, unknown>>;
}

/**
 * The app's token check: verifies signature, expiry and revocation, and says who the user is.
 *
 * - return `null`/`undefined` for a malformed, invalid or revoked token → `invalid_token`;
 * - throw an error named `TokenExpiredError` (what jsonwebtoken and @nestjs/jwt throw) → `token_expired`;
 * - throw `JsonWebTokenError` / `NotBeforeError` → `invalid_token`;
 * - return an identity with `active: false` → `account_inactive`.
 *
 * Any other error propagates (a 500, logged with its cause; the token is never logged by the module).
 *
 * @example
 * ```ts
 * const verifier: TokenVerifier = async (token) => {
 *   const claims = await jwt.verifyAsync<{ sub: string; jti: string }>(token);
 *   const user = await users.find(claims.sub);
 *   if (!user || (await sessions.isRevoked(claims.jti))) return null;
 *   return { userId: user.id, sessionId: claims.jti, active: user.active };
 * };
 * ```
 */
export type TokenVerifier = (token: string) => TokenIdentity | null | undefined | Promise<TokenIdentity | null | undefined>;
