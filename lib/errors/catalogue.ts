import type { ApiError, ApiErrorOptions } from './api-error.js';
import type { BuiltInErrorKey } from './built-in-catalogue.js';
import { defineCatalogue } from './define-catalogue.js';
import { Catalogue } from './resolved-catalogue.js';

// The catalogue's entry point: the class, defineCatalogue and the definition types by their
// home files (resolved-catalogue.ts, define-catalogue.ts, catalogue-definition.ts, with the
// layering in catalogue-layering.ts and entry rules in catalogue-entry.rules.ts), and the built-in
// catalogue with its raisers. Nothing under errors/ imports this file back.

export { Catalogue } from './resolved-catalogue.js';
export { aliasAll, defineCatalogue } from './define-catalogue.js';
export type { AppEntryInput, CatalogueCodeRow, CatalogueDefinition } from './catalogue-definition.js';

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
