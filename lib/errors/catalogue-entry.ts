/**
 * One error the API can return, as its clients see it.
 *
 * The catalogue key (how code raises it) and the wire `code` (what clients match on) are separate,
 * so one app's `INVALID_API_KEY`/401 and another's `invalid_api_key`/403 are the same key.
 */
export interface CatalogueEntry {
  /** The catalogue key this entry was resolved for (the meaning; stable across apps). */
  readonly key: string;
  /** Wire code, e.g. `invalid_api_key` or `INVALID_API_KEY`. */
  readonly code: string;
  /** HTTP status, 400-599. */
  readonly status: number;
  /** Category, e.g. `authentication_error`; the `type` of the `typed` preset. */
  readonly type: string;
  /** Default human-readable message. */
  readonly message: string;
  /** Whether a client may retry the same request unchanged. */
  readonly retryable: boolean;
  /** Anchor appended to the docs base URL (`docs_url`, problem `type`); defaults to the code. */
  readonly docs: string;
  /** Default `Retry-After` in seconds when the thrower does not know better. */
  readonly retryAfter?: number;
  /** What a client should do about it (the "what to do" column of the error docs page). */
  readonly action?: string;
  /**
   * The default message in other languages, by language tag (`{ fr: '…', 'pt-BR': '…' }`). The
   * filter picks one from `Accept-Language`; `message` is the one in the default locale.
   */
  readonly messages?: LocaleMessages;
}

/** Messages by BCP 47 language tag, e.g. `{ fr: 'Clé API invalide.', de: 'Ungültiger API-Schlüssel.' }`. */
export type LocaleMessages = Readonly<Record<string, string>>;

/**
 * How an entry is written in a catalogue definition: everything optional but what cannot be
 * derived. `code` defaults to the key, `docs` to the code, `retryable` to false.
 */
export interface CatalogueEntryInput {
  readonly code?: string;
  readonly status: number;
  readonly type: string;
  readonly message: string;
  readonly retryable?: boolean;
  readonly docs?: string;
  readonly retryAfter?: number;
  /** What a client should do about it; built-in keys have one by default. */
  readonly action?: string;
  /** The message in other languages, by language tag. */
  readonly messages?: LocaleMessages;
}

/**
 * A change to a built-in entry: any field, or `as` to report this meaning as another entry
 * (several meanings sharing one wire code, e.g. missing/invalid/revoked key → `UNAUTHORIZED`).
 * With `as`, only `message` (and its `messages` in other languages) may also be given.
 */
export type CatalogueOverride =
  | Partial<CatalogueEntryInput>
  | { readonly as: string; readonly message?: string; readonly messages?: LocaleMessages };

/**
 * An occurrence detail: one violated rule of one field (validation), or any item an app lists.
 * Every envelope preset carries these in a documented place (see README, "Envelopes").
 */
export interface FieldViolation {
  /** Dotted path of the field, e.g. `recipients.3` or `sender_id`. */
  readonly field: string;
  /** The rule that failed, e.g. `isNotEmpty`, `arrayMaxSize`. */
  readonly constraint: string;
  /** Human-readable message for this violation. */
  readonly message: string;
}
