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
