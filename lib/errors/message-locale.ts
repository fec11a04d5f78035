import type { CatalogueEntry, LocaleMessages } from './catalogue-entry.js';
import { CatalogueConfigurationError } from './configuration.error.js';

// A BCP 47 language tag as far as Accept-Language and Content-Language need it: a language and
// optional subtags (script, region, variants), 1-8 letters or digits each.
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;
// One Accept-Language member: a range and an optional q (RFC 9110 §12.4.2, §12.5.4).
const RANGE = /^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?))?\s*$/;
// More ranges than anyone sends; the rest is ignored so a huge header costs nothing.
const MAX_RANGES = 16;

/**
 * A language tag in its canonical case (RFC 5646 §2.1.1): language lower case, script title case,
 * region upper case (`pt-br` → `pt-BR`, `zh-hant-tw` → `zh-Hant-TW`).
 */
export function canonicalLanguageTag(tag: string): string {
  const parts = tag.split('-');
  let out = (parts[0] as string).toLowerCase();
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i] as string;
    if (part.length === 2) out += `-${part.toUpperCase()}`;
    else if (part.length === 4) out += `-${(part[0] as string).toUpperCase()}${part.slice(1).toLowerCase()}`;
    else out += `-${part.toLowerCase()}`;
  }
  return out;
}

/** Whether `tag` is a language tag this module accepts (`fr`, `fr-CA`, `zh-Hant-TW`). */
export function isLanguageTag(tag: unknown): tag is string {
  return typeof tag === 'string' && LANGUAGE_TAG.test(tag);
}

/**
 * Checks an entry's `messages` at definition: every key a language tag, every message non-empty.
 * Returns them frozen, keyed by canonical tags.
 */
export function checkLocaleMessages(key: string, messages: LocaleMessages): LocaleMessages {
  const out: Record<string, string> = {};
  for (const [tag, message] of Object.entries(messages)) {
    if (!isLanguageTag(tag)) {
      throw new CatalogueConfigurationError(`Cannot use "${tag}" as a locale of "${key}" because it is not a language tag. Fix: use tags such as "fr", "de" or "pt-BR".`);
    }
    if (typeof message !== 'string' || message.length === 0) {
      throw new CatalogueConfigurationError(`Cannot define the "${tag}" message of "${key}" because it is empty. Fix: give it a text, or leave the locale out.`);
    }
    out[canonicalLanguageTag(tag)] = message;
  }
  return Object.freeze(out);
}

/**
 * The language ranges of an `Accept-Language` header, most preferred first: sorted by q (stable
 * for equal q), without `q=0` ranges and malformed members, in canonical case. `[]` when absent.
 *
 * @example
 * ```ts
 * parseAcceptLanguage('fr-CA, fr;q=0.9, en;q=0.8, *;q=0.1'); // ['fr-CA', 'fr', 'en', '*']
 * ```
 */
export function parseAcceptLanguage(header: string | readonly string[] | undefined): string[] {
  if (header === undefined) return [];
  const members = (typeof header === 'string' ? header : header.join(',')).split(',', MAX_RANGES);
  const ranges: Array<{ range: string; q: number; order: number }> = [];
  for (let i = 0; i < members.length; i++) {
    const match = RANGE.exec(members[i] as string);
    if (match === null) continue;
    const q = match[2] === undefined ? 1 : Number(match[2]);
    if (q > 0) ranges.push({ range: match[1] === '*' ? '*' : canonicalLanguageTag(match[1] as string), q, order: i });
  }
  ranges.sort((a, b) => b.q - a.q || a.order - b.order);
  return ranges.map((r) => r.range);
}

/** A message in a language. */
export interface LocalizedMessage {
  readonly message: string;
  /** Its language tag, as sent in `Content-Language`. */
  readonly locale: string;
}

/** How messages are localized (the resolved `i18n` module option). */
export interface MessageLocalization {
  /** The language of the catalogue's `message`s. */
  readonly defaultLocale: string;
  /** Asked first: the entry and the client's ranges; a message, `{ message, locale }`, or undefined. */
  readonly resolve?: (entry: CatalogueEntry, locales: readonly string[]) => string | LocalizedMessage | undefined;
}

/**
 * The entry's message for a client's language ranges, by RFC 4647 §3.4 lookup: for each range in
 * order, the range itself, then shorter and shorter prefixes (`fr-CA` → `fr`); the default
 * locale's message when a range reaches it or is `*`, and when nothing matches.
 * `messages[defaultLocale]`, when present, is preferred to `message` for clients that ask for it.
 */
export function lookupMessage(entry: CatalogueEntry, ranges: readonly string[], defaultLocale: string): LocalizedMessage {
  const messages = entry.messages;
  const fallback = { message: messages?.[defaultLocale] ?? entry.message, locale: defaultLocale };
  for (const range of ranges) {
    if (range === '*') return fallback;
    let tag = range;
    for (;;) {
      const message = messages?.[tag];
      if (message !== undefined) return { message, locale: tag };
      if (tag === defaultLocale) return fallback;
      const cut = tag.lastIndexOf('-');
      if (cut === -1) break;
      tag = tag.slice(0, cut);
      // A single-letter subtag (an extension or private-use marker) goes with what follows it.
      if (tag.length >= 2 && tag[tag.length - 2] === '-') tag = tag.slice(0, -2);
    }
  }
  return { message: entry.message, locale: defaultLocale };
}

/**
 * The entry in the client's language: `entry` itself (and the default locale) when nothing is
 * translated or the client asks for nothing else, else a copy whose `message` is the translation.
 * The `i18n.resolve` hook, when configured, is asked first.
 */
export function localizeEntry(
  entry: CatalogueEntry,
  acceptLanguage: string | readonly string[] | undefined,
  i18n: MessageLocalization,
): { readonly entry: CatalogueEntry; readonly locale: string } {
  // The common case costs nothing: no translations, no hook, or a client that states no preference.
  if ((entry.messages === undefined && i18n.resolve === undefined) || acceptLanguage === undefined) return { entry, locale: i18n.defaultLocale };
  const ranges = parseAcceptLanguage(acceptLanguage);
  let chosen: LocalizedMessage | undefined;
  if (i18n.resolve !== undefined) {
    const hooked = i18n.resolve(entry, ranges);
    if (typeof hooked === 'string' && hooked.length > 0) chosen = { message: hooked, locale: ranges.find((r) => r !== '*') ?? i18n.defaultLocale };
    else if (typeof hooked === 'object' && hooked !== null && hooked.message.length > 0 && isLanguageTag(hooked.locale)) chosen = hooked;
  }
  chosen ??= lookupMessage(entry, ranges, i18n.defaultLocale);
  return { entry: chosen.message === entry.message ? entry : { ...entry, message: chosen.message }, locale: chosen.locale };
}

/**
 * Merges per-locale tables (`{ fr: { key: 'text' } }`) into the catalogue inputs' `messages`,
 * before entries are resolved, so aliases inherit them like any other message. A key the
 * catalogue does not have fails the definition.
 */
export function applyLocaleTables<I extends { readonly messages?: LocaleMessages }>(
  inputs: Map<string, I>,
  tables: { readonly [locale: string]: Readonly<Record<string, string | undefined>> },
): void {
  for (const [locale, table] of Object.entries(tables)) {
    for (const [key, message] of Object.entries(table)) {
      const input = inputs.get(key);
      if (input === undefined) {
        throw new CatalogueConfigurationError(
          `Cannot translate "${key}" into "${locale}" because the catalogue has no such key. Fix: correct the key, or add the entry.`,
        );
      }
      if (message === undefined) continue;
      inputs.set(key, { ...input, messages: { ...input.messages, [locale]: message } });
    }
  }
}
