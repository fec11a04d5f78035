import { Redis } from 'ioredis';

/** The Redis the tests use: REDIS_URL, else the local server CI starts. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A connected client, or a failure that says what is missing: Redis-backed tests fail without
 * Redis, they never skip.
 */
export async function connectRedis(): Promise<Redis> {
  const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  try {
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw new Error(`These tests need Redis at ${REDIS_URL} (set REDIS_URL): ${String(error)}`, { cause: error });
  }
  return client;
}

/** Deletes every key under `pattern`, so a run leaves nothing behind. */
export async function deleteKeys(client: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1_000);
    if (keys.length > 0) await client.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
