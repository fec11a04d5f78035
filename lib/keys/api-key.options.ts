import type { ApiKeyRecord, ApiKeyStore } from '../ports/api-key-store.port.js';
import type { KeyKind, Principal } from '../ports/principal.js';

/**
 * Where an API key is read from:
 * - a header name (`'x-api-key'`, `'X-Token'`, `'X-Integration-Key'`), case-insensitive;
 * - `{ header, scheme }` for a header with an auth scheme (`{ header: 'authorization', scheme: 'Bearer' }`);
 * - `{ query }` for a query-string parameter (off unless listed: URLs end up in logs and caches).
 */
export type ApiKeySource =
  | string
  | { readonly header: string; readonly scheme?: string }
  | { readonly query: string };

/** Alphabet of the random part of a key (after its prefix). */
export type ApiKeyCharset = 'base62' | 'base64url' | 'hex';

/**
 * A known key format. When `formats` is given, a key must match one (longest prefix first) or it
 * is refused as `invalid_api_key` before any lookup.
 */
export interface ApiKeyFormat {
  /** The prefix, e.g. `msgf_live_`. Case-sensitive. */
  readonly prefix: string;
  /** The kind of key this prefix implies (used when the record has no `kind`). */
  readonly kind?: KeyKind;
  /** Total length including the prefix: exact, or a range. Default: any (up to `maxLength`). */
  readonly length?: number | { readonly min?: number; readonly max?: number };
  /** Alphabet of the part after the prefix. Default `base64url` (letters, digits, `-`, `_`). */
  readonly charset?: ApiKeyCharset;
}

/** Lookup cache settings. Entries are keyed by the key's hash; the cache never holds a key. */
export interface ApiKeyCacheOptions {
  /** How long a found key (any status) is reused, ms. Default 30 000. */
  readonly ttlMs?: number;
  /** How long an unknown hash is remembered, ms. Default 5 000. */
  readonly negativeTtlMs?: number;
  /** Most found keys kept (oldest evicted first). Default 10 000. Unknown hashes get the same budget, apart. */
  readonly maxEntries?: number;
}

/**
 * API key authentication (`apiKeys` of `ApiEdgeModule.forRoot`). Present = every route needs a
 * key unless it is `@Public()` or accepts other credentials (`@AcceptCredentials`).
 *
 * @example
 * ```ts
 * apiKeys: {
 *   store: { findByHash: (hash) => keys.get(hash) ?? null },
 *   sources: ['x-api-key', { header: 'authorization', scheme: 'Bearer' }],
 *   formats: [
 *     { prefix: 'msgf_live_', kind: 'personal', charset: 'base62' },
 *     { prefix: 'msgf_team_', kind: 'team', charset: 'base62' },
 *   ],
 * }
 * ```
 */
export interface ApiKeyOptions {
  /** The app's key store (required): `findByHash(sha256Hex)` → record or null. */
  readonly store: ApiKeyStore;
  /**
   * Where keys are read from, all at once: two different keys in one request is
   * `ambiguous_api_key`, the same key twice is fine. Default `['x-api-key']`.
   */
  readonly sources?: readonly ApiKeySource[];
  /** Known prefixes and their rules. Default none (any key up to `maxLength` is looked up). */
  readonly formats?: readonly ApiKeyFormat[];
  /** Longest key accepted at all, checked before hashing. Default 256. */
  readonly maxLength?: number;
  /** Kind of a key whose record and prefix say nothing. Default `personal`. */
  readonly defaultKind?: KeyKind;
  /**
   * Lookup cache (positive and negative, bounded, in-process); `false` disables it. Default on.
   * One per module (the injectable `ApiKeyCache`): `forget(hash)` after revoking a key.
   */
  readonly cache?: ApiKeyCacheOptions | false;
  /**
   * Maps a found, hash-verified key record (and its kind: the record's, else its prefix's, else
   * `defaultKind`) to the principal handlers and later checks see. Default: the built-in mapping
   * (id, account, kind, scopes, scope level, workspace, allowed IPs, signing secrets, bound
   * resources, plan, data). Called once per lookup; the result is frozen and cached with it. It
   * must return `credential: 'api_key'` and a string `id`.
   *
   * @example
   * ```ts
   * toPrincipal: (record, kind) => ({ credential: 'api_key', id: record.id, accountId: record.accountId, kind,
   *   scopes: record.scopes ?? [], scopeLevel: kind, data: { tier: record.plan } }),
   * ```
   */
  readonly toPrincipal?: (record: ApiKeyRecord, kind: KeyKind) => Principal;
}
