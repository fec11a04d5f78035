import { HttpException } from '@nestjs/common';
import type { CatalogueEntry } from './catalogue-entry.js';

/** What a thrower may add to a catalogued error for this one occurrence. */
export interface ApiErrorOptions {
  /** Replaces the entry's default message for this occurrence. */
  readonly message?: string;
  /**
   * Items of the `details` list (per-field violations, per-recipient failures …). Every preset
   * carries them; see README "Envelopes" for where.
   */
  readonly details?: readonly unknown[];
  /**
   * Extra top-level data of this occurrence, e.g. a cost breakdown on 402
   * (`{ required: 12, balance: 3, unit_cost: 0.04 }`). Every preset carries it.
   */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** The request parameter at fault, where the envelope has a place for it (`typed`: `param`). */
  readonly param?: string;
  /** Seconds until a retry may succeed; sent as `Retry-After`. Overrides the entry default. */
  readonly retryAfter?: number;
  /** More response headers (e.g. `RateLimit`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The underlying error, logged for 5xx, never sent to the client. */
  readonly cause?: unknown;
}

/**
 * A catalogued error. Extends Nest's `HttpException`, so Nest and other filters understand it; the
 * module's filter re-resolves it by `key` against the app's catalogue, so an error raised by a
 * guard with the built-in entry still leaves with the app's code, status and message.
 *
 * Create one through a catalogue (`catalogue.error('not_found')`, or the exported `apiError` for
 * built-in keys) rather than with `new`, so the key is type-checked.
 */
export class ApiError extends HttpException {
  /** The catalogue key (the meaning). */
  readonly key: string;

  constructor(
    /** The entry as resolved by the catalogue that created the error. */
    readonly entry: CatalogueEntry,
    /** Occurrence data. */
    readonly occurrence: ApiErrorOptions = {},
  ) {
    super(
      { code: entry.code, message: occurrence.message ?? entry.message },
      entry.status,
      occurrence.cause === undefined ? undefined : { cause: occurrence.cause },
    );
    this.key = entry.key;
    this.name = 'ApiError';
  }
}
