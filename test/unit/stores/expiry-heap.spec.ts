import { describe, expect, it } from '@jest/globals';
import { ExpiryHeap } from '../../../lib/stores/expiry-heap.js';

/** A deterministic pseudo-random sequence (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Pops everything, as [time, key] pairs in the order the heap gives them. */
function drain(heap: ExpiryHeap): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  while (heap.length > 0) {
    out.push([heap.peekTime(), heap.peekKey()]);
    heap.pop();
  }
  return out;
}

describe('ExpiryHeap', () => {
  it('is empty with an infinite next expiry', () => {
    const heap = new ExpiryHeap();
    expect(heap.length).toBe(0);
    expect(heap.peekTime()).toBe(Infinity);
  });

  it('gives back every pushed item, soonest first, through interleaved pushes and pops', () => {
    const next = random(42);
    const heap = new ExpiryHeap();
    const expected: Array<[number, string]> = [];
    const popped: Array<[number, string]> = [];
    for (let i = 0; i < 5_000; i++) {
      const time = Math.floor(next() * 1_000);
      heap.push(time, `k${i}`);
      expected.push([time, `k${i}`]);
      if (i % 3 === 0) {
        popped.push([heap.peekTime(), heap.peekKey()]);
        heap.pop();
      }
    }
    const rest = drain(heap);
    for (let i = 1; i < rest.length; i++) expect((rest[i] as [number, string])[0]).toBeGreaterThanOrEqual((rest[i - 1] as [number, string])[0]);
    const sortPairs = (pairs: Array<[number, string]>) => [...pairs].sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));
    expect(sortPairs([...popped, ...rest])).toEqual(sortPairs(expected));
  });

  it('rebuilds from live entries only, in heap order', () => {
    const heap = new ExpiryHeap();
    for (let i = 0; i < 100; i++) heap.push(i, `stale${i}`);
    const live = new Map<string, { expiresAt: number }>([
      ['c', { expiresAt: 30 }],
      ['a', { expiresAt: 10 }],
      ['d', { expiresAt: 40 }],
      ['b', { expiresAt: 20 }],
    ]);
    heap.rebuild(live);
    expect(drain(heap)).toEqual([
      [10, 'a'],
      [20, 'b'],
      [30, 'c'],
      [40, 'd'],
    ]);
  });
});
