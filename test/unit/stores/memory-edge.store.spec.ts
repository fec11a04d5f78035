import { describe, expect, it } from '@jest/globals';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { OptionsConfigurationError } from '../../../lib/errors/configuration.error.js';
import { ApiError } from '../../../lib/errors/api-error.js';
import { EdgeStoreCapacityError } from '../../../lib/stores/edge-store-capacity.error.js';
import { MemoryEdgeStore } from '../../../lib/stores/memory-edge.store.js';
import { describeEdgeStoreContract } from './edge-store.contract.js';

/** A clock the test moves by hand. */
function fakeClock(start = 1_700_000_000_000): { now: () => number; advance(ms: number): void } {
  let now = start;
  return { now: () => now, advance: (ms) => void (now += ms) };
}

describeEdgeStoreContract('MemoryEdgeStore', async () => {
  const clock = fakeClock();
  return { store: new MemoryEdgeStore({ clock: clock.now }), clock, close: async () => undefined };
});

describe('MemoryEdgeStore', () => {
  it('expires exactly at the ttl, not a millisecond earlier', async () => {
    const clock = fakeClock();
    const store = new MemoryEdgeStore({ clock: clock.now });
    await store.increment('k', 1_000);
    clock.advance(999);
    expect(await store.increment('k', 1_000)).toEqual({ count: 2, ttlMs: 1 });
    clock.advance(1);
    expect(await store.get('k')).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('never holds more than maxEntries keys and keeps the most recent ones', async () => {
    const store = new MemoryEdgeStore({ maxEntries: 1_000 });
    for (let i = 0; i < 5_000; i++) await store.increment(`rl:${i}`, 60_000);
    expect(store.size).toBe(1_000);
    expect(await store.get('rl:4999')).toBe('1');
    expect(await store.get('rl:4000')).toBe('1');
    expect(await store.get('rl:3999')).toBeUndefined();
    expect(await store.get('rl:0')).toBeUndefined();
  });

  it('evicts expired counters before live ones', async () => {
    const clock = fakeClock();
    const store = new MemoryEdgeStore({ maxEntries: 3, clock: clock.now });
    const counter = { kind: 'counter' } as const;
    await store.set('a', 'long', 10_000, counter);
    await store.set('b', 'short', 100, counter);
    await store.set('c', 'long', 10_000, counter);
    clock.advance(200);
    await store.set('d', 'new', 10_000, counter);
    expect(store.size).toBe(3);
    // 'a' is the oldest but live; the expired 'b' made room instead.
    expect(await store.get('a')).toBe('long');
    expect(await store.get('c')).toBe('long');
    expect(await store.get('d')).toBe('new');
  });

  it('evicts the oldest key not used since, when every key is live', async () => {
    const clock = fakeClock();
    const store = new MemoryEdgeStore({ maxEntries: 3, clock: clock.now });
    await store.increment('a', 10_000);
    await store.increment('b', 10_000);
    await store.increment('c', 10_000);
    await store.increment('a', 10_000); // 'a' is in use: it gets a second chance
    await store.increment('d', 10_000);
    expect(store.size).toBe(3);
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toBe('2');
    expect(await store.get('c')).toBe('1');
    expect(await store.get('d')).toBe('1');
  });

  it('keeps a key in use through a flood of one-off keys', async () => {
    const store = new MemoryEdgeStore({ maxEntries: 100 });
    await store.increment('rl:active-client', 60_000);
    for (let i = 0; i < 10_000; i++) {
      await store.increment(`rl:flood:${i}`, 60_000);
      await store.increment('rl:active-client', 60_000);
    }
    expect(store.size).toBe(100);
    expect(await store.get('rl:active-client')).toBe('10001');
    expect(await store.get('rl:flood:9999')).toBe('1');
    expect(await store.get('rl:flood:0')).toBeUndefined();
  });

  it('rejects a maxEntries or maxRecords that is not a positive integer at construction', () => {
    expect(() => new MemoryEdgeStore({ maxEntries: 0 })).toThrow(OptionsConfigurationError);
    expect(() => new MemoryEdgeStore({ maxEntries: 1.5 })).toThrow(/Cannot create MemoryEdgeStore because maxEntries is 1\.5/);
    expect(() => new MemoryEdgeStore({ maxRecords: 0 })).toThrow(OptionsConfigurationError);
    expect(() => new MemoryEdgeStore({ maxRecords: Number.NaN })).toThrow(
      'Cannot create MemoryEdgeStore because maxRecords is NaN. Fix: pass a positive integer (default 100000).',
    );
  });

  describe('records are never traded for memory', () => {
    // Key shapes as the signature guard and the idempotency interceptor write them.
    const NONCE = 'sig:key_alice:n:0b7d5d0e-nonce';
    const IDEM = 'idem:Qm9iLXBheW1lbnQtMQ';
    const LOCK = 'pending:token-1';
    const COMPLETED = '{"state":"completed","status":201}';

    it('keeps a nonce and an idempotency record through a flood of counters, so replay and duplicate stay refused', async () => {
      const clock = fakeClock();
      const store = new MemoryEdgeStore({ maxEntries: 100, maxRecords: 10, clock: clock.now });
      expect(await store.setIfAbsent(NONCE, '1', 300_000)).toBe(true);
      expect(await store.setIfAbsent(IDEM, LOCK, 30_000)).toBe(true);
      expect(await store.compareAndSet(IDEM, LOCK, COMPLETED, 86_400_000)).toBe(true);

      // 100× the counter space in distinct trackers (an IPv6 flood), each hit twice so every
      // counter looks in use to the second-chance eviction.
      for (let i = 0; i < 10_000; i++) {
        const k = `rl:minute:ip:2001:db8::${i.toString(16)}`;
        await store.increment(k, 60_000);
        await store.increment(k, 60_000);
        clock.advance(1);
      }

      expect(store.counterCount).toBe(100);
      expect(store.recordCount).toBe(2);
      // The replayed signed request: its nonce is still there, so the guard refuses it.
      expect(await store.setIfAbsent(NONCE, '1', 300_000)).toBe(false);
      // The retried POST: the lock is refused and the stored response is found.
      expect(await store.setIfAbsent(IDEM, LOCK, 30_000)).toBe(false);
      expect(await store.get(IDEM)).toBe(COMPLETED);
    });

    it('refuses a new record with EdgeStoreCapacityError (the retryable 503) when every record is live, storing nothing', async () => {
      const clock = fakeClock();
      const store = new MemoryEdgeStore({ maxEntries: 5, maxRecords: 2, clock: clock.now });
      await store.setIfAbsent('sig:k:n:1', '1', 60_000);
      await store.set('idem:a', LOCK, 60_000);

      const refused = await store.setIfAbsent('sig:k:n:2', '1', 60_000).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(EdgeStoreCapacityError);
      expect(refused).toBeInstanceOf(ApiError);
      const error = refused as EdgeStoreCapacityError;
      expect({ key: error.key, status: error.getStatus(), kind: error.kind, capacity: error.capacity, name: error.name }).toEqual({
        key: 'store_unavailable',
        status: 503,
        kind: 'record',
        capacity: 2,
        name: 'EdgeStoreCapacityError',
      });
      expect(error.entry.retryable).toBe(true);
      expect(error.entry.retryAfter).toBe(1);
      expect(error.getResponse()).toEqual({ code: 'store_unavailable', message: 'The service is temporarily unavailable.' });
      expect((error.cause as Error).message).toBe(
        "Cannot store a new record because the store's record space is full (maxRecords: 2) and none of them has expired yet; records (nonces, idempotency records) are never evicted early, so the request was refused. Fix: raise maxRecords, or shorten the TTLs that fill it.",
      );
      await expect(store.set('idem:b', LOCK, 60_000)).rejects.toThrow(EdgeStoreCapacityError);
      await expect(store.increment('q:month', 60_000, 1, { kind: 'record' })).rejects.toThrow(EdgeStoreCapacityError);
      expect(await store.get('sig:k:n:2')).toBeUndefined();
      expect(store.recordCount).toBe(2);

      // Existing records still change (completion, renewal, release), and counters still count.
      expect(await store.compareAndSet('idem:a', LOCK, COMPLETED, 60_000)).toBe(true);
      await store.set('sig:k:n:1', '2', 60_000);
      expect(await store.increment('rl:k', 60_000)).toEqual({ count: 1, ttlMs: 60_000 });
      expect(await store.get('sig:k:n:1')).toBe('2');
    });

    it('takes new records again as soon as old ones expire, soonest first', async () => {
      const clock = fakeClock();
      const store = new MemoryEdgeStore({ maxRecords: 3, clock: clock.now });
      await store.set('r:long', 'x', 10_000);
      await store.set('r:short', 'x', 1_000);
      await store.set('r:mid', 'x', 5_000);
      await expect(store.set('r:new1', 'x', 10_000)).rejects.toThrow(EdgeStoreCapacityError);
      clock.advance(999);
      await expect(store.set('r:new1', 'x', 10_000)).rejects.toThrow(EdgeStoreCapacityError);
      clock.advance(1);
      await store.set('r:new1', 'x', 10_000);
      expect(await store.get('r:short')).toBeUndefined();
      expect(await store.get('r:long')).toBe('x');
      expect(await store.get('r:mid')).toBe('x');
      // A renewed record keeps its slot past its first expiry; only its new expiry counts.
      expect(await store.renew('r:mid', 'x', 20_000)).toBe(true);
      clock.advance(9_000);
      await store.set('r:new2', 'x', 10_000);
      expect(await store.get('r:long')).toBeUndefined();
      expect(await store.get('r:mid')).toBe('x');
      expect(store.recordCount).toBe(3);
    });

    it('deleting a record frees its slot at once', async () => {
      const store = new MemoryEdgeStore({ maxRecords: 1 });
      await store.set('idem:a', LOCK, 60_000);
      await expect(store.setIfAbsent('idem:b', LOCK, 60_000)).rejects.toThrow(EdgeStoreCapacityError);
      expect(await store.compareAndDelete('idem:a', LOCK)).toBe(true);
      expect(await store.setIfAbsent('idem:b', LOCK, 60_000)).toBe(true);
    });

    it('stays bounded through 50,000 distinct short-lived nonces and 50,000 re-timings of the same records', async () => {
      const clock = fakeClock();
      const store = new MemoryEdgeStore({ maxRecords: 1_000, clock: clock.now });
      let stored = 0;
      for (let i = 0; i < 50_000; i++) {
        // 1,000 nonces live per second, the exact capacity: never refused, never over.
        if (await store.setIfAbsent(`sig:k:n:${i}`, '1', 1_000)) stored++;
        clock.advance(1);
      }
      expect(stored).toBe(50_000);
      expect(store.recordCount).toBe(1_000);
      for (let i = 0; i < 50_000; i++) await store.set(`sig:k:n:${49_000 + (i % 1_000)}`, '2', 60_000);
      expect(store.recordCount).toBe(1_000);
      // The expiry heap, stale items of re-timed records included, stays within its bound.
      const heap = (store as unknown as { recordExpiries: { length: number } }).recordExpiries;
      expect(heap.length).toBeLessThanOrEqual(2 * 1_000 + 1_024);
    });
  });

  /**
   * Bound: 64 MB of retained heap for maxEntries 100 000 (≈ 670 B per entry). An entry costs a Map
   * slot, a small object and a ~35-char key string, about 280 B measured on Node 20, so 100 000
   * entries retain ~27 MB; 64 MB leaves room for V8 variance, while a store that failed to evict
   * would keep 1 000 000 entries (≈ 270 MB) and fail clearly.
   */
  it('keeps 1,000,000 distinct keys within maxEntries 100,000 and < 64 MB of heap', async () => {
    // A real GC before each reading measures what the store retains, not garbage not yet collected.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const store = new MemoryEdgeStore({ maxEntries: 100_000 });
    gc();
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    const keys = 1_000_000;
    for (let i = 0; i < keys; i++) {
      // Shaped like a per-IP limiter key under a flood from a whole IPv6 range.
      await store.increment(`rl:ip:2001:db8:${(i >>> 16).toString(16)}::${(i & 0xffff).toString(16)}:60000`, 60_000);
    }
    const elapsedMs = performance.now() - started;
    gc();
    const grownMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
    console.log(
      `MemoryEdgeStore: 1,000,000 distinct keys through increment, maxEntries 100,000 → size ${store.size}, ` +
        `retained heap growth ${grownMb.toFixed(1)} MB (${((grownMb * 1024 * 1024) / store.size).toFixed(0)} B/entry), ` +
        `${elapsedMs.toFixed(0)} ms (${((elapsedMs * 1e6) / keys).toFixed(0)} ns per increment, awaits included)`,
    );
    expect(store.size).toBe(100_000);
    expect(grownMb).toBeLessThan(64);
  });

  /**
   * An idle Map iterator pins every table its Map rehashes into (V8 chains them for the iterator);
   * an eviction cursor held by a store that never fills kept ~100 B per expired-and-recounted
   * counter (the soak's heap rose 1.5 MB a minute with the store flat). 2,000 counters expiring
   * every second, 300,000 recounts: unpinned, the heap stays within a few MB; pinned it grew
   * 41 MB before the fix.
   */
  it('keeps a flat heap while 2,000 short-lived counters are recounted 300,000 times (no pinned Map tables)', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    let now = 1_000_000;
    const store = new MemoryEdgeStore({ maxEntries: 100_000, clock: () => now });
    for (let i = 0; i < 2_000; i++) store.incrementNow(`rl:second:k${i}`, 1_000);
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 300_000; i++) {
      if (i % 2_000 === 0) now += 1_001; // every counter has expired: each increment deletes and re-inserts
      store.incrementNow(`rl:second:k${i % 2_000}`, 1_000);
    }
    gc();
    const grownMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
    expect(store.size).toBe(2_000);
    expect(grownMb).toBeLessThan(8);
  });
});
