import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { EdgeStoreCapacityError } from '../../../lib/stores/edge-store-capacity.error.js';
import { RedisEdgeStore } from '../../../lib/stores/redis-edge.store.js';
import { ResilientEdgeStore } from '../../../lib/stores/resilient-edge.store.js';
import { startRedisServer, type OwnRedisServer } from '../../support/redis-server.js';

// A Redis of the test's own (never the shared one) is pushed to maxmemory: under noeviction it
// refuses writes with OOM, and the store must say "full", not "down".
describe('RedisEdgeStore on a Redis at maxmemory (noeviction)', () => {
  let server: OwnRedisServer;
  let client: Redis;
  let store: RedisEdgeStore;

  beforeAll(async () => {
    server = await startRedisServer(['--maxmemory-policy', 'noeviction']);
    client = new Redis(server.url, { maxRetriesPerRequest: 1 });
    store = new RedisEdgeStore(client, { prefix: 'oom:' });
    await store.set('idem:kept', 'pending:t', 60_000);
    await store.increment('rl:kept', 60_000);
    // Below what an empty Redis already uses: every write that may grow memory is refused.
    await client.config('SET', 'maxmemory', '1');
  });

  afterAll(async () => {
    await client.quit();
    await server.stop();
  });

  it('turns the OOM reply of every write into EdgeStoreCapacityError of the write kind', async () => {
    const writes: Array<[string, Promise<unknown>, string]> = [
      ['setIfAbsent', store.setIfAbsent('sig:k:n:1', '1', 60_000), 'record'],
      ['set', store.set('idem:new', 'v', 60_000), 'record'],
      ['increment', store.increment('rl:new', 60_000), 'counter'],
      ['increment as record', store.increment('q:new', 60_000, 1, { kind: 'record' }), 'record'],
      ['set as counter', store.set('rl:other', '1', 60_000, { kind: 'counter' }), 'counter'],
      ['compareAndSet', store.compareAndSet('idem:kept', 'pending:t', 'completed', 60_000), 'record'],
    ];
    for (const [name, write, kind] of writes) {
      const error = await write.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect({ name, capacity: error instanceof EdgeStoreCapacityError }).toEqual({ name, capacity: true });
      const capacity = error as EdgeStoreCapacityError;
      expect({ name, kind: capacity.kind, key: capacity.key, status: capacity.getStatus() }).toEqual({ name, kind, key: 'store_unavailable', status: 503 });
      expect((capacity.cause as Error).message).toMatch(/^OOM command not allowed/);
    }
  });

  it('still reads, renews and deletes what it holds', async () => {
    expect(await store.get('idem:kept')).toBe('pending:t');
    expect(await store.get('rl:kept')).toBe('1');
    expect(await store.renew('idem:kept', 'pending:t', 60_000)).toBe(true);
    expect(await store.compareAndDelete('idem:kept', 'pending:t')).toBe(true);
    await store.delete('rl:kept');
    expect(await store.get('rl:kept')).toBeUndefined();
  });

  it("is refused, not failed open, behind ResilientEdgeStore with onFailure: 'open'", async () => {
    const messages: string[] = [];
    const resilient = new ResilientEdgeStore(store, { onFailure: 'open', logger: { warn: (m) => void messages.push(String(m)) } });
    await expect(resilient.setIfAbsent('sig:k:n:2', '1', 60_000)).rejects.toThrow(EdgeStoreCapacityError);
    expect(messages).toEqual([]);
  });
});
