import { ApiError, type ApiErrorOptions } from './api-error.js';
import { BUILT_IN_CATALOGUE, type BuiltInErrorKey } from './built-in-catalogue.js';
import { BUILT_IN_ACTIONS } from './built-in-actions.js';
import type { CatalogueEntry, CatalogueEntryInput, CatalogueOverride, LocaleMessages } from './catalogue-entry.js';
import { applyLocaleTables, checkLocaleMessages } from './message-locale.js';
import { CatalogueConfigurationError } from './configuration.error.js';

/** An entry of an app's own catalogue: a full entry, or `as` to reuse another entry's code. */
export type AppEntryInput = CatalogueEntryInput | { readonly as: string; readonly message?: string; readonly messages?: LocaleMessages };

/** What `defineCatalogue` takes. */
export interface CatalogueDefinition<E extends Record<string, AppEntryInput>> {
  /** Changes to built-in entries, by key: rename (`code`), re-status, re-type, re-word, or alias (`as`). */
  readonly overrides?: { readonly [K in BuiltInErrorKey]?: CatalogueOverride };
  /** The app's own entries, by key. Keys must not repeat a built-in key (override it instead). */
  readonly entries?: E;
  /**
   * Translations by locale, then by key, e.g. one table per language file:
   * `{ fr: { invalid_api_key: 'Clé API invalide.' } }`. Merged into each entry's `messages`.
   */
  readonly messages?: { readonly [locale: string]: { readonly [K in BuiltInErrorKey | (keyof E & string)]?: string } };
}

const VALID_CODE = /^[A-Za-z0-9_.:-]{1,100}$/;

/**
 * A resolved, validated error catalogue. `K` is every key it knows, so `error()` only compiles for
 * those.
 */
export class Catalogue<K extends string = BuiltInErrorKey> {
  private readonly byKey: ReadonlyMap<string, CatalogueEntry>;

  /** Use {@link defineCatalogue}. */
  constructor(byKey: ReadonlyMap<string, CatalogueEntry>) {
    this.byKey = byKey;
  }

  /** The entry for `key`; unknown keys (possible only from untyped code) resolve to `internal_error`. */
  get(key: K | BuiltInErrorKey): CatalogueEntry {
    return this.byKey.get(key) ?? (this.byKey.get('internal_error') as CatalogueEntry);
  }

  /** Whether `key` is in this catalogue (for run-time lookups such as per-feature codes). */
  has(key: string): key is K {
    return this.byKey.has(key);
  }

  /** Looks a key up at run time without the type-level guarantee. */
  find(key: string): CatalogueEntry | undefined {
    return this.byKey.get(key);
  }

  /**
   * A throwable catalogued error.
   * @example
   * ```ts
   * throw catalogue.error('INSUFFICIENT_BALANCE', { extra: { required: 12, balance: 3 } });
   * ```
   */
  error(key: K | BuiltInErrorKey, options?: ApiErrorOptions): ApiError {
    return new ApiError(this.get(key), options);
  }

  /** Every entry, one per key (aliases included), in definition order. */
  entries(): CatalogueEntry[] {
    return [...this.byKey.values()];
  }
}

/**
 * Defines an app's catalogue on top of the built-in one, checked at once: a bad definition throws
 * a {@link CatalogueConfigurationError} that says what to fix.
 *
 * @example
 * ```ts
 * export const catalogue = defineCatalogue({
 *   overrides: {
 *     invalid_api_key: { code: 'INVALID_API_KEY', status: 401 },
 *     missing_api_key: { as: 'invalid_api_key' },
 *   },
 *   entries: {
 *     INSUFFICIENT_BALANCE: { status: 402, type: 'billing_error', message: 'Balance too low.' },
 *   },
 * });
 * export const apiError = catalogue.error.bind(catalogue);
 * apiError('INSUFFICIENT_BALANCE', { extra: { required: 12, balance: 3 } }); // compiles
 * apiError('INSUFICIENT_BALANCE'); // does not compile
 * ```
 */
export function defineCatalogue<const E extends Record<string, AppEntryInput> = Record<never, never>>(
  definition: CatalogueDefinition<E> = {},
): Catalogue<BuiltInErrorKey | (keyof E & string)> {
  const overrides = (definition.overrides ?? {}) as Record<string, CatalogueOverride>;
  const appEntries = (definition.entries ?? {}) as Record<string, AppEntryInput>;

  for (const key of Object.keys(overrides)) {
    if (!(key in BUILT_IN_CATALOGUE)) {
      fail(
        `Cannot override "${key}" because it is not a built-in error key.`,
        `add it under "entries" instead, or correct the spelling of a built-in key.`,
      );
    }
  }
  for (const key of Object.keys(appEntries)) {
    if (key in BUILT_IN_CATALOGUE) {
      fail(
        `Cannot add entry "${key}" because it is already a built-in error key.`,
        `move it to "overrides" to change the built-in entry.`,
      );
    }
  }

  const inputs = new Map<string, CatalogueOverride | AppEntryInput>();
  for (const [key, base] of Object.entries(BUILT_IN_CATALOGUE)) {
    const override = overrides[key];
    inputs.set(key, override && 'as' in override ? override : { ...base, ...override });
  }
  for (const [key, input] of Object.entries(appEntries)) inputs.set(key, input);
  if (definition.messages !== undefined) applyLocaleTables(inputs, definition.messages);

  const resolved = new Map<string, CatalogueEntry>();
  const keyByCode = new Map<string, string>();
  for (const [key, input] of inputs) {
    if ('as' in input) continue;
    const entry = toEntry(key, input as CatalogueEntryInput);
    const owner = keyByCode.get(entry.code);
    if (owner !== undefined) {
      fail(
        `Cannot use wire code "${entry.code}" for "${key}" because "${owner}" already uses it.`,
        `give one of them another code, or write { as: '${owner}' } for "${key}" to report both meanings with one entry.`,
      );
    }
    keyByCode.set(entry.code, key);
    resolved.set(key, entry);
  }
  for (const [key, input] of inputs) {
    if (!('as' in input)) continue;
    const target = resolved.get(input.as);
    if (!target) {
      fail(
        `Cannot alias "${key}" to "${input.as}" because "${input.as}" is not a catalogue entry (or is itself an alias).`,
        `point "as" at a key that has its own code.`,
      );
    }
    resolved.set(key, aliasEntry(key, target, input));
  }
  // Keep definition order for tables and docs.
  const ordered = new Map<string, CatalogueEntry>();
  for (const key of inputs.keys()) ordered.set(key, Object.freeze(resolved.get(key) as CatalogueEntry));
  return new Catalogue(ordered);
}

/**
 * Overrides that report every key of `keys` with the entry of `target` (`{ as: target }` each;
 * `target` itself is skipped, so a family may contain it). Spread it into `overrides`; an override
 * written after the spread wins.
 *
 * @example
 * ```ts
 * defineCatalogue({ overrides: {
 *   invalid_api_key: { code: 'UNAUTHORIZED', message: 'API key missing, invalid, or revoked.' },
 *   ...aliasAll('invalid_api_key', [...BUILT_IN_FAMILIES.apiKeyStates, ...BUILT_IN_FAMILIES.signatures]),
 * } });
 * ```
 */
export function aliasAll<K extends BuiltInErrorKey>(
  target: BuiltInErrorKey,
  keys: readonly K[],
): { readonly [P in K]?: { readonly as: BuiltInErrorKey } } {
  const overrides: { [P in K]?: { readonly as: BuiltInErrorKey } } = {};
  for (const key of keys) if (key !== target) overrides[key] = { as: target };
  return overrides;
}

function toEntry(key: string, input: CatalogueEntryInput): CatalogueEntry {
  const code = input.code ?? key;
  if (!VALID_CODE.test(code)) {
    fail(
      `Cannot use "${code}" as the wire code of "${key}" because a code must be 1-100 characters of letters, digits, "_", ".", ":" or "-".`,
      `choose a code such as "${key.toUpperCase()}".`,
    );
  }
  if (!Number.isInteger(input.status) || input.status < 400 || input.status > 599) {
    fail(
      `Cannot use status ${String(input.status)} for "${key}" because error statuses must be integers from 400 to 599.`,
      `set a 4xx or 5xx status.`,
    );
  }
  if (typeof input.message !== 'string' || input.message.length === 0) {
    fail(`Cannot define "${key}" because its message is empty.`, `give it a default message.`);
  }
  if (typeof input.type !== 'string' || input.type.length === 0) {
    fail(`Cannot define "${key}" because its type is empty.`, `give it a category such as "invalid_request_error".`);
  }
  if (input.retryAfter !== undefined && !(Number.isInteger(input.retryAfter) && input.retryAfter >= 0)) {
    fail(`Cannot use retryAfter ${String(input.retryAfter)} for "${key}" because it must be whole seconds >= 0.`, `set an integer.`);
  }
  const action = input.action ?? (BUILT_IN_ACTIONS as Readonly<Record<string, string>>)[key];
  return {
    key,
    code,
    status: input.status,
    type: input.type,
    message: input.message,
    retryable: input.retryable ?? false,
    docs: input.docs ?? code,
    ...(input.retryAfter === undefined ? {} : { retryAfter: input.retryAfter }),
    ...(action === undefined ? {} : { action }),
    ...(input.messages === undefined ? {} : { messages: checkLocaleMessages(key, input.messages) }),
  };
}

// An alias reports its target's entry under its own key. Its own message drops the target's
// translations (they translate another text) unless it brings its own.
function aliasEntry(key: string, target: CatalogueEntry, input: { readonly message?: string; readonly messages?: LocaleMessages }): CatalogueEntry {
  const { messages: targetMessages, ...rest } = target;
  const own = input.messages === undefined ? undefined : checkLocaleMessages(key, input.messages);
  const messages = input.message === undefined ? (own === undefined ? targetMessages : Object.freeze({ ...targetMessages, ...own })) : own;
  return { ...rest, key, message: input.message ?? target.message, ...(messages === undefined ? {} : { messages }) };
}

function fail(what: string, fix: string): never {
  throw new CatalogueConfigurationError(`${what} Fix: ${fix}`);
}

/** The built-in catalogue, unchanged. */
export const builtInCatalogue: Catalogue = defineCatalogue<Record<never, never>>();

/**
 * Raises a built-in catalogued error. Apps with their own entries bind their own:
 * `export const apiError = catalogue.error.bind(catalogue)`.
 * @example
 * ```ts
 * throw apiError('not_found');
 * ```
 */
export const apiError = (key: BuiltInErrorKey, options?: ApiErrorOptions): ApiError =>
  builtInCatalogue.error(key, options);
