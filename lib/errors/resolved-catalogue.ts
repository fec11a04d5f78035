import { ApiError, type ApiErrorOptions } from './api-error.js';
import type { BuiltInErrorKey } from './built-in-catalogue.js';
import type { CatalogueEntry, CatalogueEntryInput, LocaleMessages } from './catalogue-entry.js';
import { entryInput } from './catalogue-entry.rules.js';

/** How a key is written in one layer: a full entry input, or an alias. */
export type LayerInput = CatalogueEntryInput | { readonly as: string; readonly message?: string; readonly messages?: LocaleMessages };

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
