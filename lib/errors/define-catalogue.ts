import { BUILT_IN_CATALOGUE, type BuiltInErrorKey } from './built-in-catalogue.js';
import type { AppEntryInput, CatalogueCodeRow, CatalogueDefinition } from './catalogue-definition.js';
import type { CatalogueEntry, CatalogueEntryInput, CatalogueOverride } from './catalogue-entry.js';
import { aliasEntry, failCatalogue as fail, toEntry } from './catalogue-entry.rules.js';
import { applyCodeRows, layered } from './catalogue-layering.js';
import { applyLocaleTables } from './message-locale.js';
import { Catalogue, type LayerInput } from './resolved-catalogue.js';

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

/** The built-in catalogue as a base layer. */
const BUILT_IN_INPUTS: ReadonlyMap<string, LayerInput> = new Map(Object.entries(BUILT_IN_CATALOGUE as Record<string, CatalogueEntryInput>));

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
