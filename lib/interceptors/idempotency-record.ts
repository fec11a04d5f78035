/** A response header as stored: Node gives several values (e.g. `Link`) as an array. */
export type StoredHeader = readonly [name: string, value: string | readonly string[]];

/** The lock of a request in progress: who holds the key, for which request. */
export interface PendingIdempotencyRecord {
  readonly state: 'pending';
  /** The request fingerprint (see `requestFingerprint`). */
  readonly fingerprint: string;
  /**
   * A random token of the request holding the lock (the fencing token): the holder renews and
   * completes the record only while the store still holds this exact lock.
   */
  readonly token?: string;
}

/** A finished request's response, replayed byte for byte to retries with the same key. */
export interface CompletedIdempotencyRecord {
  readonly state: 'completed';
  /** The request fingerprint (see `requestFingerprint`). */
  readonly fingerprint: string;
  /** The HTTP status sent. */
  readonly status: number;
  /** The stored response headers, lower-case names, in the order they were captured. */
  readonly headers: readonly StoredHeader[];
  /** The exact body bytes sent. */
  readonly body: Buffer;
}

/** What the store holds under an idempotency key. */
export type IdempotencyRecord = PendingIdempotencyRecord | CompletedIdempotencyRecord;

/** Bumped when the stored format changes, so an old record is never misread. */
const FORMAT_VERSION = 1;

/** The wire form: short names, since every record travels to Redis and back. */
interface WireRecord {
  v: number;
  fp: string;
  t?: string;
  s?: number;
  h?: StoredHeader[];
  b?: string;
}

/**
 * Serializes a record for the `EdgeStore` (its values are strings). The body travels as base64 so
 * any bytes survive, not only valid UTF-8.
 *
 * @example
 * ```ts
 * await store.setIfAbsent(key, encodeIdempotencyRecord({ state: 'pending', fingerprint }), lockTtlMs);
 * ```
 */
export function encodeIdempotencyRecord(record: IdempotencyRecord): string {
  const wire: WireRecord = { v: FORMAT_VERSION, fp: record.fingerprint };
  if (record.state === 'pending' && record.token !== undefined) wire.t = record.token;
  if (record.state === 'completed') {
    wire.s = record.status;
    wire.h = record.headers as StoredHeader[];
    wire.b = record.body.toString('base64');
  }
  return JSON.stringify(wire);
}

/**
 * Reads a record written by {@link encodeIdempotencyRecord}; `undefined` for anything else (a
 * foreign value, another format version), which the caller treats as unusable.
 */
export function decodeIdempotencyRecord(text: string): IdempotencyRecord | undefined {
  let wire: Partial<WireRecord>;
  try {
    wire = JSON.parse(text) as Partial<WireRecord>;
  } catch {
    return undefined;
  }
  if (wire === null || typeof wire !== 'object' || wire.v !== FORMAT_VERSION || typeof wire.fp !== 'string') {
    return undefined;
  }
  if (wire.s === undefined) return typeof wire.t === 'string' ? { state: 'pending', fingerprint: wire.fp, token: wire.t } : { state: 'pending', fingerprint: wire.fp };
  if (!Number.isInteger(wire.s) || !Array.isArray(wire.h) || typeof wire.b !== 'string') return undefined;
  return {
    state: 'completed',
    fingerprint: wire.fp,
    status: wire.s,
    headers: wire.h,
    body: Buffer.from(wire.b, 'base64'),
  };
}
