import { ApiError, type ApiErrorOptions } from './api-error.js';
import { BUILT_IN_CATALOGUE, type BuiltInErrorKey } from './built-in-catalogue.js';
import { BUILT_IN_ACTIONS } from './built-in-actions.js';
import type { CatalogueEntry, CatalogueEntryInput, CatalogueOverride, LocaleMessages } from './catalogue-entry.js';
import { applyLocaleTables, checkLocaleMessages } from './message-locale.js';
import { CatalogueConfigurationError } from './configuration.error.js';

// Why this file is long: the catalogue's layering (built-in, entries, overrides,
// aliases) and its code rows are checked together at definition time; splitting the code rows
// out is pending (see docs/architecture.md).

/** An entry of an app's own catalogue: a full entry, or `as` to reuse another entry's code. */
export type AppEntryInput = CatalogueEntryInput | { readonly as: string; readonly message?: string; readonly messages?: LocaleMessages };

/**
 * One wire code, written the way error tables lay it out: the code, its status and message, and
 * the meanings (catalogue keys) it covers. The first covered key carries the fields; every other
 * covered key reports as it (`{ as: first }`). Fields not given are kept from the first key's
 * entry in the catalogue being extended (or the built-in one).
 *
 * @example
 * ```ts
 * codes: { FORBIDDEN: { status: 403, message: 'Not allowed.', covers: ['forbidden', 'insufficient_scope', 'ip_not_allowed'] } }
 * ```
 */
export interface CatalogueCodeRow<K extends string = string> {
  /** The meanings this code stands for; the first one carries the entry. Not empty. */
  readonly covers: readonly K[];
  readonly status?: number;
  readonly type?: string;
  readonly message?: string;
  readonly retryable?: boolean;
  readonly docs?: string;
  readonly retryAfter?: number;
}

/**
 * What `defineCatalogue` takes. Layers apply in this order: the catalogue it `extends` (default:
 * the built-in one) ← `entries` (new keys) ← `overrides` (changes to keys of the base) ← `codes`
 * (one row per wire code).
 */
export interface CatalogueDefinition<E extends Record<string, AppEntryInput>, B extends string = BuiltInErrorKey> {
  /**
   * The catalogue this one changes: a defined {@link Catalogue} or a definition. Its keys can be
   * overridden and covered like built-in ones. Default: the built-in catalogue.
   */
  readonly extends?: Catalogue<B> | CatalogueDefinition<{ readonly [K in B]: AppEntryInput }, string>;
  /** Changes to the base's entries, by key: rename (`code`), re-status, re-type, re-word, or alias (`as`). */
  readonly overrides?: { readonly [K in NoInfer<B> | BuiltInErrorKey]?: CatalogueOverride };
  /** The app's own entries, by key. Keys must not repeat a key of the base (override it instead). */
  readonly entries?: E;
  /** One row per wire code, each with the meanings it covers (see {@link CatalogueCodeRow}). */
  readonly codes?: { readonly [code: string]: CatalogueCodeRow<NoInfer<B> | BuiltInErrorKey | (keyof NoInfer<E> & string)> };
  /**
   * Translations by locale, then by key, e.g. one table per language file:
   * `{ fr: { invalid_api_key: 'Clé API invalide.' } }`. Merged into each entry's `messages`.
   */
  readonly messages?: { readonly [locale: string]: { readonly [K in NoInfer<B> | BuiltInErrorKey | (keyof NoInfer<E> & string)]?: string } };
}

/** How a key is written in one layer: a full entry input, or an alias. */
type LayerInput = CatalogueEntryInput | { readonly as: string; readonly message?: string; readonly messages?: LocaleMessages };

const VALID_CODE = /^[A-Za-z0-9_.:-]{1,100}$/;

/**
 * A resolved, validated error catalogue. `K` is every key it knows, so `error()` only compiles for
 * those.
 */
export class Catalogue<K extends string = BuiltInErrorKey> {
  private readonly byKey: ReadonlyMap<string, CatalogueEntry>;
  /** How each key was written once every layer applied; what a catalogue extending this one starts from. */
  private readonly inputs: ReadonlyMap<string, LayerInput>;

  /**
   * Use {@link defineCatalogue}. `inputs` (each key as written, for catalogues that extend this
   * one) defaults to the resolved entries themselves.
   */
  constructor(byKey: ReadonlyMap<string, CatalogueEntry>, inputs?: ReadonlyMap<string, LayerInput>) {
    this.byKey = byKey;
    this.inputs = inputs ?? new Map([...byKey].map(([key, entry]) => [key, entryInput(entry)]));
    // Bound once, so `export const apiError = catalogue.error` is the app's typed raiser as it
    // stands (no `.bind`): passed around detached, it still reads this catalogue.
    this.error = this.error.bind(this);
  }

  /** Each key as written (internal to layering: `defineCatalogue({ extends })` reads it). */
  static inputsOf(catalogue: Catalogue<string>): ReadonlyMap<string, LayerInput> {
    return catalogue.inputs;
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
   * A throwable catalogued error. Bound to this catalogue, so an app exports it as its own typed
   * raiser: `export const apiError = catalogue.error`.
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
 * Defines an app's catalogue on top of the built-in one (or of the catalogue it `extends`),
 * checked at once: a bad definition throws a {@link CatalogueConfigurationError} that says what to
 * fix.
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
 * export const apiError = catalogue.error; // bound: the app's typed raiser
 * apiError('INSUFFICIENT_BALANCE', { extra: { required: 12, balance: 3 } }); // compiles
 * apiError('INSUFICIENT_BALANCE'); // does not compile
 *
 * // A profile of that catalogue, one row per wire code:
 * const partner = defineCatalogue({
 *   extends: catalogue,
 *   codes: { UNAUTHORIZED: { message: 'Bad key.', covers: ['invalid_api_key', 'missing_api_key', 'api_key_revoked'] } },
 * });
 * ```
 */
export function defineCatalogue<
  const E extends Record<string, AppEntryInput> = Record<never, never>,
  B extends string = BuiltInErrorKey,
>(definition: CatalogueDefinition<E, B> = {}): Catalogue<B | BuiltInErrorKey | (keyof E & string)> {
  const base = baseInputs(definition.extends);
  const overrides = (definition.overrides ?? {}) as Record<string, CatalogueOverride>;
  const appEntries = (definition.entries ?? {}) as Record<string, AppEntryInput>;
  const codes = (definition.codes ?? {}) as Record<string, CatalogueCodeRow>;
  const extended = definition.extends !== undefined;

  for (const key of Object.keys(overrides)) {
    if (!base.has(key)) {
      fail(
        extended
          ? `Cannot override "${key}" because it is not a key of the catalogue this one extends.`
          : `Cannot override "${key}" because it is not a built-in error key.`,
        `add it under "entries" instead, or correct the spelling of ${extended ? 'an existing' : 'a built-in'} key.`,
      );
    }
  }
  for (const key of Object.keys(appEntries)) {
    if (base.has(key)) {
      fail(
        extended
          ? `Cannot add entry "${key}" because it is already a key of the catalogue this one extends.`
          : `Cannot add entry "${key}" because it is already a built-in error key.`,
        `move it to "overrides" to change the existing entry.`,
      );
    }
  }

  const inputs = new Map<string, LayerInput>(base);
  for (const [key, input] of Object.entries(appEntries)) inputs.set(key, input);
  for (const [key, override] of Object.entries(overrides)) inputs.set(key, layered(base, key, override));
  applyCodeRows(codes, base, inputs, overrides);
  if (definition.messages !== undefined) applyLocaleTables(inputs, definition.messages);

  const resolved = new Map<string, CatalogueEntry>();
  const keyByCode = new Map<string, string>();
  for (const [key, input] of inputs) {
    if ('as' in input) continue;
    const entry = toEntry(key, input);
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
  return new Catalogue(ordered, inputs);
}

/** Each key of the base layer as written: the built-in catalogue, or what `extends` names. */
function baseInputs(base: CatalogueDefinition<Record<string, AppEntryInput>, string> | Catalogue<string> | undefined): ReadonlyMap<string, LayerInput> {
  if (base === undefined) return BUILT_IN_INPUTS;
  return Catalogue.inputsOf(base instanceof Catalogue ? base : defineCatalogue(base));
}

/**
 * A key of the base with one change applied. An `as` replaces the entry; fields change it and keep
 * the rest. A field change to a base alias starts from the entry it pointed at, under its own
 * code (its key), since two keys cannot share a code without `as`.
 */
function layered(base: ReadonlyMap<string, LayerInput>, key: string, change: CatalogueOverride): LayerInput {
  if ('as' in change) return change;
  const before = base.get(key) as LayerInput;
  if (!('as' in before)) return { ...before, ...change };
  const target = base.get(before.as);
  if (target === undefined || 'as' in target) {
    fail(
      `Cannot change "${key}" because it reports as "${before.as}", which has no entry of its own in the catalogue it extends.`,
      `give "${key}" a whole entry (status, type, message) or point it at another key with { as }.`,
    );
  }
  const { code: _code, docs: _docs, ...fields } = target;
  return { ...fields, ...(before.message === undefined ? {} : { message: before.message }), ...change };
}

/** Applies the `codes` rows: the first covered key gets the row, every other one `{ as: first }`. */
function applyCodeRows(
  codes: Record<string, CatalogueCodeRow>,
  base: ReadonlyMap<string, LayerInput>,
  inputs: Map<string, LayerInput>,
  overrides: Record<string, CatalogueOverride>,
): void {
  const rowByKey = new Map<string, string>();
  for (const [code, row] of Object.entries(codes)) {
    const covers = Array.isArray(row.covers) ? row.covers : [];
    if (covers.length === 0) {
      fail(`Cannot define code "${code}" because it covers no meaning.`, `list the catalogue keys it stands for, e.g. covers: ['forbidden'].`);
    }
    const first = covers[0] as string;
    for (const key of new Set(covers)) {
      if (!inputs.has(key)) {
        fail(
          `Cannot cover "${key}" with code "${code}" because "${key}" is not a key of the catalogue.`,
          `correct the spelling, or add "${key}" under "entries" first.`,
        );
      }
      const other = rowByKey.get(key);
      if (other !== undefined) {
        fail(
          `Cannot cover "${key}" with code "${code}" because code "${other}" already covers it.`,
          `keep "${key}" in one row only: a meaning leaves with one wire code.`,
        );
      }
      if (Object.hasOwn(overrides, key)) {
        fail(
          `Cannot cover "${key}" with code "${code}" because "overrides" changes it too.`,
          `move the change into the row of "${code}" (or drop "${key}" from its covers).`,
        );
      }
      rowByKey.set(key, code);
    }
    const { covers: _covers, ...fields } = row;
    const change: CatalogueOverride = { ...fields, code };
    // A key new in this definition has no base entry to layer on: the row changes the entry as written.
    const entry = base.has(first) ? layered(base, first, change) : layeredOnEntry(inputs.get(first) as LayerInput, first, change);
    inputs.set(first, entry);
    for (const key of covers) if (key !== first) inputs.set(key, { as: first });
  }
}

function layeredOnEntry(input: LayerInput, key: string, change: CatalogueOverride): LayerInput {
  if ('as' in input) {
    fail(
      `Cannot give "${key}" a code row because it is written as { as: '${input.as}' } in "entries".`,
      `write "${key}" as a whole entry, or cover "${input.as}" in the row instead.`,
    );
  }
  return { ...input, ...change };
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

/** The built-in catalogue as a base layer. */
const BUILT_IN_INPUTS: ReadonlyMap<string, LayerInput> = new Map(Object.entries(BUILT_IN_CATALOGUE as Record<string, CatalogueEntryInput>));

/** A resolved entry written back as an input (for a catalogue built without its inputs). */
function entryInput(entry: CatalogueEntry): CatalogueEntryInput {
  const { key: _key, ...input } = entry;
  return input;
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
 * Raises an error of the built-in catalogue: built-in keys only, so an app code does not compile.
 * It is for code that knows no app catalogue (libraries, the module itself); the filter still
 * re-resolves the key in the app's catalogue, so it leaves with the app's code and status.
 * Apps with their own entries raise through their catalogue instead:
 * `export const apiError = catalogue.error`.
 * @example
 * ```ts
 * throw builtInApiError('not_found');
 * ```
 */
export const builtInApiError = (key: BuiltInErrorKey, options?: ApiErrorOptions): ApiError =>
  builtInCatalogue.error(key, options);

/**
 * The former name of {@link builtInApiError} (built-in keys only).
 * @deprecated Use `builtInApiError`, or your catalogue's bound raiser
 * (`export const apiError = catalogue.error`), whose name this one shadowed.
 */
export const apiError: typeof builtInApiError = builtInApiError;
