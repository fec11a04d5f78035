/** The envelope presets {@link parseErrorEnvelope} recognizes. */
export type ErrorEnvelopeShape = 'nested' | 'flat' | 'status-flag' | 'object' | 'typed' | 'problem' | 'stripe';

/** An API error read from a response, whatever envelope preset the API uses. */
export interface ParsedErrorEnvelope {
  /** Which preset the body was recognized as. */
  readonly shape: ErrorEnvelopeShape;
  /** The wire code (`INVALID_API_KEY`, `invalid_signature` …): match on this. */
  readonly code: string;
  /** The human-readable message (may change; never match on it). */
  readonly message: string;
  /** The category (`authentication_error` …), where the envelope carries one (`typed`, `stripe`). */
  readonly type?: string;
  /** The request parameter at fault, where the envelope carries one and one is at fault. */
  readonly param?: string;
  /** The docs URL of the code (`docs_url`, Stripe's `doc_url`, a problem's `type` URL). */
  readonly docsUrl?: string;
  /** The HTTP status: the problem body's `status`, else the one passed in the options. */
  readonly status?: number;
  /** The request id, from the body or else from the response headers. */
  readonly requestId?: string;
  /** Seconds to wait before retrying, from the `Retry-After` header (delta-seconds or HTTP date). */
  readonly retryAfter?: number;
  /** Listed items (per-field violations …); `[]` when there are none. */
  readonly details: readonly unknown[];
  /** Every member the envelope does not define itself (a 402 cost breakdown …); `{}` when none. */
  readonly extra: Readonly<Record<string, unknown>>;
}

/** Response headers: a plain object (Node, axios, supertest) or a fetch `Headers`. */
export type ResponseHeaders = Readonly<Record<string, string | readonly string[] | number | undefined>> | { get(name: string): string | null };

/** How {@link parseErrorEnvelope} reads what is not in the body. */
export interface ParseErrorEnvelopeOptions {
  /** The response status (`res.status`), reported as `status` when the body has none. */
  readonly status?: number;
  /** Header(s) that may carry the request id, tried in order. Default `X-Request-Id`, then `Request-Id`. */
  readonly requestIdHeader?: string | readonly string[];
  /** The clock for an HTTP-date `Retry-After` (ms since the epoch). Default `Date.now()`. */
  readonly now?: number;
}

type Json = Record<string, unknown>;

const DEFAULT_REQUEST_ID_HEADERS = ['x-request-id', 'request-id'] as const;
const DELTA_SECONDS = /^\d+$/;

// The members each preset defines; everything else in the same object is extra data.
const OWN: Readonly<Record<ErrorEnvelopeShape, ReadonlySet<string>>> = {
  nested: new Set(['code', 'message', 'details']),
  flat: new Set(['error', 'message', 'details']),
  'status-flag': new Set(['status', 'error_code', 'description', 'details']),
  object: new Set(['object', 'code', 'message', 'request_id', 'docs_url', 'details']),
  typed: new Set(['type', 'code', 'message', 'param', 'request_id', 'details']),
  problem: new Set(['type', 'title', 'status', 'detail', 'instance', 'code', 'request_id', 'errors']),
  stripe: new Set(['type', 'code', 'message', 'param', 'doc_url', 'details']),
};

/**
 * Reads an error response of an API built with nest-api-edge, whichever envelope preset it uses:
 * `nested`, `flat`, `status-flag`, `object`, `typed`, `problem` (RFC 9457) or `stripe`. Returns
 * `undefined` when the body is none of them (not an error, or a custom envelope).
 *
 * `{ error: { … } }` with a string `error.type` reads as `stripe`, without as `nested`.
 *
 * @param body the parsed JSON body, or its text (string or bytes).
 * @param headers the response headers, for the request id (when the preset does not carry it in
 *   the body) and `Retry-After`.
 * @param options the response status, other request id header names.
 *
 * @example
 * ```ts
 * const res = await fetch(url, init);
 * if (!res.ok) {
 *   const error = parseErrorEnvelope(await res.text(), res.headers, { status: res.status });
 *   if (error?.code === 'rate_limited') await sleep((error.retryAfter ?? 1) * 1000);
 *   else throw new Error(`${error?.code}: ${error?.message} (request ${error?.requestId})`);
 * }
 * ```
 */
export function parseErrorEnvelope(body: unknown, headers?: ResponseHeaders, options: ParseErrorEnvelopeOptions = {}): ParsedErrorEnvelope | undefined {
  let value = body;
  if (typeof value === 'string' || value instanceof Uint8Array) {
    try {
      value = JSON.parse(typeof value === 'string' ? value : new TextDecoder().decode(value));
    } catch {
      return undefined;
    }
  }
  if (!isObject(value)) return undefined;
  const parsed = recognize(value);
  if (parsed === undefined) return undefined;

  const names = options.requestIdHeader === undefined ? DEFAULT_REQUEST_ID_HEADERS : typeof options.requestIdHeader === 'string' ? [options.requestIdHeader] : options.requestIdHeader;
  let requestId = parsed.requestId;
  for (let i = 0; requestId === undefined && i < names.length; i++) requestId = headerValue(headers, names[i] as string);
  const status = parsed.status ?? options.status;
  const retryAfter = retryAfterSeconds(headerValue(headers, 'retry-after'), options.now ?? Date.now());
  return {
    ...parsed,
    ...(requestId === undefined ? {} : { requestId }),
    ...(status === undefined ? {} : { status }),
    ...(retryAfter === undefined ? {} : { retryAfter }),
  };
}

function recognize(b: Json): ParsedErrorEnvelope | undefined {
  // nested { error: { code, message, details } } and stripe { error: { type, code, message, param?, doc_url? } }
  if (isObject(b.error) && typeof b.error.code === 'string') {
    const inner = b.error;
    if (typeof inner.type === 'string') {
      return {
        shape: 'stripe',
        code: inner.code as string,
        message: text(inner.message),
        type: inner.type,
        ...optional('param', inner.param),
        ...optional('docsUrl', inner.doc_url),
        details: list(inner.details),
        extra: extraOf(inner, OWN.stripe),
      };
    }
    return { shape: 'nested', code: inner.code as string, message: text(inner.message), details: list(inner.details), extra: extraOf(inner, OWN.nested) };
  }
  const requestId = optional('requestId', b.request_id);
  // status-flag: { status: false, error_code, description }
  if (b.status === false && typeof b.error_code === 'string') {
    return { shape: 'status-flag', code: b.error_code, message: text(b.description), details: list(b.details), extra: extraOf(b, OWN['status-flag']) };
  }
  // object: { object: 'error', code, message, request_id, docs_url }
  if (b.object === 'error' && typeof b.code === 'string') {
    return {
      shape: 'object',
      code: b.code,
      message: text(b.message),
      ...optional('docsUrl', b.docs_url),
      ...requestId,
      details: list(b.details),
      extra: extraOf(b, OWN.object),
    };
  }
  // problem (RFC 9457): { type, title, status, detail, instance, code?, errors? }; checked before
  // typed, which also has `type` but never a numeric `status` with a `title`.
  if (typeof b.status === 'number' && typeof b.title === 'string') {
    const type = typeof b.type === 'string' ? b.type : 'about:blank';
    const code = typeof b.code === 'string' ? b.code : type !== 'about:blank' ? type : String(b.status);
    return {
      shape: 'problem',
      code,
      message: typeof b.detail === 'string' ? b.detail : b.title,
      ...(type === 'about:blank' ? {} : { docsUrl: type }),
      status: b.status,
      ...requestId,
      details: list(b.errors),
      extra: extraOf(b, OWN.problem),
    };
  }
  // typed: { type, code, message, param, request_id }
  if (typeof b.type === 'string' && typeof b.code === 'string') {
    return {
      shape: 'typed',
      code: b.code,
      message: text(b.message),
      type: b.type,
      ...optional('param', b.param),
      ...requestId,
      details: list(b.details),
      extra: extraOf(b, OWN.typed),
    };
  }
  // flat: { error: '<code>', message }
  if (typeof b.error === 'string') {
    return { shape: 'flat', code: b.error, message: text(b.message), details: list(b.details), extra: extraOf(b, OWN.flat) };
  }
  return undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

// `{ [name]: value }` when value is a non-empty string, else nothing (null params, absent URLs).
function optional<N extends string>(name: N, value: unknown): { [K in N]?: string } {
  return (typeof value === 'string' && value.length > 0 ? { [name]: value } : {}) as { [K in N]?: string };
}

function extraOf(source: Json, own: ReadonlySet<string>): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  for (const key of Object.keys(source)) if (!own.has(key)) extra[key] = source[key];
  return extra;
}

function headerValue(headers: ResponseHeaders | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const bag = headers as Readonly<Record<string, string | readonly string[] | number | undefined>>;
  const lower = name.toLowerCase();
  const direct = bag[name] ?? bag[lower] ?? Object.entries(bag).find(([key]) => key.toLowerCase() === lower)?.[1];
  if (direct === undefined) return undefined;
  if (typeof direct === 'number') return String(direct);
  return typeof direct === 'string' ? direct : direct[0];
}

// RFC 9110 §10.2.3: delta-seconds, or an HTTP date (turned into seconds from `now`, at least 0).
function retryAfterSeconds(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (DELTA_SECONDS.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
