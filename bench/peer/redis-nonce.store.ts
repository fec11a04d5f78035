import type { Redis } from 'ioredis';
import { PeerNonceStore } from './peer-nonce.store.js';

/** Nonces on Redis for many instances: one `SET key 1 PX ttl NX` per request (null = already there). */
export class RedisNonceStore extends PeerNonceStore {
  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
  ) {
    super();
  }

  async remember(key: string, ttlMs: number): Promise<boolean> {
    return (await this.client.set(`${this.prefix}nonce:${key}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
  }
}
