import { randomBytes } from 'node:crypto';
import { hashApiKey } from './api-key.hash.js';

/** How {@link mintApiKey} builds a key. */
export interface MintApiKeyOptions {
  /** Readable prefix that tells key kinds apart, e.g. `msgf_live_`. Letters, digits, `_`, `-`. Default `''`. */
  readonly prefix?: string;
  /** Bytes of randomness, at least 16 (128 bits). Default 24 (192 bits). */
  readonly bytes?: number;
  /** Alphabet of the random part. Default `base62` (letters and digits: double-click selects it whole). */
  readonly encoding?: 'base62' | 'base64url';
}

/** A new key (show it to its owner once) and the hash to store. */
export interface MintedApiKey {
  /** The key. Never store or log it. */
  readonly key: string;
  /** `hashApiKey(key)`: SHA-256 hex, what the key store keeps. */
  readonly hash: string;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const PREFIX = /^[A-Za-z0-9_-]{0,64}$/;
const BITS_PER_BASE62_CHAR = Math.log2(62);
// Bytes below 248 (= 4 × 62) map uniformly onto 62 characters; the rest are drawn again.
const BASE62_LIMIT = 248;

/**
 * Length of the keys {@link mintApiKey} makes with these options, for an exact `length` rule in
 * `apiKeys.formats`.
 */
export function mintedApiKeyLength(options: MintApiKeyOptions = {}): number {
  const { prefix, bytes, encoding } = resolve(options);
  const body = encoding === 'base62' ? Math.ceil((bytes * 8) / BITS_PER_BASE62_CHAR) : Math.ceil((bytes * 8) / 6);
  return prefix.length + body;
}

/**
 * Mints an API key: `prefix` + at least 128 bits from the OS CSPRNG, in base62 or base64url,
 * and its SHA-256 hash to store.
 *
 * @example
 * ```ts
 * const { key, hash } = mintApiKey({ prefix: 'msgf_live_' });
 * await db.apiKey.create({ data: { id: newId(), hash, accountId, kind: 'personal' } });
 * return { key }; // shown once, never stored
 * ```
 */
export function mintApiKey(options: MintApiKeyOptions = {}): MintedApiKey {
  const { prefix, bytes, encoding } = resolve(options);
  let body: string;
  if (encoding === 'base64url') {
    body = randomBytes(bytes).toString('base64url');
  } else {
    // Same entropy as `bytes` random bytes: each base62 character carries log2(62) bits.
    const length = Math.ceil((bytes * 8) / BITS_PER_BASE62_CHAR);
    body = '';
    while (body.length < length) {
      const pool = randomBytes(length * 2);
      for (let i = 0; i < pool.length && body.length < length; i++) {
        const b = pool[i] as number;
        if (b < BASE62_LIMIT) body += BASE62[b % 62];
      }
    }
  }
  const key = prefix + body;
  return { key, hash: hashApiKey(key) };
}

function resolve(options: MintApiKeyOptions): Required<MintApiKeyOptions> {
  const prefix = options.prefix ?? '';
  const bytes = options.bytes ?? 24;
  const encoding = options.encoding ?? 'base62';
  if (!PREFIX.test(prefix)) {
    throw new RangeError(
      `Cannot mint an API key with prefix "${prefix}" because a prefix is at most 64 letters, digits, "_" or "-". Fix: use e.g. "sk_live_".`,
    );
  }
  if (!Number.isInteger(bytes) || bytes < 16 || bytes > 256) {
    throw new RangeError(
      `Cannot mint an API key with ${String(bytes)} random bytes because keys need 16 to 256 (128+ bits). Fix: omit "bytes" (24) or pass 16 or more.`,
    );
  }
  if (encoding !== 'base62' && encoding !== 'base64url') {
    throw new RangeError(`Cannot mint an API key in "${String(encoding)}" because only base62 and base64url exist. Fix: pick one of them.`);
  }
  return { prefix, bytes, encoding };
}
