import type { Clock } from '../stores/edge-store.js';

interface Positive<V> {
  readonly value: V;
  readonly until: number;
}

/**
 * A short-lived, bounded, in-process cache of key-store lookups, keyed by the key's SHA-256 hex
 * (it never sees a key). Found keys and unknown hashes are kept in two separate maps with their
 * own budget, so a flood of random keys cannot push the real keys out.
 *
 * Expired entries are dropped when read; when a map is full the oldest entry goes (insertion
 * order), so memory stays bounded without timers.
 *
 * @typeParam V what a found key is cached as.
 */
export class ApiKeyLookupCache<V> {
  private readonly found = new Map<string, Positive<V>>();
  private readonly unknown = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly negativeTtlMs: number,
    private readonly maxEntries: number,
  ) {}

  /** The cached value, `null` for a hash known to be unknown, `undefined` on a miss. */
  get(hash: string): V | null | undefined {
    const now = this.clock();
    const hit = this.found.get(hash);
    if (hit !== undefined) {
      if (hit.until > now) return hit.value;
      this.found.delete(hash);
      return undefined;
    }
    const until = this.unknown.get(hash);
    if (until !== undefined) {
      if (until > now) return null;
      this.unknown.delete(hash);
    }
    return undefined;
  }

  /** Remembers a lookup: a value, or `null` for an unknown hash. */
  set(hash: string, value: V | null): void {
    const now = this.clock();
    if (value === null) {
      if (this.negativeTtlMs <= 0) return;
      this.unknown.delete(hash);
      if (this.unknown.size >= this.maxEntries) this.unknown.delete(this.unknown.keys().next().value as string);
      this.unknown.set(hash, now + this.negativeTtlMs);
      return;
    }
    if (this.ttlMs <= 0) return;
    this.found.delete(hash);
    this.unknown.delete(hash);
    if (this.found.size >= this.maxEntries) this.found.delete(this.found.keys().next().value as string);
    this.found.set(hash, { value, until: now + this.ttlMs });
  }

  /** Forgets one hash (after revoking or editing a key). */
  delete(hash: string): void {
    this.found.delete(hash);
    this.unknown.delete(hash);
  }

  /** Forgets everything. */
  clear(): void {
    this.found.clear();
    this.unknown.clear();
  }

  /** Entries held (found + unknown), for tests and metrics. */
  get size(): number {
    return this.found.size + this.unknown.size;
  }
}
