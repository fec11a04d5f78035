// One-shot `hash` (Node >= 20.12): no Hash object per call, about a third cheaper on short input.
import { hash } from 'node:crypto';

/**
 * The SHA-256 of an API key as lowercase hex: what your key store keeps and is queried by
 * (`findByHash`). A fast hash is right here (unlike passwords): minted keys carry ≥128 bits of
 * randomness, so there is nothing to brute-force.
 *
 * @example
 * ```ts
 * await db.apiKey.update({ where: { hash: hashApiKey(presentedKey) }, data: { status: 'revoked' } });
 * ```
 */
export function hashApiKey(key: string): string {
  return hash('sha256', key, 'hex');
}
