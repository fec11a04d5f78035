import type { KeyKind } from './principal.js';

/**
 * Lifecycle state of a stored API key; each non-active state is its own catalogued error
 * (`api_key_inactive`, `api_key_revoked`, `api_key_deleted`).
 */
export type ApiKeyStatus = 'active' | 'inactive' | 'revoked' | 'deleted';

/**
 * One API key as the app's key store returns it. The store holds only the SHA-256 hash of the
 * key, never the key itself; everything but `id`, `hash` and `accountId` is optional.
 *
 * The fields after `status` become the request's `Principal` (see lib/ports/principal.ts).
 */
export interface ApiKeyRecord {
  /** Stable id of the key (shown in logs and to the handler instead of the key). */
  readonly id: string;
  /**
   * SHA-256 of the key, lowercase hex (what `hashApiKey(key)` / `mintApiKey().hash` return). The
   * guard compares it with the hash it computed in constant time, so a store that matches loosely
   * (a case-insensitive index, a prefix search) cannot let a wrong key in.
   */
  readonly hash: string;
  /** The owning account (user or organization id). */
  readonly accountId: string;
  /** Default `active`. */
  readonly status?: ApiKeyStatus;
  /** When the key stops working (Date, ms since the epoch, or an ISO string); absent = never. */
  readonly expiresAt?: Date | number | string | null;
  /** Whether the owning account may use the API; `false` → `account_inactive`. Default true. */
  readonly accountActive?: boolean;
  /** personal / team / organization. Default: the kind its prefix implies (`formats`), else `defaultKind`. */
  readonly kind?: KeyKind;
  /** Granted scopes (`*` grants all, `messages:*` all of `messages:`). Default none. */
  readonly scopes?: readonly string[];
  /** The key's scope level (seed 003's `scope_level`). Default: the key's kind. */
  readonly scopeLevel?: string;
  /** For team keys: the team/workspace the key belongs to. */
  readonly workspaceId?: string;
  /** IPs and CIDRs the key may be used from; empty or absent = any. */
  readonly allowedIps?: readonly string[];
  /** Active HMAC signing secrets (several during rotation). */
  readonly signingSecrets?: readonly string[];
  /** Whether every request with this key must be signed. */
  readonly requireSignature?: boolean;
  /** Resources the key is bound to, by resource type: `{ line: ['ln_1'] }`; absent type = all. */
  readonly boundResources?: Readonly<Record<string, readonly string[]>>;
  /** Plan reference, for plan checks and plan-dependent rate limits. */
  readonly plan?: string;
  /** Anything else the app wants on the principal. */
  readonly data?: Readonly<Record<string, unknown>>;
}

/**
 * The port the app implements so the module can authenticate API keys without knowing the
 * database. Called with the SHA-256 hex of the presented key (never the key), only for keys that
 * passed the format rules, and only on a cache miss.
 *
 * Return `null` for an unknown hash. Return revoked, inactive, deleted and expired keys too (with
 * their status): the caller then gets the precise error instead of a generic "invalid".
 *
 * @example
 * ```ts
 * const store: ApiKeyStore = {
 *   findByHash: (hash) => db.apiKey.findUnique({ where: { hash } }),
 * };
 * ApiEdgeModule.forRoot({ apiKeys: { store } });
 * ```
 */
export interface ApiKeyStore {
  /** The key whose SHA-256 hex is `sha256Hex`, or `null`. May be synchronous. */
  findByHash(sha256Hex: string): ApiKeyRecord | null | undefined | Promise<ApiKeyRecord | null | undefined>;
}
