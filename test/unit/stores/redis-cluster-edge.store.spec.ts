import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Cluster } from 'ioredis';
import { RedisEdgeStore } from '../../../lib/stores/redis-edge.store.js';
import { describeEdgeStoreContract } from './edge-store.contract.js';
import { connectRedisCluster, deleteClusterKeys } from '../../support/redis-cluster.js';

/** Unique per run, so runs sharing one cluster never see each other's keys. */
const runPrefix = `edge-test:${randomUUID()}:`;

describeEdgeStoreContract('RedisEdgeStore on a Redis Cluster', async () => {
  const cluster = await connectRedisCluster();
  return {
    store: new RedisEdgeStore(cluster, { prefix: `${runPrefix}contract:` }),
    close: async () => {
      await deleteClusterKeys(cluster, `${runPrefix}contract:*`);
      await cluster.quit();
    },
  };
});

describe('RedisEdgeStore on a Redis Cluster', () => {
  let cluster: Cluster;
  const prefix = `${runPrefix}spread:`;

  beforeAll(async () => {
    cluster = await connectRedisCluster();
  });

  afterAll(async () => {
    await deleteClusterKeys(cluster, `${prefix}*`);
    await cluster.quit();
  });

  it('spreads keys over every master and runs each script on the node owning its key', async () => {
    const store = new RedisEdgeStore(cluster, { prefix });
    const masters = cluster.nodes('master');
    expect(masters).toHaveLength(3);
    for (let i = 0; i < 60; i++) {
      await store.increment(`rl:minute:ip:198.51.100.${i}`, 60_000);
      await store.setIfAbsent(`sig:key_${i}:n:${i}`, '1', 60_000);
      await store.set(`idem:${i}`, 'pending:t', 60_000);
      expect(await store.compareAndSet(`idem:${i}`, 'pending:t', 'completed', 60_000)).toBe(true);
    }
    const perNode = await Promise.all(
      masters.map(async (node) => {
        let cursor = '0';
        let n = 0;
        do {
          const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1_000);
          n += keys.length;
          cursor = next;
        } while (cursor !== '0');
        return n;
      }),
    );
    expect(perNode.reduce((a, b) => a + b, 0)).toBe(180);
    // With 180 keys over 16,384 slots split three ways, every node holds some.
    for (const n of perNode) expect(n).toBeGreaterThan(0);
  });

  it('re-sends a script with EVAL on each node whose script cache was flushed', async () => {
    const store = new RedisEdgeStore(cluster, { prefix });
    for (let i = 0; i < 30; i++) await store.increment(`rl:flush:${i}`, 60_000);
    // Only this test cluster's caches: the shared standalone Redis is not touched.
    await Promise.all(cluster.nodes('master').map((node) => node.script('FLUSH')));
    for (let i = 0; i < 30; i++) expect((await store.increment(`rl:flush:${i}`, 60_000)).count).toBe(2);
    expect(await store.renew('idem:0', 'completed', 60_000)).toBe(true);
  });
});
