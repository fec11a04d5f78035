import type { EdgeStoreKind, EdgeStoreWriteOptions } from './edge-store.js';

// Argument checks shared by the built-in stores, so memory and Redis refuse the same calls with
// the same RangeError (a caller bug, which ResilientEdgeStore rethrows rather than calling it an
// outage). Internal; not exported from the package.

/** Whole milliseconds, rounded up, so memory and Redis (PX takes integers) report the same TTLs. */
export function checkTtl(ttlMs: number): number {
  const ttl = Math.ceil(ttlMs);
  if (!(ttl > 0) || !Number.isSafeInteger(ttl)) {
    throw new RangeError(`Cannot store a key because ttlMs is ${String(ttlMs)}. Fix: pass a positive number of milliseconds.`);
  }
  return ttl;
}

/** An increment must be a safe integer (INCRBY semantics). */
export function checkBy(by: number): void {
  if (!Number.isSafeInteger(by)) {
    throw new RangeError(`Cannot increment a counter because by is ${String(by)}. Fix: pass an integer.`);
  }
}

/** The kind a write creates: the one asked for, else the operation's default. */
export function checkKind(options: EdgeStoreWriteOptions | undefined, fallback: EdgeStoreKind): EdgeStoreKind {
  const kind = options?.kind;
  if (kind === undefined) return fallback;
  if (kind !== 'counter' && kind !== 'record') {
    throw new RangeError(`Cannot store a key because kind is ${JSON.stringify(kind)}. Fix: pass kind 'counter' or 'record'.`);
  }
  return kind;
}
