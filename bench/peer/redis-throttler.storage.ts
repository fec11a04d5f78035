import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';

/** What {@link RedisThrottlerStorage} returns, @nestjs/throttler's `ThrottlerStorageRecord`. */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

// One script per hit: refuse while blocked, else count; block once over the limit. Both keys share
// a hash tag so the script is Redis Cluster-safe. Returns hits, ms to expiry, blocked, ms to unblock.
const INCREMENT = `
local blockTtl = redis.call('PTTL', KEYS[2])
if blockTtl > 0 then
  return { tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('PTTL', KEYS[1]), 1, blockTtl }
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return { hits, ttl, 1, tonumber(ARGV[3]) }
end
return { hits, ttl, 0, 0 }
`;

interface WithIncrement {
  peerThrottle(hitsKey: string, blockKey: string, ttl: number, limit: number, blockDuration: number): Promise<[number, number, number, number]>;
}

/**
 * The ioredis `ThrottlerStorage` a team writes today: @nest-lab/throttler-storage-redis (the usual
 * package) declares peer `@nestjs/common` <= 11 and does not install on Nest 12. One Lua script
 * (EVALSHA through `defineCommand`) per hit, so one round trip per window.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly client: Redis & WithIncrement;

  constructor(
    client: Redis,
    private readonly prefix: string,
  ) {
    client.defineCommand('peerThrottle', { numberOfKeys: 2, lua: INCREMENT });
    this.client = client as Redis & WithIncrement;
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const base = `${this.prefix}throttle:{${throttlerName}:${key}}`;
    const [totalHits, ttlMs, blocked, blockMs] = await this.client.peerThrottle(`${base}:hits`, `${base}:block`, ttl, limit, blockDuration);
    return {
      totalHits,
      timeToExpire: Math.ceil(ttlMs / 1000),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.ceil(blockMs / 1000),
    };
  }
}
