import { createHash } from 'node:crypto';

/** The parts of a request its fingerprint covers (Express and Fastify requests both fit). */
export interface FingerprintedRequest {
  readonly method?: string;
  readonly originalUrl?: string;
  readonly url?: string;
  /** Set by Nest's body parsers when the app is created with `rawBody: true`. */
  readonly rawBody?: Buffer;
  readonly body?: unknown;
}

/**
 * What makes two requests "the same request" for an idempotency key: SHA-256 (base64url) over
 * the method, the path with its query, and the body.
 *
 * The body is `request.rawBody`, the bytes as received (Nest's `rawBody: true`), so two bodies
 * that parse alike but differ in bytes (key order, spacing) count as different requests. Without
 * a raw body (the app was created without `rawBody: true`, or no parser of Nest read this content
 * type) the parsed `request.body` is serialized stably instead: JSON with object keys sorted, a
 * string or Buffer as it is, no body as nothing. That fallback sees `{"a":1,"b":2}` and
 * `{"b":2,"a":1}` as one request.
 *
 * @example
 * ```ts
 * requestFingerprint({ method: 'POST', url: '/orders?dry=1', rawBody: Buffer.from('{"qty":1}') });
 * // 'u3…' (43 characters)
 * ```
 */
export function requestFingerprint(request: FingerprintedRequest): string {
  // NUL separators: neither a method nor a URL can contain one, so the parts cannot run together.
  const hash = createHash('sha256')
    .update(request.method ?? '')
    .update('\0')
    .update(request.originalUrl ?? request.url ?? '/')
    .update('\0');
  if (request.rawBody !== undefined) {
    hash.update(request.rawBody);
  } else {
    const body = request.body;
    if (typeof body === 'string' || body instanceof Uint8Array) hash.update(body);
    else if (body !== undefined && body !== null) hash.update(stableStringify(body));
  }
  return hash.digest('base64url');
}

/** JSON with object keys sorted at every depth, so equal values always give equal text. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  // As JSON.stringify does: a Date (or anything with toJSON) stands for what toJSON returns.
  if (typeof toJSON === 'function') return stableStringify(toJSON.call(value));
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    if (record[key] === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${stableStringify(record[key])}`);
  }
  return `{${parts.join(',')}}`;
}
