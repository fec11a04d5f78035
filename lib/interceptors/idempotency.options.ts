import { isHeaderName } from '../context/header-name.js';
import { optionError } from '../options/option-checks.js';

/**
 * Who a stored idempotency record belongs to. Records are keyed by this scope + the client's key
 * (one record per key, whatever the endpoint), so two callers that pick the same
 * `Idempotency-Key` never see each other's responses.
 *
 * - `'principal'` (default): the authenticated principal's id (the API key id, or the JWT
 *   session id), so each key has its own records;
 * - `'account'`: the principal's `accountId`, so every key of one account shares records (a retry
 *   with a rotated key still replays);
 * - `'workspace'`: the workspace the workspace check resolved (`workspaceContext(request).id`),
 *   else the principal's `accountId` (personal context), so a team shares records;
 * - a function of the request returning the scope string (return `undefined` to fall back to
 *   the unauthenticated rule, see {@link IdempotencyOptions.unauthenticated}).
 */
export type IdempotencyScope = 'principal' | 'account' | 'workspace' | ((request: object) => string | undefined);

/**
 * Which results of requests that reached the handler are stored and replayed. A 5xx is never
 * stored (its lock is released so a retry runs the handler again), and a request refused before
 * the handler (by a guard: authentication, rate limits …) never creates a record at all.
 *
 * - `'success-and-client-errors'` (default): every status below 500, so a retry of a request the
 *   handler refused with a 4xx gets that same 4xx, byte for byte;
 * - `'success-only'`: statuses below 400; after a 4xx the lock is released and a retry runs the
 *   handler again.
 */
export type IdempotencyStoragePolicy = 'success-and-client-errors' | 'success-only';

/**
 * Idempotency keys (the `idempotency` section of `ApiEdgeModule.forRoot`). Absent → the
 * interceptor is off everywhere, whatever the decorators say; `{}` turns it on with the defaults
 * below for routes marked `@Idempotent()` (and for every POST with `allPosts: true`).
 *
 * @example
 * ```ts
 * ApiEdgeModule.forRoot({
 *   apiKeys: { store: keyStore },
 *   idempotency: { allPosts: true, retentionMs: 24 * 3_600_000, lockTtlMs: 60_000 },
 * });
 * ```
 */
export interface IdempotencyOptions {
  /** The request header carrying the client's key (case-insensitive). Default `Idempotency-Key`. */
  readonly header?: string;
  /** Shortest accepted key, in characters. Default 1. */
  readonly minKeyLength?: number;
  /** Longest accepted key, in characters (at most 1024). Default 255. */
  readonly maxKeyLength?: number;
  /**
   * An extra format the key must match (compiled once; e.g. UUIDs only). Default: none. Whatever
   * it says, a key is always printable ASCII (0x20–0x7E) within the length bounds.
   */
  readonly keyPattern?: RegExp;
  /**
   * Apply to every POST route, not only those marked `@Idempotent()`; `@Idempotent(false)` opts a
   * route out. Default false.
   */
  readonly allPosts?: boolean;
  /**
   * How long a completed result is kept and replayed, in milliseconds, counted from completion.
   * After that the key is free again and a retry runs the handler anew. Default 86 400 000 (24 h).
   */
  readonly retentionMs?: number;
  /**
   * How long the lock of a request in progress lives, in milliseconds (at most `retentionMs`).
   * If the process dies mid-request the lock expires after this long and the key is usable again.
   * Set it above your slowest handler: a request still running when its lock expires can be run a
   * second time by a retry. Default 60 000 (1 min).
   */
  readonly lockTtlMs?: number;
  /**
   * Response headers stored with a result and replayed (case-insensitive). Default
   * `['content-type', 'location']`. Content-Type is always stored. `Content-Length`,
   * `Transfer-Encoding`, `Connection`, `Set-Cookie` and the request id header are refused: they
   * belong to each response, or must never be replayed.
   */
  readonly replayHeaders?: readonly string[];
  /** Which results are stored; see {@link IdempotencyStoragePolicy}. Default `'success-and-client-errors'`. */
  readonly storagePolicy?: IdempotencyStoragePolicy;
  /** Who records belong to; see {@link IdempotencyScope}. Default `'principal'`. */
  readonly scope?: IdempotencyScope;
  /**
   * What to do on a route without a principal (`@Public()`, or authentication not configured):
   * `'client-ip'` (default) scopes records by the client IP from the shared `ClientIpResolver`;
   * `'pass-through'` ignores the header there (not even a required key is enforced).
   */
  readonly unauthenticated?: 'client-ip' | 'pass-through';
}

/** The `idempotency` section with every default applied, validated once at start-up. */
export interface ResolvedIdempotency {
  /** As configured, for messages. */
  readonly header: string;
  readonly headerLower: string;
  readonly minKeyLength: number;
  readonly maxKeyLength: number;
  readonly keyPattern: RegExp | undefined;
  readonly allPosts: boolean;
  readonly retentionMs: number;
  readonly lockTtlMs: number;
  /** Lower-case names, content-type first. */
  readonly replayHeaders: readonly string[];
  /** Highest status stored (exclusive): 500 or 400. */
  readonly storeBelow: number;
  readonly scope: IdempotencyScope;
  readonly anonymousByIp: boolean;
}

const DAY_MS = 86_400_000;
const MAX_KEY_LENGTH = 1024;
/** Headers that belong to each response (framing, request id) or must never be replayed. */
const UNREPLAYABLE = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'set-cookie', 'idempotent-replayed']);

/**
 * Applies defaults to the `idempotency` section and checks it (pure; run once at start-up).
 * `undefined` when the section is absent: idempotency is off.
 */
export function resolveIdempotencyOptions(input: IdempotencyOptions | undefined, requestIdHeaderLower: string): ResolvedIdempotency | undefined {
  if (input === undefined) return undefined;

  const header = input.header ?? 'Idempotency-Key';
  if (!isHeaderName(header)) {
    throw optionError(`use idempotency.header ${JSON.stringify(header)}`, 'it is not a valid header name', 'use e.g. "Idempotency-Key" (the default)');
  }
  const minKeyLength = input.minKeyLength ?? 1;
  const maxKeyLength = input.maxKeyLength ?? 255;
  if (!Number.isSafeInteger(minKeyLength) || !Number.isSafeInteger(maxKeyLength) || minKeyLength < 1 || maxKeyLength < minKeyLength || maxKeyLength > MAX_KEY_LENGTH) {
    throw optionError(`use idempotency key lengths ${String(minKeyLength)}..${String(maxKeyLength)}`, `they must be integers with 1 <= minKeyLength <= maxKeyLength <= ${MAX_KEY_LENGTH}`, 'use e.g. minKeyLength 1 and maxKeyLength 255 (the defaults)');
  }
  const keyPattern = input.keyPattern;
  if (keyPattern !== undefined && !(keyPattern instanceof RegExp)) {
    throw optionError('use idempotency.keyPattern', 'it is not a RegExp', 'pass e.g. /^[0-9a-f-]{36}$/i, or leave it out');
  }
  if (keyPattern !== undefined && (keyPattern.global || keyPattern.sticky)) {
    // test() on a /g or /y pattern moves lastIndex, so the same key would pass and fail in turn.
    throw optionError(`use idempotency.keyPattern ${String(keyPattern)}`, 'its g or y flag makes test() stateful', 'drop the g and y flags');
  }

  const retentionMs = input.retentionMs ?? DAY_MS;
  if (!Number.isSafeInteger(retentionMs) || retentionMs < 1000) {
    throw optionError(`use idempotency.retentionMs ${String(retentionMs)}`, 'it must be a whole number of milliseconds, at least 1000', 'use e.g. 86400000 (24 h, the default)');
  }
  const lockTtlMs = input.lockTtlMs ?? Math.min(60_000, retentionMs);
  if (!Number.isSafeInteger(lockTtlMs) || lockTtlMs < 100 || lockTtlMs > retentionMs) {
    throw optionError(`use idempotency.lockTtlMs ${String(lockTtlMs)}`, `it must be a whole number of milliseconds from 100 to retentionMs (${retentionMs})`, "use a value above your slowest handler's duration, e.g. 60000 (the default)");
  }

  const replayHeaders = ['content-type'];
  const requestIdHeader = requestIdHeaderLower;
  for (const name of input.replayHeaders ?? ['content-type', 'location']) {
    const lower = typeof name === 'string' ? name.toLowerCase() : '';
    if (!isHeaderName(lower)) {
      throw optionError(`replay header ${JSON.stringify(name)}`, 'it is not a valid header name', 'list header names such as "content-type" or "location"');
    }
    if (UNREPLAYABLE.has(lower) || lower === requestIdHeader) {
      throw optionError(`replay header "${name}"`, 'it belongs to each response (framing, request id) or must never be replayed', 'remove it from idempotency.replayHeaders');
    }
    if (!replayHeaders.includes(lower)) replayHeaders.push(lower);
  }

  const storagePolicy = input.storagePolicy ?? 'success-and-client-errors';
  if (storagePolicy !== 'success-and-client-errors' && storagePolicy !== 'success-only') {
    throw optionError(`use idempotency.storagePolicy ${JSON.stringify(storagePolicy)}`, 'it is not a policy', 'use "success-and-client-errors" (default) or "success-only"');
  }
  const scope = input.scope ?? 'principal';
  if (typeof scope !== 'function' && scope !== 'principal' && scope !== 'account' && scope !== 'workspace') {
    throw optionError(`use idempotency.scope ${JSON.stringify(scope)}`, 'it is not a scope', 'use "principal" (default), "account", "workspace" or a function (request) => string');
  }
  const unauthenticated = input.unauthenticated ?? 'client-ip';
  if (unauthenticated !== 'client-ip' && unauthenticated !== 'pass-through') {
    throw optionError(`use idempotency.unauthenticated ${JSON.stringify(unauthenticated)}`, 'it is not a rule', 'use "client-ip" (default) or "pass-through"');
  }
  if (input.allPosts !== undefined && typeof input.allPosts !== 'boolean') {
    throw optionError(`use idempotency.allPosts ${JSON.stringify(input.allPosts)}`, 'it is not a boolean', 'use true or false (the default)');
  }

  return Object.freeze({
    header,
    headerLower: header.toLowerCase(),
    minKeyLength,
    maxKeyLength,
    keyPattern,
    allPosts: input.allPosts === true,
    retentionMs,
    lockTtlMs,
    replayHeaders: Object.freeze(replayHeaders),
    storeBelow: storagePolicy === 'success-only' ? 400 : 500,
    scope,
    anonymousByIp: unauthenticated === 'client-ip',
  });
}
