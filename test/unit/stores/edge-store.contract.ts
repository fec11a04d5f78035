import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EdgeStore } from '../../../lib/stores/edge-store.js';

/** What a spec hands the contract suite: a fresh store, its clock if controllable, and cleanup. */
export interface EdgeStoreSubject {
  readonly store: EdgeStore;
  /**
   * A controllable clock. Without one the suite waits in real time, with short TTLs, and checks
   * TTLs that keep running within a tolerance instead of exactly.
   */
  readonly clock?: { advance(ms: number): void };
  close(): Promise<void>;
}

/** How far a real-time TTL may have run down between the write and the read in a loaded CI. */
const REAL_TIME_SLACK_MS = 2_000;

/**
 * The contract every {@link EdgeStore} must pass, with exact values. Each test uses its own keys,
 * so one store instance serves the whole suite.
 */
export function describeEdgeStoreContract(name: string, makeStore: () => Promise<EdgeStoreSubject>): void {
  describe(`${name} (EdgeStore contract)`, () => {
    let subject: EdgeStoreSubject;
    let store: EdgeStore;
    let n = 0;
    /** A key no other test uses. */
    const key = (label: string): string => `contract:${label}:${++n}`;

    /** Lets `ms` pass: on the controllable clock, or by waiting a little longer in real time. */
    const pass = async (ms: number): Promise<void> => {
      if (subject.clock) subject.clock.advance(ms);
      else await new Promise((resolve) => setTimeout(resolve, ms + 30));
    };

    /** A TTL that was `expected` at write time: exact on a fake clock, close below it in real time. */
    const expectTtl = (actual: number, expected: number): void => {
      if (subject.clock) {
        expect(actual).toBe(expected);
      } else {
        expect(actual).toBeLessThanOrEqual(expected);
        expect(actual).toBeGreaterThan(expected - REAL_TIME_SLACK_MS);
      }
    };

    beforeAll(async () => {
      subject = await makeStore();
      store = subject.store;
    });

    afterAll(async () => {
      await subject?.close();
    });

    describe('increment', () => {
      it('starts a new counter at `by` with the full ttl', async () => {
        const k = key('new');
        expect(await store.increment(k, 10_000)).toEqual({ count: 1, ttlMs: 10_000 });
        expect(await store.increment(key('new-by'), 10_000, 5)).toEqual({ count: 5, ttlMs: 10_000 });
      });

      it('adds 1 by default and `by` when given', async () => {
        const k = key('add');
        await store.increment(k, 10_000);
        expect((await store.increment(k, 10_000)).count).toBe(2);
        expect((await store.increment(k, 10_000, 5)).count).toBe(7);
        expect((await store.increment(k, 10_000, -3)).count).toBe(4);
        expect(await store.get(k)).toBe('4');
      });

      it('keeps the first expiry (fixed window) and reports the time left', async () => {
        const k = key('window');
        await store.increment(k, 10_000);
        await pass(100);
        // A later call with another ttl neither extends nor resets the window.
        const second = await store.increment(k, 60_000);
        expect(second.count).toBe(2);
        expectTtl(second.ttlMs, 9_900);
      });

      it('starts a fresh window once the counter expired', async () => {
        const k = key('expired');
        expect(await store.increment(k, 150)).toEqual({ count: 1, ttlMs: 150 });
        await pass(150);
        expect(await store.get(k)).toBeUndefined();
        expect(await store.increment(k, 5_000)).toEqual({ count: 1, ttlMs: 5_000 });
      });

      it('rounds a fractional ttl up to whole milliseconds', async () => {
        expect(await store.increment(key('fraction'), 1_500.2)).toEqual({ count: 1, ttlMs: 1_501 });
      });

      it('counts 100 concurrent increments exactly once each', async () => {
        const k = key('concurrent');
        const results = await Promise.all(Array.from({ length: 100 }, () => store.increment(k, 10_000)));
        const counts = results.map((r) => r.count).sort((a, b) => a - b);
        expect(counts).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
        expect(await store.get(k)).toBe('100');
      });

      it('continues from an integer value stored with set, keeping its expiry', async () => {
        const k = key('from-set');
        await store.set(k, '41', 10_000);
        await pass(100);
        const counter = await store.increment(k, 60_000);
        expect(counter.count).toBe(42);
        expectTtl(counter.ttlMs, 9_900);
      });

      it('rejects on a key that holds a non-integer value, leaving the value alone', async () => {
        const k = key('not-a-number');
        await store.set(k, 'abc', 10_000);
        await expect(store.increment(k, 10_000)).rejects.toThrow();
        expect(await store.get(k)).toBe('abc');
      });

      it('rejects a ttl that is not a positive number and a non-integer `by` with a RangeError', async () => {
        await expect(store.increment(key('bad'), 0)).rejects.toThrow(RangeError);
        await expect(store.increment(key('bad'), -5)).rejects.toThrow(RangeError);
        await expect(store.increment(key('bad'), Number.NaN)).rejects.toThrow(RangeError);
        await expect(store.increment(key('bad'), 1_000, 1.5)).rejects.toThrow(RangeError);
      });
    });

    describe('setIfAbsent', () => {
      it('stores only when absent', async () => {
        const k = key('nx');
        expect(await store.setIfAbsent(k, 'first', 10_000)).toBe(true);
        expect(await store.setIfAbsent(k, 'second', 10_000)).toBe(false);
        expect(await store.get(k)).toBe('first');
      });

      it('is false on a live counter', async () => {
        const k = key('nx-counter');
        await store.increment(k, 10_000);
        expect(await store.setIfAbsent(k, 'x', 10_000)).toBe(false);
        expect(await store.get(k)).toBe('1');
      });

      it('has exactly one winner among 100 concurrent callers', async () => {
        const k = key('nx-race');
        const wins = await Promise.all(Array.from({ length: 100 }, (_, i) => store.setIfAbsent(k, `v${i}`, 10_000)));
        const winners = wins.flatMap((won, i) => (won ? [i] : []));
        expect(winners).toHaveLength(1);
        expect(await store.get(k)).toBe(`v${winners[0]}`);
      });

      it('succeeds again once the previous value expired', async () => {
        const k = key('nx-expired');
        expect(await store.setIfAbsent(k, 'old', 150)).toBe(true);
        await pass(150);
        expect(await store.setIfAbsent(k, 'new', 10_000)).toBe(true);
        expect(await store.get(k)).toBe('new');
      });

      it('rejects a ttl that is not a positive number with a RangeError', async () => {
        await expect(store.setIfAbsent(key('nx-bad'), 'x', 0)).rejects.toThrow(RangeError);
      });
    });

    describe('get / set / delete', () => {
      it('reads undefined for a key never written', async () => {
        expect(await store.get(key('absent'))).toBeUndefined();
      });

      it('round-trips any string exactly', async () => {
        const values = ['', ' ', '{"status":201,"body":{"id":"msg_1"}}', 'ünïcødé ✓ 🚀', 'a\nb\r\n\0c'];
        for (const value of values) {
          const k = key('roundtrip');
          await store.set(k, value, 10_000);
          expect(await store.get(k)).toBe(value);
        }
      });

      it('replaces the value and the expiry', async () => {
        const k = key('replace');
        await store.set(k, 'one', 150);
        await store.set(k, 'two', 10_000);
        await pass(150);
        expect(await store.get(k)).toBe('two');
      });

      it('expires a value after its ttl', async () => {
        const k = key('set-expiry');
        await store.set(k, 'v', 150);
        await pass(150);
        expect(await store.get(k)).toBeUndefined();
      });

      it('deletes values and counters; deleting an absent key resolves', async () => {
        const value = key('del-value');
        const counter = key('del-counter');
        await store.set(value, 'v', 10_000);
        await store.increment(counter, 10_000, 9);
        await expect(store.delete(value)).resolves.toBeUndefined();
        await store.delete(counter);
        await expect(store.delete(key('del-absent'))).resolves.toBeUndefined();
        expect(await store.get(value)).toBeUndefined();
        expect(await store.setIfAbsent(value, 'again', 10_000)).toBe(true);
        expect(await store.increment(counter, 10_000)).toEqual({ count: 1, ttlMs: 10_000 });
      });

      it('rejects a ttl that is not a positive number with a RangeError', async () => {
        await expect(store.set(key('set-bad'), 'x', -1)).rejects.toThrow(RangeError);
      });
    });
  });
}
