import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EdgeStore } from '../../../lib/stores/edge-store.js';
import type { EdgeStoreOperation, EdgeStoreOperationResult } from '../../../lib/stores/edge-store-operations.js';
import { runStoreOperations } from '../../../lib/stores/run-store-operations.js';

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

    describe('kinds', () => {
      it('counts, locks and stores the same with either kind', async () => {
        for (const kind of ['counter', 'record'] as const) {
          const counter = key(`kind-${kind}-counter`);
          expect(await store.increment(counter, 10_000, 1, { kind })).toEqual({ count: 1, ttlMs: 10_000 });
          const second = await store.increment(counter, 10_000, 2, { kind });
          expect(second.count).toBe(3);
          expectTtl(second.ttlMs, 10_000);
          const lock = key(`kind-${kind}-lock`);
          expect(await store.setIfAbsent(lock, 'a', 10_000, { kind })).toBe(true);
          expect(await store.setIfAbsent(lock, 'b', 10_000, { kind })).toBe(false);
          const value = key(`kind-${kind}-value`);
          await store.set(value, 'v', 150, { kind });
          expect(await store.get(value)).toBe('v');
          await pass(150);
          expect(await store.get(value)).toBeUndefined();
        }
      });

      it('keeps a key readable and countable across kinds (the creating write decides)', async () => {
        const k = key('kind-cross');
        await store.set(k, '10', 10_000, { kind: 'record' });
        const counter = await store.increment(k, 60_000, 1, { kind: 'counter' });
        expect(counter.count).toBe(11);
        expectTtl(counter.ttlMs, 10_000);
        expect(await store.setIfAbsent(k, 'x', 10_000, { kind: 'counter' })).toBe(false);
        expect(await store.get(k)).toBe('11');
      });

      it('rejects an unknown kind with a RangeError, storing nothing', async () => {
        const k = key('kind-bad');
        const bad = { kind: 'cache' } as unknown as { kind: 'record' };
        await expect(store.set(k, 'x', 10_000, bad)).rejects.toThrow(RangeError);
        await expect(store.setIfAbsent(k, 'x', 10_000, bad)).rejects.toThrow(RangeError);
        await expect(store.increment(k, 10_000, 1, bad)).rejects.toThrow(RangeError);
        expect(await store.get(k)).toBeUndefined();
      });
    });

    describe('compareAndSet', () => {
      it('replaces value and expiry when the key holds the expected value', async () => {
        const k = key('cas');
        await store.set(k, 'lock-a', 150);
        expect(await store.compareAndSet(k, 'lock-a', 'done-a', 10_000)).toBe(true);
        await pass(150);
        expect(await store.get(k)).toBe('done-a');
      });

      it('is false and changes nothing when the key holds another value', async () => {
        const k = key('cas-other');
        await store.set(k, 'lock-b', 150);
        expect(await store.compareAndSet(k, 'lock-a', 'done-a', 10_000)).toBe(false);
        expect(await store.get(k)).toBe('lock-b');
        await pass(150);
        // The expiry was not touched either.
        expect(await store.get(k)).toBeUndefined();
      });

      it('is false on an absent or expired key and does not create it', async () => {
        const absent = key('cas-absent');
        expect(await store.compareAndSet(absent, 'lock-a', 'done-a', 10_000)).toBe(false);
        expect(await store.get(absent)).toBeUndefined();
        const expired = key('cas-expired');
        await store.set(expired, 'lock-a', 150);
        await pass(150);
        expect(await store.compareAndSet(expired, 'lock-a', 'done-a', 10_000)).toBe(false);
        expect(await store.get(expired)).toBeUndefined();
        expect(await store.setIfAbsent(expired, 'lock-b', 10_000)).toBe(true);
      });

      it('compares exactly, including the empty string and a counter as its decimal string', async () => {
        const empty = key('cas-empty');
        await store.set(empty, '', 10_000);
        expect(await store.compareAndSet(empty, ' ', 'x', 10_000)).toBe(false);
        expect(await store.compareAndSet(empty, '', 'x', 10_000)).toBe(true);
        expect(await store.get(empty)).toBe('x');
        const counter = key('cas-counter');
        await store.increment(counter, 10_000, 5);
        expect(await store.compareAndSet(counter, '5', 'ünïcødé ✓', 10_000)).toBe(true);
        expect(await store.get(counter)).toBe('ünïcødé ✓');
      });

      it('has exactly one winner among 100 concurrent callers expecting the same value', async () => {
        const k = key('cas-race');
        await store.set(k, 'v0', 10_000);
        const wins = await Promise.all(Array.from({ length: 100 }, (_, i) => store.compareAndSet(k, 'v0', `v${i + 1}`, 10_000)));
        const winners = wins.flatMap((won, i) => (won ? [i + 1] : []));
        expect(winners).toHaveLength(1);
        expect(await store.get(k)).toBe(`v${winners[0]}`);
      });

      it('rejects a ttl that is not a positive number with a RangeError', async () => {
        const k = key('cas-bad');
        await store.set(k, 'a', 10_000);
        await expect(store.compareAndSet(k, 'a', 'b', 0)).rejects.toThrow(RangeError);
        expect(await store.get(k)).toBe('a');
      });
    });

    describe('renew', () => {
      it('gives a fresh expiry, value unchanged, when the key holds the expected value', async () => {
        const k = key('renew');
        await store.set(k, 'lock-a', 150);
        expect(await store.renew(k, 'lock-a', 10_000)).toBe(true);
        await pass(150);
        expect(await store.get(k)).toBe('lock-a');
        expect(await store.renew(k, 'lock-a', 150)).toBe(true);
        await pass(150);
        expect(await store.get(k)).toBeUndefined();
      });

      it('is false on another value, an absent or an expired key, changing nothing', async () => {
        const other = key('renew-other');
        await store.set(other, 'lock-b', 150);
        expect(await store.renew(other, 'lock-a', 10_000)).toBe(false);
        await pass(150);
        expect(await store.get(other)).toBeUndefined();
        expect(await store.renew(other, 'lock-b', 10_000)).toBe(false);
        expect(await store.renew(key('renew-absent'), 'lock-a', 10_000)).toBe(false);
      });

      it('rejects a ttl that is not a positive number with a RangeError', async () => {
        await expect(store.renew(key('renew-bad'), 'a', -1)).rejects.toThrow(RangeError);
      });
    });

    describe('compareAndDelete', () => {
      it('removes the key only when it holds the expected value', async () => {
        const k = key('cad');
        await store.set(k, 'lock-b', 10_000);
        expect(await store.compareAndDelete(k, 'lock-a')).toBe(false);
        expect(await store.get(k)).toBe('lock-b');
        expect(await store.compareAndDelete(k, 'lock-b')).toBe(true);
        expect(await store.get(k)).toBeUndefined();
        expect(await store.compareAndDelete(k, 'lock-b')).toBe(false);
        expect(await store.setIfAbsent(k, 'lock-c', 10_000)).toBe(true);
      });

      it('is false on an expired key', async () => {
        const k = key('cad-expired');
        await store.set(k, 'lock-a', 150);
        await pass(150);
        expect(await store.compareAndDelete(k, 'lock-a')).toBe(false);
      });
    });

    describe('fencing a lock', () => {
      it('stops a holder whose lock expired from completing, renewing or releasing the next holder\'s lock', async () => {
        const k = key('fence');
        expect(await store.setIfAbsent(k, 'pending:token-a', 150)).toBe(true);
        await pass(150);
        // A took too long; B takes the key over.
        expect(await store.setIfAbsent(k, 'pending:token-b', 10_000)).toBe(true);
        expect(await store.renew(k, 'pending:token-a', 10_000)).toBe(false);
        expect(await store.compareAndSet(k, 'pending:token-a', 'completed:a', 10_000)).toBe(false);
        expect(await store.compareAndDelete(k, 'pending:token-a')).toBe(false);
        expect(await store.get(k)).toBe('pending:token-b');
        // B renews while it works, then completes.
        expect(await store.renew(k, 'pending:token-b', 10_000)).toBe(true);
        expect(await store.compareAndSet(k, 'pending:token-b', 'completed:b', 60_000)).toBe(true);
        expect(await store.get(k)).toBe('completed:b');
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

    // A store without `batch` is held to the reference (one call per operation), which the global
    // guard then uses for it: both must give these exact answers.
    describe('batch', () => {
      const batch = (operations: EdgeStoreOperation[]): Promise<EdgeStoreOperationResult[]> =>
        store.batch !== undefined ? store.batch(operations) : runStoreOperations(store, operations);
      const passed = { passed: true, count: 0, ttlMs: 0, value: undefined };
      const now = 1_800_000_000_000;

      it('answers an empty batch with no results', async () => {
        expect(await batch([])).toEqual([]);
      });

      it('runs every operation in order when all pass, and stores what they wrote', async () => {
        const block = key('batch-block');
        const nonce = key('batch-nonce');
        const counter = key('batch-counter');
        const results = await batch([
          { type: 'unblocked', key: block, now },
          { type: 'setIfAbsent', key: nonce, value: 'n1', ttlMs: 10_000 },
          { type: 'increment', key: counter, ttlMs: 10_000, limit: 2 },
          { type: 'increment', key: counter, ttlMs: 10_000 },
        ]);
        expect(results).toHaveLength(4);
        expect(results.slice(0, 2)).toEqual([passed, passed]);
        expect(results[2]).toMatchObject({ passed: true, count: 1, value: undefined });
        expectTtl((results[2] as EdgeStoreOperationResult).ttlMs, 10_000);
        expect(results[3]).toMatchObject({ passed: true, count: 2, value: undefined });
        expect(await store.get(nonce)).toBe('n1');
        expect(await store.get(counter)).toBe('2');
        expect(await store.get(block)).toBeUndefined();
      });

      it('stops after a setIfAbsent that finds its key: nothing after it runs', async () => {
        const nonce = key('batch-replay');
        const counter = key('batch-replay-counter');
        expect(await store.setIfAbsent(nonce, 'first', 10_000)).toBe(true);
        const results = await batch([
          { type: 'setIfAbsent', key: nonce, value: 'second', ttlMs: 10_000 },
          { type: 'increment', key: counter, ttlMs: 10_000 },
        ]);
        expect(results).toEqual([{ passed: false, count: 0, ttlMs: 0, value: undefined }]);
        expect(await store.get(nonce)).toBe('first');
        expect(await store.get(counter)).toBeUndefined();
      });

      it('stops at a block that lasts past now, with its value; an ended or unreadable block passes', async () => {
        const live = key('batch-live-block');
        const ended = key('batch-ended-block');
        const junk = key('batch-junk-block');
        const counter = key('batch-block-counter');
        await store.set(live, String(now + 5_000), 10_000);
        await store.set(ended, String(now - 1), 10_000);
        await store.set(junk, 'not a number', 10_000);
        expect(await batch([{ type: 'unblocked', key: ended, now }, { type: 'unblocked', key: junk, now }])).toEqual([passed, passed]);
        expect(await batch([{ type: 'unblocked', key: live, now }, { type: 'increment', key: counter, ttlMs: 10_000 }])).toEqual([
          { passed: false, count: 0, ttlMs: 0, value: String(now + 5_000) },
        ]);
        expect(await store.get(counter)).toBeUndefined();
      });

      it('stops at the hit over a limit, still counting it, and stores the first block marker only', async () => {
        const counter = key('batch-limit');
        const marker = key('batch-marker');
        const after = key('batch-after-limit');
        const hit = (value: string): Promise<EdgeStoreOperationResult[]> =>
          batch([
            { type: 'increment', key: counter, ttlMs: 10_000, limit: 1, onExceed: { key: marker, value, ttlMs: 20_000 } },
            { type: 'increment', key: after, ttlMs: 10_000 },
          ]);
        const first = await hit('m1');
        expect(first).toHaveLength(2);
        expect(first[0]).toMatchObject({ passed: true, count: 1 });
        expect(await store.get(marker)).toBeUndefined();
        const second = await hit('m2');
        expect(second).toHaveLength(1);
        expect(second[0]).toMatchObject({ passed: false, count: 2, value: undefined });
        expectTtl((second[0] as EdgeStoreOperationResult).ttlMs, 10_000);
        expect(await store.get(marker)).toBe('m2');
        const third = await hit('m3');
        expect(third[0]).toMatchObject({ passed: false, count: 3 });
        expect(await store.get(marker)).toBe('m2');
        expect(await store.get(after)).toBe('1');
      });

      it("keeps a counter's window across batches (fixed window) and starts a new one after it ends", async () => {
        const counter = key('batch-window');
        await batch([{ type: 'increment', key: counter, ttlMs: 150, limit: 5 }]);
        await pass(150);
        const [fresh] = await batch([{ type: 'increment', key: counter, ttlMs: 10_000, limit: 5 }]);
        expect(fresh).toMatchObject({ passed: true, count: 1 });
        expectTtl((fresh as EdgeStoreOperationResult).ttlMs, 10_000);
      });

      it('answers counts and ttls beyond 32 bits exactly (a ten-year window)', async () => {
        const counter = key('batch-long-window');
        const tenYears = 315_360_000_000;
        const results = await batch([
          { type: 'increment', key: counter, ttlMs: tenYears, limit: 10_000_000_000 },
          { type: 'increment', key: counter, ttlMs: tenYears },
        ]);
        expect(results.map((r) => [r.passed, r.count, r.value])).toEqual([
          [true, 1, undefined],
          [true, 2, undefined],
        ]);
        expectTtl((results[1] as EdgeStoreOperationResult).ttlMs, tenYears);
      });

      it('rejects a ttl that is not a positive number with a RangeError', async () => {
        await expect(batch([{ type: 'increment', key: key('batch-bad'), ttlMs: 0 }])).rejects.toThrow(RangeError);
      });
    });
  });
}
