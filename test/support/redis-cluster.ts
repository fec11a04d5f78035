import { Cluster } from 'ioredis';

/** The local three-master cluster `test/support/start-redis-cluster.sh` starts (and CI exports). */
export const REDIS_CLUSTER_NODES = (process.env.REDIS_CLUSTER_NODES ?? '127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103')
  .split(',')
  .map((node) => {
    const [host, port] = node.trim().split(':');
    return { host: host as string, port: Number(port) };
  });

/**
 * A connected ioredis Cluster client, or a failure that says how to get one: Cluster tests fail
 * without a cluster, they never skip.
 */
export async function connectRedisCluster(): Promise<Cluster> {
  const cluster = new Cluster(REDIS_CLUSTER_NODES, {
    redisOptions: { maxRetriesPerRequest: 1, connectTimeout: 2_000 },
    // Fail the first command after a few refresh attempts instead of retrying for ever.
    clusterRetryStrategy: (attempt) => (attempt > 3 ? null : 100 * attempt),
  });
  try {
    await cluster.ping();
    const info = await cluster.cluster('INFO');
    if (!String(info).includes('cluster_state:ok')) throw new Error(`cluster_state is not ok:\n${String(info)}`);
  } catch (error) {
    cluster.disconnect();
    const where = REDIS_CLUSTER_NODES.map((n) => `${n.host}:${n.port}`).join(',');
    throw new Error(
      `These tests need a Redis Cluster at ${where}. Run test/support/start-redis-cluster.sh (or set REDIS_CLUSTER_NODES): ${String(error)}`,
      { cause: error },
    );
  }
  return cluster;
}

/** Deletes every key under `pattern` on every master, so a run leaves nothing behind. */
export async function deleteClusterKeys(cluster: Cluster, pattern: string): Promise<void> {
  for (const node of cluster.nodes('master')) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1_000);
      // One DEL per key: the keys of one node may still span slots, and DEL of several is CROSSSLOT.
      for (const key of keys) await node.del(key);
      cursor = next;
    } while (cursor !== '0');
  }
}
