import { createHmac } from 'node:crypto';
import { buildCanonicalString, sha256Hex } from './canonical-string.js';
import {
  DEFAULT_SIGNATURE_HEADERS,
  MAX_SIGNATURES,
  NONCE_PATTERN,
  SIGNATURE_ALGORITHMS,
  SIGNATURE_VERSION,
  type SignatureAlgorithm,
  type SignatureHeaderNames,
} from './signature-scheme.js';

/** What {@link signRequest} signs. */
export interface SignRequestInput {
  /** The signing secret, or several (during rotation: one MAC per secret is sent). */
  readonly secret: string | readonly string[];
  /** HTTP method. */
  readonly method: string;
  /** The request target exactly as it will be sent: path plus `?query`, e.g. `/v1/messages?dry_run=1`. */
  readonly path: string;
  /** The exact body bytes that will be sent (a string is sent as UTF-8); omit for no body. */
  readonly body?: Buffer | Uint8Array | string;
  /** Unix seconds. Default: now. */
  readonly timestamp?: number;
  /** A fresh random value per request (e.g. `crypto.randomUUID()`); lets the server reject replays exactly. */
  readonly nonce?: string;
  /** The server's algorithm. Default `sha256`. */
  readonly algorithm?: SignatureAlgorithm;
  /**
   * `headers` (default): MAC(s) in the signature header, timestamp and nonce in their own headers.
   * `combined`: one header `t=<timestamp>,v1=<mac>[,v1=<mac>]` (Stripe's form), nonce in its header.
   */
  readonly format?: 'headers' | 'combined';
  /** Header names, when the server changed them. Default {@link DEFAULT_SIGNATURE_HEADERS}. */
  readonly headerNames?: Partial<SignatureHeaderNames>;
}

/**
 * Signs a request for an API that verifies signatures with nest-api-edge, and returns the headers
 * to add. The MAC is HMAC-`algorithm`, keyed with the secret's UTF-8 bytes, over
 * {@link buildCanonicalString}, in lower-case hex.
 *
 * @example
 * ```ts
 * import { randomUUID } from 'node:crypto';
 * import { signRequest } from 'nest-api-edge/client';
 *
 * const body = JSON.stringify({ to: '+33612345678', text: 'hi' });
 * const headers = signRequest({ secret: process.env.SIGNING_SECRET!, method: 'POST', path: '/v1/messages', body, nonce: randomUUID() });
 * await fetch('https://api.example.com/v1/messages', {
 *   method: 'POST',
 *   headers: { 'content-type': 'application/json', 'x-api-key': process.env.API_KEY!, ...headers },
 *   body,
 * });
 * ```
 */
export function signRequest(input: SignRequestInput): Record<string, string> {
  const algorithm = input.algorithm ?? 'sha256';
  if (!Object.hasOwn(SIGNATURE_ALGORITHMS, algorithm)) {
    throw new TypeError(`Cannot sign with "${String(algorithm)}" because it is not supported. Fix: use sha256, sha384 or sha512.`);
  }
  const secrets = typeof input.secret === 'string' ? [input.secret] : input.secret;
  if (secrets.length === 0 || secrets.length > MAX_SIGNATURES || secrets.some((s) => typeof s !== 'string' || s.length === 0)) {
    throw new TypeError(`Cannot sign because the secret is empty or there are more than ${MAX_SIGNATURES}. Fix: pass 1 to ${MAX_SIGNATURES} non-empty secrets.`);
  }
  if (/[\r\n\s]/.test(input.method) || input.method.length === 0) {
    throw new TypeError('Cannot sign because the method is empty or contains whitespace. Fix: pass e.g. "POST".');
  }
  if (/[\r\n]/.test(input.path) || !input.path.startsWith('/')) {
    throw new TypeError('Cannot sign because the path does not start with "/" or contains a line break. Fix: pass the path and query as sent, e.g. "/v1/messages?dry_run=1".');
  }
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new TypeError(`Cannot sign because the timestamp ${String(timestamp)} is not whole unix seconds. Fix: pass Math.floor(Date.now() / 1000).`);
  }
  if (input.nonce !== undefined && !NONCE_PATTERN.test(input.nonce)) {
    throw new TypeError('Cannot sign because the nonce is not 8-128 characters of letters, digits and ._~+/=- . Fix: pass crypto.randomUUID().');
  }

  const canonical = buildCanonicalString({
    timestamp,
    method: input.method,
    path: input.path,
    bodySha256: sha256Hex(input.body),
    nonce: input.nonce,
  });
  const macs = secrets.map((secret) => createHmac(algorithm, secret).update(canonical).digest('hex'));
  const names = { ...DEFAULT_SIGNATURE_HEADERS, ...input.headerNames };

  const headers: Record<string, string> = {};
  if (input.format === 'combined') {
    headers[names.signature] = `t=${timestamp},${macs.map((mac) => `${SIGNATURE_VERSION}=${mac}`).join(',')}`;
  } else {
    headers[names.signature] = macs.join(',');
    headers[names.timestamp] = String(timestamp);
  }
  if (input.nonce !== undefined) headers[names.nonce] = input.nonce;
  return headers;
}
