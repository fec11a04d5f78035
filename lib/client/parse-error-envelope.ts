/** The envelope presets {@link parseErrorEnvelope} recognizes. */
export type ErrorEnvelopeShape = 'nested' | 'flat' | 'status-flag' | 'object' | 'typed' | 'problem';

/** An API error read from a response body, whatever envelope preset the API uses. */
export interface ParsedErrorEnvelope {
  /** Which preset the body was recognized as. */
  readonly shape: ErrorEnvelopeShape;
  /** The wire code (`INVALID_API_KEY`, `invalid_signature` …): match on this. */
  readonly code: string;
  /** The human-readable message (may change; never match on it). */
  readonly message: string;
  /** The request id, from the body or else from the `X-Request-Id` response header. */
  readonly requestId?: string;
  /** Listed items (per-field violations …); `[]` when there are none. */
  readonly details: readonly unknown[];
}

type Json = Record<string, unknown>;
type Headers = Readonly<Record<string, string | readonly string[] | undefined>> | { get(name: string): string | null };

/**
 * Reads an error response of an API built with nest-api-edge, whichever of the six envelope
 * presets it uses: `nested`, `flat`, `status-flag`, `object`, `typed` or `problem` (RFC 9457).
 * Returns `undefined` when the body is none of them (not an error, or a custom envelope).
 *
 * @param body the parsed JSON body, or its text.
 * @param headers the response headers (a plain object, or a fetch `Headers`), to find the request
 *   id when the preset does not carry it in the body.
 *
 * @example
 * ```ts
 * const res = await fetch(url, init);
 * if (!res.ok) {
 *   const error = parseErrorEnvelope(await res.text(), res.headers);
 *   if (error?.code === 'signature_expired') resignAndRetry();
 *   else throw new Error(`${error?.code}: ${error?.message} (request ${error?.requestId})`);
 * }
 * ```
 */
export function parseErrorEnvelope(body: unknown, headers?: Headers): ParsedErrorEnvelope | undefined {
  let value = body;
  if (typeof value === 'string' || value instanceof Uint8Array) {
    try {
      value = JSON.parse(typeof value === 'string' ? value : Buffer.from(value).toString('utf8'));
    } catch {
      return undefined;
    }
  }
  if (!isObject(value)) return undefined;
  const parsed = recognize(value);
  if (parsed === undefined) return undefined;
  const requestId = parsed.requestId ?? headerValue(headers, 'x-request-id');
  return requestId === undefined ? parsed : { ...parsed, requestId };
}

function recognize(b: Json): ParsedErrorEnvelope | undefined {
  const details = Array.isArray(b.details) ? (b.details as unknown[]) : [];
  const requestId = typeof b.request_id === 'string' ? b.request_id : undefined;
  const withId = requestId === undefined ? {} : { requestId };

  // nested: { error: { code, message, details } }
  if (isObject(b.error) && typeof b.error.code === 'string') {
    const inner = b.error;
    return {
      shape: 'nested',
      code: inner.code as string,
      message: text(inner.message),
      ...withId,
      details: Array.isArray(inner.details) ? (inner.details as unknown[]) : [],
    };
  }
  // status-flag: { status: false, error_code, description }
  if (b.status === false && typeof b.error_code === 'string') {
    return { shape: 'status-flag', code: b.error_code, message: text(b.description), ...withId, details };
  }
  // object: { object: 'error', code, message, request_id, docs_url }
  if (b.object === 'error' && typeof b.code === 'string') {
    return { shape: 'object', code: b.code, message: text(b.message), ...withId, details };
  }
  // problem (RFC 9457): { type, title, status, detail, instance, code?, errors? }; checked before
  // typed, which also has `type` but never a numeric `status` with a `title`.
  if (typeof b.status === 'number' && typeof b.title === 'string') {
    const code = typeof b.code === 'string' ? b.code : typeof b.type === 'string' ? b.type : String(b.status);
    return {
      shape: 'problem',
      code,
      message: typeof b.detail === 'string' ? b.detail : b.title,
      ...withId,
      details: Array.isArray(b.errors) ? (b.errors as unknown[]) : details,
    };
  }
  // typed: { type, code, message, param, request_id }
  if (typeof b.type === 'string' && typeof b.code === 'string') {
    return { shape: 'typed', code: b.code, message: text(b.message), ...withId, details };
  }
  // flat: { error: '<code>', message }
  if (typeof b.error === 'string') {
    return { shape: 'flat', code: b.error, message: text(b.message), ...withId, details };
  }
  return undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function headerValue(headers: Headers | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const bag = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  const direct = bag[name] ?? Object.entries(bag).find(([key]) => key.toLowerCase() === name)?.[1];
  if (direct === undefined) return undefined;
  return typeof direct === 'string' ? direct : direct[0];
}
