import { checkOptionalFunction, failOption, optionError } from '../options/option-checks.js';
import type { ApiKeyStore } from '../ports/api-key-store.port.js';
import type { KeyKind } from '../ports/principal.js';
import { ApiKeyFormatRules } from './api-key-format.rules.js';
import type { ApiKeyCacheOptions, ApiKeyOptions, ApiKeySource } from './api-key.options.js';
import { CredentialSourceReader } from './credential-source.reader.js';

// Not in api-key.options.ts: the reader and format rules import that file's types, and the
// resolver builds them, so one file would make an import circle.

/** The key kinds a key record may carry. */
export const KEY_KINDS: ReadonlySet<string> = new Set(['personal', 'team', 'organization']);

/** The `apiKeys` section, validated once at start-up. */
export interface ResolvedApiKeys {
  readonly store: ApiKeyStore;
  readonly reader: CredentialSourceReader;
  readonly formats: ApiKeyFormatRules;
  readonly defaultKind: KeyKind;
  readonly toPrincipal: ApiKeyOptions['toPrincipal'];
  /**
   * The known prefixes (`apiKeys.formats`) in the order given, with the kind each implies: what an
   * app mints new keys with, so they pass the format rules. Empty when any format is accepted.
   */
  readonly prefixes: readonly { readonly prefix: string; readonly kind: KeyKind | undefined }[];
  /** The sources keys are read from, defaults applied (`['x-api-key']`), for documentation (OpenAPI). */
  readonly sources: readonly ApiKeySource[];
  /** The lookup cache's settings (`apiKeys.cache`, defaults applied); null when it is off. */
  readonly cache: ResolvedApiKeyCache | null;
}

/** `apiKeys.cache` with defaults applied: what `ApiKeyCache` builds its lookup cache with. */
export interface ResolvedApiKeyCache {
  readonly ttlMs: number;
  readonly negativeTtlMs: number;
  readonly maxEntries: number;
}

/** Applies defaults to the `apiKeys` section and validates it; null when absent (API keys are off). */
export function resolveApiKeyOptions(input: ApiKeyOptions | undefined): ResolvedApiKeys | null {
  if (input === undefined) return null;
  if (typeof input?.store?.findByHash !== 'function') {
    throw optionError('authenticate API keys', 'apiKeys.store has no findByHash function', 'pass { store: { findByHash: (sha256Hex) => record | null } } (see docs/authentication.md)');
  }
  const defaultKind = input.defaultKind ?? 'personal';
  if (!KEY_KINDS.has(defaultKind)) {
    throw optionError(`use apiKeys.defaultKind "${String(defaultKind)}"`, 'it is not a key kind', 'use personal, team or organization');
  }
  checkOptionalFunction(input.toPrincipal, 'apiKeys.toPrincipal', 'pass (record, kind) => principal, or omit it for the built-in mapping');
  const sources = input.sources ?? ['x-api-key'];
  const reader = new CredentialSourceReader(sources, 'apiKeys.sources');
  const formats = new ApiKeyFormatRules(input.formats, input.maxLength ?? 256);
  return Object.freeze({
    store: input.store,
    reader,
    formats,
    // After ApiKeyFormatRules has checked every format.
    prefixes: Object.freeze((input.formats ?? []).map((format) => Object.freeze({ prefix: format.prefix, kind: format.kind }))),
    // Copied (the reader has checked them), so freezing the options never freezes the caller's list.
    sources: Object.freeze(sources.map((source) => (typeof source === 'string' ? source : Object.freeze({ ...source })))),
    cache: input.cache === false ? null : resolveApiKeyCache(input.cache),
    defaultKind,
    toPrincipal: input.toPrincipal,
  });
}

/** Applies the defaults of `apiKeys.cache` (30 s, 5 s for unknown keys, 10,000 entries) and validates it. */
function resolveApiKeyCache(input: ApiKeyCacheOptions | undefined): ResolvedApiKeyCache {
  const cache = { ttlMs: input?.ttlMs ?? 30_000, negativeTtlMs: input?.negativeTtlMs ?? 5_000, maxEntries: input?.maxEntries ?? 10_000 };
  for (const [name, min] of [['ttlMs', 0], ['negativeTtlMs', 0], ['maxEntries', 1]] as const) {
    const value = cache[name];
    if (!Number.isInteger(value) || value < min) {
      failOption(`use apiKeys.cache.${name} ${String(value)}`, `it must be an integer >= ${min}`, 'omit it for the default, or pass cache: false to disable the cache');
    }
  }
  return Object.freeze(cache);
}
