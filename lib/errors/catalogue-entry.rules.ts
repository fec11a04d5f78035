import { BUILT_IN_ACTIONS } from './built-in-actions.js';
import type { CatalogueEntry, CatalogueEntryInput, LocaleMessages } from './catalogue-entry.js';
import { checkLocaleMessages } from './message-locale.js';
import { CatalogueConfigurationError } from './configuration.error.js';

// One entry as written → one resolved, checked entry (and back), and the one wording of
// catalogue errors. The layering (defineCatalogue, catalogue-layering.ts) decides what is written.

const VALID_CODE = /^[A-Za-z0-9_.:-]{1,100}$/;

/** A resolved entry written back as an input (for a catalogue built without its inputs). */
export function entryInput(entry: CatalogueEntry): CatalogueEntryInput {
  const { key: _key, ...input } = entry;
  return input;
}

/** The checked entry of `key` as written (defaults applied: code = key, docs = code, the built-in action). */
export function toEntry(key: string, input: CatalogueEntryInput): CatalogueEntry {
  const code = input.code ?? key;
  if (!VALID_CODE.test(code)) {
    failCatalogue(
      `Cannot use "${code}" as the wire code of "${key}" because a code must be 1-100 characters of letters, digits, "_", ".", ":" or "-".`,
      `choose a code such as "${key.toUpperCase()}".`,
    );
  }
  if (!Number.isInteger(input.status) || input.status < 400 || input.status > 599) {
    failCatalogue(
      `Cannot use status ${String(input.status)} for "${key}" because error statuses must be integers from 400 to 599.`,
      `set a 4xx or 5xx status.`,
    );
  }
  if (typeof input.message !== 'string' || input.message.length === 0) {
    failCatalogue(`Cannot define "${key}" because its message is empty.`, `give it a default message.`);
  }
  if (typeof input.type !== 'string' || input.type.length === 0) {
    failCatalogue(`Cannot define "${key}" because its type is empty.`, `give it a category such as "invalid_request_error".`);
  }
  if (input.retryAfter !== undefined && !(Number.isInteger(input.retryAfter) && input.retryAfter >= 0)) {
    failCatalogue(`Cannot use retryAfter ${String(input.retryAfter)} for "${key}" because it must be whole seconds >= 0.`, `set an integer.`);
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
export function aliasEntry(key: string, target: CatalogueEntry, input: { readonly message?: string; readonly messages?: LocaleMessages }): CatalogueEntry {
  const { messages: targetMessages, ...rest } = target;
  const own = input.messages === undefined ? undefined : checkLocaleMessages(key, input.messages);
  const messages = input.message === undefined ? (own === undefined ? targetMessages : Object.freeze({ ...targetMessages, ...own })) : own;
  return { ...rest, key, message: input.message ?? target.message, ...(messages === undefined ? {} : { messages }) };
}

/** Throws a `CatalogueConfigurationError` reading "Cannot … because …. Fix: …" (`what` carries the first two). */
export function failCatalogue(what: string, fix: string): never {
  throw new CatalogueConfigurationError(`${what} Fix: ${fix}`);
}
