import type { BuiltInErrorKey } from './built-in-catalogue.js';
import type { CatalogueEntryInput, CatalogueOverride, LocaleMessages } from './catalogue-entry.js';
import type { Catalogue } from './resolved-catalogue.js';

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
