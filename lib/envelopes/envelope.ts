import type { CatalogueEntry } from '../errors/catalogue-entry.js';

/** Everything an envelope may put on the wire for one error occurrence. */
export interface ResolvedError {
  /** The catalogue entry (code, status, type, retryable, docs anchor). */
  readonly entry: CatalogueEntry;
  /** The occurrence message (the thrower's, else the entry's). */
  readonly message: string;
  /** Per-field violations or other listed items; `[]` when there are none. */
  readonly details: readonly unknown[];
  /** Extra top-level data (e.g. a cost breakdown); `{}` when there is none. */
  readonly extra: Readonly<Record<string, unknown>>;
  /** The parameter at fault, when known. */
  readonly param: string | null;
  /** The request id echoed in `X-Request-Id`. */
  readonly requestId: string;
  /** `docsBaseUrl` + `#` + the entry's anchor, when a docs base URL is configured. */
  readonly docsUrl: string | null;
  /** The request path (RFC 9457 `instance`). */
  readonly instance: string;
  /** Seconds for `Retry-After`, when known. */
  readonly retryAfter: number | null;
  /**
   * The language of `message` (and of `entry.message`), as sent in `Content-Language`; absent
   * when the filter did not choose one (a hand-built error).
   */
  readonly locale?: string;
}

/** What an envelope produces: the response status, any headers of its own, and the body. */
export interface EnvelopeOutput {
  readonly status: number;
  /** Content type of the body; `application/json` when omitted. */
  readonly contentType?: string;
  /** Headers the envelope adds (the filter already sets request id and Retry-After). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** A JSON Schema (draft-07 keywords that JSON Schema 2020-12 and OpenAPI 3.1 read the same way). */
export type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * A pure function from a resolved error to status, headers and body. Write your own when no
 * preset fits; presets are listed in {@link ENVELOPE_PRESETS}. A function may carry what the
 * library publishes about it (its body's JSON Schema, its request id header): build it with
 * {@link defineEnvelope}.
 *
 * @example
 * ```ts
 * const envelope: Envelope = (e) => ({ status: e.entry.status, body: { ok: false, err: e.entry.code } });
 * ApiEdgeModule.forRoot({ envelope });
 * ```
 */
export interface Envelope {
  (error: ResolvedError): EnvelopeOutput;
  /** JSON Schema of the body, for OpenAPI documents and contract tests. */
  readonly schema?: JsonSchema;
  /**
   * The response header that carries the request id when `requestId.header` is not set
   * (Stripe's `Request-Id` for the `stripe` preset). Default `X-Request-Id`.
   */
  readonly requestIdHeader?: string;
}

