import type { CatalogueEntry } from './catalogue-entry.js';
import { OptionsConfigurationError } from './configuration.error.js';
import { canonicalLanguageTag, isLanguageTag, type LocalizedMessage, type MessageLocalization } from './message-locale.js';

/**
 * Messages per locale. Catalogue entries carry translations in `messages: { fr: '…' }`; the filter
 * picks one from `Accept-Language` and sends `Content-Language`. Only catalogue messages are
 * translated: a message the thrower wrote is sent as written.
 *
 * @example
 * ```ts
 * // nestjs-i18n: translate by code, fall back to the catalogue when a key is missing.
 * ApiEdgeModule.forRootAsync({
 *   inject: [I18nService],
 *   useFactory: (i18n: I18nService) => ({
 *     i18n: {
 *       resolve: (entry, locales) => {
 *         const lang = locales.find((l) => l !== '*');
 *         return lang === undefined ? undefined : { message: i18n.t(`errors.${entry.code}`, { lang }), locale: lang };
 *       },
 *     },
 *   }),
 * });
 * ```
 */
export interface I18nOptions {
  /** The language of the catalogue's `message`s, sent as `Content-Language` when no translation is used. Default `en`. */
  readonly defaultLocale?: string;
  /**
   * Asked first for every catalogue message: the entry and the client's language ranges (most
   * preferred first, from `Accept-Language`). Return the message (its locale is then the first
   * range), `{ message, locale }`, or `undefined` to use the entry's `messages`.
   */
  readonly resolve?: (entry: CatalogueEntry, locales: readonly string[]) => string | LocalizedMessage | undefined;
}

/** {@link I18nOptions} with defaults applied. */
export type ResolvedI18nOptions = MessageLocalization;

/** Applies defaults to {@link I18nOptions} and checks them. */
export function resolveI18nOptions(options: I18nOptions = {}): ResolvedI18nOptions {
  const defaultLocale = options.defaultLocale ?? 'en';
  if (!isLanguageTag(defaultLocale)) {
    throw new OptionsConfigurationError(
      `Cannot use i18n.defaultLocale "${String(defaultLocale)}" because it is not a language tag. Fix: use the language of your catalogue messages, e.g. "en" or "fr".`,
    );
  }
  if (options.resolve !== undefined && typeof options.resolve !== 'function') {
    throw new OptionsConfigurationError('Cannot use i18n.resolve because it is not a function. Fix: pass (entry, locales) => message | undefined.');
  }
  return Object.freeze({ defaultLocale: canonicalLanguageTag(defaultLocale), ...(options.resolve === undefined ? {} : { resolve: options.resolve }) });
}
