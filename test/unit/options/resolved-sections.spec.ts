import { describe, expect, it } from '@jest/globals';
import { resolveApiEdgeOptions } from '../../../lib/api-edge.options.js';
import { OptionsConfigurationError } from '../../../lib/errors/configuration.error.js';
import { MemoryEdgeStore } from '../../../lib/stores/memory-edge.store.js';
import type { EdgeStore } from '../../../lib/stores/edge-store.js';

// The sections that used to be read from `options.input` (clientIp, store, apiKeys.cache and
// sources): resolved once, typed and frozen, with "Cannot … because … Fix: …" messages.
const keys = { findByHash: (): null => null };

describe('resolved sections once read raw', () => {
  it('clientIp: no trusted proxy by default; a list compiles to one test; a function is kept', () => {
    expect(resolveApiEdgeOptions({}).clientIp).toEqual({ trust: undefined });
    const compiled = resolveApiEdgeOptions({ clientIp: { trustedProxies: ['loopback', '10.0.0.0/8'] } }).clientIp;
    expect(Object.isFrozen(compiled)).toBe(true);
    expect(compiled.trust?.('10.1.2.3', 0)).toBe(true);
    expect(compiled.trust?.('203.0.113.7', 0)).toBe(false);
    const own = (address: string): boolean => address === '192.0.2.1';
    expect(resolveApiEdgeOptions({ clientIp: { trustedProxies: own } }).clientIp.trust).toBe(own);
    expect(resolveApiEdgeOptions({ clientIp: { trustedProxies: [] } }).clientIp.trust).toBeUndefined();
  });

  it('clientIp: a wrong proxy or section fails the start', () => {
    expect(() => resolveApiEdgeOptions({ clientIp: { trustedProxies: ['not-an-ip'] } })).toThrow(
      new OptionsConfigurationError(
        'Cannot use clientIp.trustedProxies ["not-an-ip"] because invalid IP address: not-an-ip. Fix: list IPs, CIDR ranges (10.0.0.0/8, 2001:db8::/32) or the names loopback, linklocal, uniquelocal.',
      ),
    );
    expect(() => resolveApiEdgeOptions({ clientIp: 'loopback' as never })).toThrow(
      "Cannot read the clientIp options because they are not an object. Fix: pass clientIp: { trustedProxies?: ['loopback', '10.0.0.0/8'] }.",
    );
  });

  it('store: null when absent (the module builds its memory store), the given store as is', () => {
    expect(resolveApiEdgeOptions({}).store).toBeNull();
    const store = new MemoryEdgeStore();
    expect(resolveApiEdgeOptions({ store }).store).toBe(store);
    expect(() => resolveApiEdgeOptions({ store: { get: () => null } as unknown as EdgeStore })).toThrow(
      new OptionsConfigurationError(
        'Cannot use store because it is not an EdgeStore (an object with increment, get, set … methods). Fix: pass new ResilientEdgeStore(new RedisEdgeStore(redis)) for many instances, or leave it out for the in-memory store.',
      ),
    );
  });

  it('apiKeys: sources and the cache with defaults, frozen; cache: false is null', () => {
    const apiKeys = resolveApiEdgeOptions({ apiKeys: { store: keys, formats: [{ prefix: 'sk_team_', kind: 'team' }, { prefix: 'sk_' }] } }).apiKeys;
    expect(apiKeys?.sources).toEqual(['x-api-key']);
    expect(apiKeys?.cache).toEqual({ ttlMs: 30_000, negativeTtlMs: 5_000, maxEntries: 10_000 });
    expect(Object.isFrozen(apiKeys?.cache)).toBe(true);
    expect(apiKeys?.prefixes).toEqual([{ prefix: 'sk_team_', kind: 'team' }, { prefix: 'sk_', kind: undefined }]);
    const sources = [{ header: 'authorization', scheme: 'Bearer' }];
    const given = resolveApiEdgeOptions({ apiKeys: { store: keys, sources, cache: { ttlMs: 1_000 } } }).apiKeys;
    expect(given?.sources).toEqual(sources);
    expect(Object.isFrozen(sources[0])).toBe(false);
    expect(given?.cache).toEqual({ ttlMs: 1_000, negativeTtlMs: 5_000, maxEntries: 10_000 });
    expect(resolveApiEdgeOptions({ apiKeys: { store: keys, cache: false } }).apiKeys?.cache).toBeNull();
  });

  it('apiKeys.cache: a wrong number fails the start', () => {
    expect(() => resolveApiEdgeOptions({ apiKeys: { store: keys, cache: { maxEntries: 0 } } })).toThrow(
      new OptionsConfigurationError(
        'Cannot use apiKeys.cache.maxEntries 0 because it must be an integer >= 1. Fix: omit it for the default, or pass cache: false to disable the cache.',
      ),
    );
  });
});
