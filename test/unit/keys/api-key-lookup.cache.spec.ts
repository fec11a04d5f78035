import { describe, expect, it } from '@jest/globals';
import { ApiKeyLookupCache } from '../../../lib/keys/api-key-lookup.cache.js';

describe('ApiKeyLookupCache', () => {
  function make(max = 3) {
    let now = 1_000;
    const cache = new ApiKeyLookupCache<string>(() => now, 100, 10, max);
    return { cache, advance: (ms: number) => (now += ms) };
  }

  it('keeps found keys for ttlMs and unknown hashes for negativeTtlMs', () => {
    const { cache, advance } = make();
    cache.set('h1', 'record');
    cache.set('h2', null);
    expect(cache.get('h1')).toBe('record');
    expect(cache.get('h2')).toBeNull();
    expect(cache.get('h3')).toBeUndefined();
    advance(10);
    expect(cache.get('h2')).toBeUndefined();
    expect(cache.get('h1')).toBe('record');
    advance(90);
    expect(cache.get('h1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('evicts the oldest entry when full, with separate budgets so unknown hashes cannot push keys out', () => {
    const { cache } = make(2);
    cache.set('a', 'A');
    cache.set('b', 'B');
    for (let i = 0; i < 50; i++) cache.set(`junk${i}`, null);
    expect(cache.get('a')).toBe('A');
    expect(cache.get('b')).toBe('B');
    expect(cache.size).toBe(4);
    cache.set('c', 'C');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBe('C');
  });

  it('replaces an unknown entry when the key appears, and forgets on delete and clear', () => {
    const { cache } = make();
    cache.set('h', null);
    cache.set('h', 'now known');
    expect(cache.get('h')).toBe('now known');
    cache.delete('h');
    expect(cache.get('h')).toBeUndefined();
    cache.set('x', 'X');
    cache.set('y', null);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('caches nothing with a zero TTL', () => {
    const cache = new ApiKeyLookupCache<string>(() => 0, 0, 0, 10);
    cache.set('a', 'A');
    cache.set('b', null);
    expect(cache.size).toBe(0);
  });
});
