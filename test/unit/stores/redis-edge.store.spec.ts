import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { OptionsConfigurationError } from '../../../lib/errors/configuration.error.js';
import { RedisEdgeStore } from '../../../lib/stores/redis-edge.store.js';
import { describeEdgeStoreContract } from './edge-store.contract.js';
import { connectRedis, deleteKeys } from '../../support/redis.js';




/** Unique per run, so engineers and CI jobs sharing one Redis never see each other's keys. */
const runPrefix = `edge-test:${randomUUID()}:`;

describeEdgeStoreContract('RedisEdgeStore', async () => {
  const client = await connectRedis();
  return {
    store: new RedisEdgeStore(client, { prefix: `${runPrefix}contract:` }),
    close: async () => {
      await deleteKeys(client, `${runPrefix}contract:*`);
      await client.quit();
    },
  };
});

describe('RedisEdgeStore', () => {
  let a: Redis;
  let b: Redis;

  beforeAll(async () => {
    a = await connectRedis();
    b = await connectRedis();
  });

  afterAll(async () => {
    await deleteKeys(a, `${runPrefix}*`);
    await Promise.all([a.quit(), b.quit()]);
  });

  it('shares counters, locks and values between instances on separate clients', async () => {
    const storeA = new RedisEdgeStore(a, { prefix: `${runPrefix}shared:` });
    const storeB = new RedisEdgeStore(b, { prefix: `${runPrefix}shared:` });
    expect(await storeA.increment('rl:k1', 10_000)).toEqual({ count: 1, ttlMs: 10_000 });
    expect((await storeB.increment('rl:k1', 10_000)).count).toBe(2);
    expect(await storeA.get('rl:k1')).toBe('2');

    expect(await storeB.setIfAbsent('nonce:n1', 'from-b', 10_000)).toBe(true);
    expect(await storeA.setIfAbsent('nonce:n1', 'from-a', 10_000)).toBe(false);
    expect(await storeA.get('nonce:n1')).toBe('from-b');

    await storeA.delete('nonce:n1');
    expect(await storeB.get('nonce:n1')).toBeUndefined();
  });

  it('counts concurrent increments from two instances exactly once each', async () => {
    const storeA = new RedisEdgeStore(a, { prefix: `${runPrefix}shared:` });
    const storeB = new RedisEdgeStore(b, { prefix: `${runPrefix}shared:` });
    const calls = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? storeA : storeB).increment('rl:race', 10_000));
    const counts = (await Promise.all(calls)).map((r) => r.count).sort((x, y) => x - y);
    expect(counts).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('stores every key under the prefix, with the expiry in Redis', async () => {
    const prefix = `${runPrefix}prefixed:`;
    const store = new RedisEdgeStore(a, { prefix });
    await store.set('idem:abc', 'record', 10_000);
    await store.increment('rl:abc', 5_000);
    expect(await b.get(`${prefix}idem:abc`)).toBe('record');
    expect(await b.get(`${prefix}rl:abc`)).toBe('1');
    expect(await b.exists('idem:abc', 'rl:abc')).toBe(0);
    const pttl = await b.pttl(`${prefix}idem:abc`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(10_000);
  });

  it("uses 'edge:' as the default prefix", async () => {
    const key = `${runPrefix}default-prefix`;
    const store = new RedisEdgeStore(a);
    try {
      await store.set(key, 'v', 10_000);
      expect(await b.get(`edge:${key}`)).toBe('v');
    } finally {
      await store.delete(key);
    }
    expect(await b.exists(`edge:${key}`)).toBe(0);
  });

  it('re-runs the increment script with EVAL after the script cache was flushed', async () => {
    const store = new RedisEdgeStore(a, { prefix: `${runPrefix}noscript:` });
    await store.increment('rl:k', 10_000);
    // Harmless for other users of this Redis: every EVALSHA client falls back the same way.
    await b.script('FLUSH');
    expect((await store.increment('rl:k', 10_000)).count).toBe(2);
    expect((await store.increment('rl:k', 10_000)).count).toBe(3);
  });

  it('refuses something that is not an ioredis client at construction', () => {
    expect(() => new RedisEdgeStore(undefined as unknown as Redis)).toThrow(OptionsConfigurationError);
  });
});
