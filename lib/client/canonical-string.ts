// One-shot `hash` (Node >= 20.12): no Hash object per call; a string is hashed as its UTF-8 bytes.
import { hash } from 'node:crypto';

/** What the canonical string of a signed request is made of. */
export interface CanonicalRequest {
  /** Unix time in whole seconds, as sent in the timestamp header (or `t=`). */
  readonly timestamp: number | string;
  /** HTTP method; upper-cased before signing. */
  readonly method: string;
  /** The request target exactly as sent: path plus `?query` when there is one, no scheme or host. */
  readonly path: string;
  /** Lower-case hex SHA-256 of the raw body bytes (see {@link sha256Hex}); of zero bytes when there is no body. */
  readonly bodySha256: string;
  /** The nonce header's value, or `undefined`/empty when the request carries none. */
  readonly nonce?: string;
}

/** SHA-256 of zero bytes, the body hash of a request without a body. */
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * Lower-case hex SHA-256 of a body. A string is hashed as its UTF-8 bytes, so sign exactly the
 * bytes you send (serialize JSON once and send that string).
 */
export function sha256Hex(body: Buffer | Uint8Array | string | undefined): string {
  if (body === undefined || body.length === 0) return EMPTY_BODY_SHA256;
  return hash('sha256', body, 'hex');
}

/**
 * The string both sides feed to the HMAC: five lines joined by `\n` (LF), no trailing newline.
 *
 * ```text
 * <timestamp>\n<METHOD>\n<path?query>\n<sha256-hex(body)>\n<nonce>
 * ```
 *
 * The nonce line is empty when there is no nonce. None of the parts can contain a line feed (HTTP
 * forbids it in the method and request target, and the body is hashed), so the string is
 * unambiguous. Client and server build it with this one function.
 *
 * @example
 * ```ts
 * buildCanonicalString({ timestamp: 1767225600, method: 'post', path: '/v1/messages?dry_run=1', bodySha256: sha256Hex('{"to":"+331"}') });
 * // '1767225600\nPOST\n/v1/messages?dry_run=1\n<64 hex>\n'
 * ```
 */
export function buildCanonicalString(request: CanonicalRequest): string {
  return `${request.timestamp}\n${request.method.toUpperCase()}\n${request.path}\n${request.bodySha256}\n${request.nonce ?? ''}`;
}
