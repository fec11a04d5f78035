import { describe, expect, it } from '@jest/globals';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { OptionsConfigurationError } from '../../../lib/errors/configuration.error.js';
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

  it('evicts expired keys before live ones', async () => {
    const clock = fakeClock();
    const store = new MemoryEdgeStore({ maxEntries: 3, clock: clock.now });
    await store.set('a', 'long', 10_000);
    await store.set('b', 'short', 100);
    await store.set('c', 'long', 10_000);
    clock.advance(200);
    await store.set('d', 'new', 10_000);
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

  it('rejects a maxEntries that is not a positive integer at construction', () => {
    expect(() => new MemoryEdgeStore({ maxEntries: 0 })).toThrow(OptionsConfigurationError);
    expect(() => new MemoryEdgeStore({ maxEntries: 1.5 })).toThrow(/Cannot create MemoryEdgeStore because maxEntries is 1\.5/);
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
});
