import type { OnModuleDestroy } from '@nestjs/common';

/**
 * Where the peer's HMAC guard remembers nonces. `remember` answers false when the nonce was seen
 * within `ttlMs` (a replay), true otherwise and remembers it.
 */
export abstract class PeerNonceStore {
  /** Remembers `key` for `ttlMs`; false when it is already remembered. */
  abstract remember(key: string, ttlMs: number): boolean | Promise<boolean>;
}

/**
 * Nonces in a Map with expiry times, swept once a minute by an unref'd timer: what a team writes
 * for one instance (no maintained package does nonces). Unbounded between sweeps, as such code is.
 */
export class MemoryNonceStore extends PeerNonceStore implements OnModuleDestroy {
  private readonly seen = new Map<string, number>();
  private readonly sweeper = setInterval(() => this.sweep(), 60_000).unref();

  remember(key: string, ttlMs: number): boolean {
    const now = Date.now();
    const until = this.seen.get(key);
    if (until !== undefined && until > now) return false;
    this.seen.set(key, now + ttlMs);
    return true;
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, until] of this.seen) if (until <= now) this.seen.delete(key);
  }
}
