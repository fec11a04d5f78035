import { Inject, Injectable } from '@nestjs/common';
import { ApiEdgeOptions } from '../api-edge.options.js';
import { ApiKeyLookupCache } from './api-key-lookup.cache.js';
import type { KnownApiKey } from './known-api-key.js';

/**
 * The module's one cache of API-key lookups (`apiKeys.cache`), an injectable provider: every
 * `AuthenticationGuard` instance shares it — the global guard's, and the ones Nest builds for
 * `@UseGuards(AuthenticationGuard)` in the app's modules — so forgetting a key takes effect on
 * the next request whichever guard serves it.
 *
 * Keyed by the key's SHA-256 hex (it never holds a key). Off (every call a no-op) when `apiKeys`
 * is not configured or `apiKeys.cache` is `false`.
 *
 * @example
 * ```ts
 * constructor(private readonly apiKeyCache: ApiKeyCache) {}
 * async revoke(key: string) {
 *   await this.keys.revoke(hashApiKey(key)); // your store first
 *   this.apiKeyCache.forget(hashApiKey(key));
 * }
 * ```
 */
@Injectable()
export class ApiKeyCache {
  private readonly lookups: ApiKeyLookupCache<KnownApiKey> | null;

  constructor(@Inject(ApiEdgeOptions) options: ApiEdgeOptions) {
    const cache = options.apiKeys?.cache ?? null;
    this.lookups = cache === null ? null : new ApiKeyLookupCache<KnownApiKey>(options.clock, cache.ttlMs, cache.negativeTtlMs, cache.maxEntries);
  }

  /** Whether lookups are cached at all. */
  get enabled(): boolean {
    return this.lookups !== null;
  }

  /** Forgets one key's lookup (after revoking or editing it in the store), by its SHA-256 hex. */
  forget(hash: string): void {
    this.lookups?.delete(hash.toLowerCase());
  }

  /** Forgets every lookup. */
  clear(): void {
    this.lookups?.clear();
  }

  /** Entries held (found + unknown), for tests and metrics. */
  get size(): number {
    return this.lookups?.size ?? 0;
  }

  /**
   * The cached lookup: the known key, `null` for a hash known to be unknown, `undefined` on a
   * miss. For `AuthenticationGuard`.
   */
  get(hash: string): KnownApiKey | null | undefined {
    return this.lookups?.get(hash);
  }

  /** Remembers a lookup (`null`: the hash is unknown). For `AuthenticationGuard`. */
  set(hash: string, known: KnownApiKey | null): void {
    this.lookups?.set(hash, known);
  }
}
