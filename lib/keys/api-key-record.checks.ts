import { timingSafeEqual } from 'node:crypto';
import type { BuiltInErrorKey } from '../errors/built-in-catalogue.js';
import type { ApiKeyRecord } from '../ports/api-key-store.port.js';

// How a found key record is judged (status, hash, expiry), apart from the guard that reads keys.

const STATUS_REFUSALS: Readonly<Record<string, BuiltInErrorKey | null>> = {
  active: null,
  inactive: 'api_key_inactive',
  revoked: 'api_key_revoked',
  deleted: 'api_key_deleted',
};

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

// An unknown status fails closed.
/** The refusal a key record's status calls for; null for an active key. */
export function refusalOf(status: ApiKeyRecord['status']): BuiltInErrorKey | null {
  const key = status ?? 'active';
  return Object.hasOwn(STATUS_REFUSALS, key) ? (STATUS_REFUSALS[key] as BuiltInErrorKey | null) : 'api_key_inactive';
}

/** Whether the stored SHA-256 hex equals `digest` (constant time; a malformed value never matches). */
export function sameHash(digest: Buffer, stored: unknown): boolean {
  if (typeof stored !== 'string' || !HEX_SHA256.test(stored)) return false;
  return timingSafeEqual(digest, Buffer.from(stored, 'hex'));
}

/** A record's `expiresAt` as epoch ms: Infinity when it never expires. */
export function toEpochMs(expiresAt: ApiKeyRecord['expiresAt']): number {
  if (expiresAt === undefined || expiresAt === null) return Infinity;
  const ms = expiresAt instanceof Date ? expiresAt.getTime() : typeof expiresAt === 'number' ? expiresAt : Date.parse(expiresAt);
  // An unreadable date fails closed: the key counts as expired.
  return Number.isNaN(ms) ? -Infinity : ms;
}
