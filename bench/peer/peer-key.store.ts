import { createHash, timingSafeEqual } from 'node:crypto';
import type { BenchKey } from '../bench-credentials.js';
import { parseIpRanges, type PeerIpRange } from './peer-ip-ranges.js';

/** What the peer stack's API key resolves to (`req.user` after passport). */
export interface PeerPrincipal {
  readonly id: string;
  readonly secret: string;
  readonly allowedRanges: readonly PeerIpRange[];
  readonly plan: string;
}

interface StoredKey extends PeerPrincipal {
  readonly hash: Buffer;
}

/**
 * The peer's key store: a Map from the SHA-256 hex of each key to its record, as a team keeps hashed
 * keys. The hash found is compared again with `timingSafeEqual`, as a database index lookup would be.
 */
export class PeerKeyStore {
  private readonly byHash = new Map<string, StoredKey>();

  constructor(keys: readonly BenchKey[]) {
    for (const key of keys) {
      const hex = createHash('sha256').update(key.key).digest('hex');
      this.byHash.set(hex, {
        id: key.id,
        secret: key.secret,
        allowedRanges: parseIpRanges(key.allowedIps),
        plan: key.plan,
        hash: Buffer.from(hex, 'hex'),
      });
    }
  }

  /** The principal of `apiKey`, or `null` when no stored key has its hash. */
  find(apiKey: string): PeerPrincipal | null {
    const digest = createHash('sha256').update(apiKey).digest();
    const stored = this.byHash.get(digest.toString('hex'));
    if (stored === undefined || !timingSafeEqual(stored.hash, digest)) return null;
    return stored;
  }
}
