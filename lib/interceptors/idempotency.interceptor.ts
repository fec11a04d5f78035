import {
  Inject,
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, randomUUID } from 'node:crypto';
import type { Observable } from 'rxjs';
import { ApiEdgeExtras, type ApiEdgeModuleExtras } from '../api-edge.extras.js';
import { ApiEdgeOptions } from '../api-edge.options.js';
import { ClientIpResolver } from '../context/client-ip.resolver.js';
import { edgeState } from '../context/edge-request-state.js';
import { IDEMPOTENT_METADATA, type IdempotentRouteSetting } from '../constants/metadata-keys.js';
import { RouteTable } from '../routes/route-table.js';
import type { RouteSection } from '../routes/route-section.js';
import { EdgeHttp, type CapturedResponse, type ResponseHeaderValue } from '../http/edge-http.js';
import { EdgeStore } from '../stores/edge-store.js';
import { workspaceContext } from '../workspaces/workspace-context.js';
import { IdempotentReplay } from './idempotent-replay.js';
import { decodeIdempotencyRecord, encodeIdempotencyRecord, type CompletedIdempotencyRecord, type StoredHeader } from './idempotency-record.js';
import { readIdempotencyKey } from './idempotency-key.reader.js';
import type { ResolvedIdempotency } from './idempotency.options.js';
import { requestFingerprint } from './request-fingerprint.js';
import { optionError } from '../options/option-checks.js';

// Why this file is long: one state machine (claim, run, store, replay, release)
// whose steps share the lock and the record; the options and record codec are in their own files.

// Marks a request the interceptor already handled (it may be registered twice for one route).
const SEEN = Symbol('nest-api-edge.idempotency-seen');

/**
 * How often a request retries when the record it collided with vanishes before it can be read
 * (released after a 5xx, or expired): each round is one `setIfAbsent` and one `get`.
 */
const ACQUIRE_ATTEMPTS = 3;

/**
 * Idempotency keys (see docs/idempotency.md). On a route marked `@Idempotent()` (or any POST with
 * `idempotency.allPosts`), a request carrying `Idempotency-Key`:
 *
 * - takes a lock in the `EdgeStore` (`setIfAbsent`, expiring after `lockTtlMs`) under a key made of
 *   its scope (principal, account, workspace, or client IP) + the client's key (not the path: as at
 *   Stripe, a key reused on another endpoint is a misuse, refused below, not a fresh request);
 * - runs the handler once; its final status, body bytes and chosen headers are captured through
 *   the HTTP seam as they leave (so errors the exception filter writes are captured too) and stored
 *   for `retentionMs` before the response is released — a 5xx stores nothing and frees the key;
 * - a concurrent duplicate gets `idempotency_in_progress` (409, `Retry-After`); a retry after
 *   completion gets the stored response byte for byte with `Idempotent-Replayed: true` (written by
 *   the exception filter, see {@link IdempotentReplay}); the same key with another fingerprint
 *   (method, path and query, raw body) gets `idempotency_key_reused`.
 *
 * Malformed keys (length, charset, two different values) → `invalid_idempotency_key`; a missing
 * key on `@Idempotent({ required: true })` → `idempotency_key_required`. Guards run before
 * interceptors, so requests refused by a check never create a record.
 *
 * `@Idempotent()` brings it to its routes; `idempotency.allPosts` needs it global
 * (`globalInterceptors: true`). Its state lives only in the injected `EdgeStore`, so it holds
 * across instances on Redis, and store failures follow the store's own policy.
 *
 * @example
 * ```ts
 * ApiEdgeModule.forRoot({ apiKeys: { store }, idempotency: {} });
 *
 * @Idempotent({ required: true })
 * @Post('payments') pay(@Body() dto: PaymentDto) { … }
 * ```
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  /** Where unreadable records and failed writes are reported (never with keys or bodies). */
  protected readonly logger = new Logger('IdempotencyInterceptor');
  private readonly settings: ResolvedIdempotency | undefined;
  private readonly routes: RouteSection<IdempotentRouteSetting | undefined>;

  constructor(
    @Inject(ApiEdgeOptions) protected readonly options: ApiEdgeOptions,
    @Inject(EdgeStore) protected readonly store: EdgeStore,
    protected readonly clientIp: ClientIpResolver,
    protected readonly reflector: Reflector,
    @Inject(ApiEdgeExtras) extras: ApiEdgeModuleExtras,
    @Inject(EdgeHttp) protected readonly http: EdgeHttp,
    routes: RouteTable,
  ) {
    this.settings = options.idempotency;
    if (this.settings?.allPosts && !extras.globalInterceptors) {
      throw optionError('apply idempotency to every POST route', 'the idempotency interceptor is not registered globally', 'pass globalInterceptors: true beside the options of ApiEdgeModule.forRoot (or forRootAsync), or mark routes with @Idempotent() instead of allPosts');
    }
    this.routes = routes.section('idempotency', (handler, cls) => {
      const setting = reflector.getAllAndOverride<IdempotentRouteSetting | undefined>(IDEMPOTENT_METADATA, [handler as never, cls as never]);
      if (setting !== undefined && setting !== false && this.settings === undefined) {
        // Without the section the interceptor would let retried POSTs run again: refuse to start.
        throw optionError('make this route idempotent', 'the module has no idempotency section, so retries would run the handler again', 'pass idempotency: {} (or your settings) to ApiEdgeModule.forRoot, or remove @Idempotent()');
      }
      return setting;
    });
  }

  /** Nest entry point: synchronous pass-through wherever idempotency does not apply. */
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> | Promise<Observable<unknown>> {
    const settings = this.settings;
    if (settings === undefined || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<object>();
    const node = this.http.node(request) as { [SEEN]?: true };
    // Global and route-level registration may both apply to one route: act once.
    if (node[SEEN]) return next.handle();
    node[SEEN] = true;
    const route = this.routes.get(context);
    if (route === false) return next.handle();
    const method = this.http.method(request);
    if (route === undefined && !(settings.allPosts && method === 'POST')) return next.handle();

    const scope = this.scopeOf(request);
    if (scope === undefined) return next.handle();
    const key = readIdempotencyKey(this.http.headers(request), this.http.rawHeaders(request), settings, this.options.catalogue);
    if (key === undefined) {
      if (route !== undefined && route.required) throw this.options.catalogue.error('idempotency_key_required');
      return next.handle();
    }
    const url = this.http.url(request);
    const fingerprint = requestFingerprint({ method, url, rawBody: this.http.rawBody(request), body: (request as { body?: unknown }).body });
    return this.acquire(context, next, this.storeKey(scope, key), fingerprint, settings);
  }

  /**
   * The scope records are kept under: from the principal per `scope`, else the client IP (or
   * `undefined` to pass through when `unauthenticated: 'pass-through'`). Protected so a subclass
   * can scope differently; the result is hashed, so it may hold anything.
   */
  protected scopeOf(request: object): string | undefined {
    const settings = this.settings as ResolvedIdempotency;
    const scope = settings.scope;
    if (typeof scope === 'function') {
      const custom = scope(request);
      if (custom !== undefined) return `c:${custom}`;
    } else {
      const principal = edgeState(request).principal;
      if (principal !== undefined) {
        if (scope === 'principal') return `p:${principal.id}`;
        if (scope === 'workspace') {
          const workspace = workspaceContext(request);
          if (workspace !== undefined) return `w:${workspace.id}`;
        }
        return `a:${principal.accountId}`;
      }
    }
    return settings.anonymousByIp ? `ip:${this.clientIp.resolve(request)}` : undefined;
  }

  /**
   * The store key: a hash of scope and the client's key, so keys have a fixed length and hold no
   * principal id or client-chosen text. Method and path are in the fingerprint, not here: the same
   * key on another endpoint finds the first record and is refused as reused (Stripe's rule).
   */
  private storeKey(scope: string, key: string): string {
    // The scope is length-prefixed (it may contain anything).
    const digest = createHash('sha256').update(`${scope.length}:${scope}\0${key}`).digest('base64url');
    return `idem:${digest}`;
  }

  /** Takes the lock and runs the handler, or answers from the record another request left. */
  private async acquire(
    context: ExecutionContext,
    next: CallHandler,
    storeKey: string,
    fingerprint: string,
    settings: ResolvedIdempotency,
  ): Promise<Observable<unknown>> {
    // The lock carries a random fencing token: only the request that holds this exact lock renews
    // it and turns it into the completed record (compare-and-set), so a handler that outlived a
    // lost lock can neither overwrite a newer record nor be run twice at once.
    const lock = encodeIdempotencyRecord({ state: 'pending', fingerprint, token: randomUUID() });
    for (let attempt = 0; attempt < ACQUIRE_ATTEMPTS; attempt++) {
      if (await this.store.setIfAbsent(storeKey, lock, settings.lockTtlMs)) {
        const http = context.switchToHttp();
        const renewal = this.keepLocked(storeKey, lock, settings);
        this.http.capture(http.getRequest<object>(), http.getResponse<object>(), (response) => {
          clearInterval(renewal);
          return this.complete(response, storeKey, lock, fingerprint, settings).catch((error: unknown) => {
            this.logger.warn(
              `Cannot store an idempotency result because the edge store failed (${reason(error)}); the key stays locked until its lock expires.`,
            );
          });
        });
        return next.handle();
      }
      const text = await this.store.get(storeKey);
      // Released (a 5xx) or expired between the two calls: try to take it again.
      if (text === undefined) continue;
      const record = decodeIdempotencyRecord(text);
      if (record === undefined) {
        this.logger.error(
          'Cannot use an idempotency record because it is not in the format this version writes. Fix: make sure nothing else writes under the "idem:" keys of the edge store (give the store its own prefix), and run one library version across instances.',
        );
        throw this.options.catalogue.error('internal_error');
      }
      if (record.fingerprint !== fingerprint) throw this.options.catalogue.error('idempotency_key_reused');
      if (record.state === 'pending') throw this.options.catalogue.error('idempotency_in_progress');
      throw replayOf(record);
    }
    throw this.options.catalogue.error('idempotency_in_progress');
  }

  /**
   * Renews the lock every third of its lifetime while the handler runs, so a slow handler keeps
   * its key (a retry meanwhile gets `idempotency_in_progress`, never a second run). Unref'd: it
   * never holds the process open; cleared when the response completes.
   */
  private keepLocked(storeKey: string, lock: string, settings: ResolvedIdempotency): ReturnType<typeof setInterval> {
    const timer = setInterval(() => {
      this.store.renew(storeKey, lock, settings.lockTtlMs).then(
        (held) => {
          if (!held) clearInterval(timer);
        },
        () => undefined,
      );
    }, Math.max(50, Math.floor(settings.lockTtlMs / 3)));
    timer.unref();
    return timer;
  }

  /**
   * Stores the result per the storage policy, or frees the key (5xx, a 4xx under `success-only`, a
   * stream) — in both cases only while this request's lock is still the one stored.
   */
  private async complete(response: CapturedResponse, storeKey: string, lock: string, fingerprint: string, settings: ResolvedIdempotency): Promise<void> {
    const status = response.status;
    if (status >= settings.storeBelow || !response.complete) {
      await this.store.compareAndDelete(storeKey, lock);
      return;
    }
    const headers: StoredHeader[] = [];
    for (const name of settings.replayHeaders) {
      const value = response.header(name);
      if (value === undefined) continue;
      headers.push([name, typeof value === 'number' ? String(value) : value]);
    }
    const record = encodeIdempotencyRecord({ state: 'completed', fingerprint, status, headers, body: response.body });
    if (!(await this.store.compareAndSet(storeKey, lock, record, settings.retentionMs))) {
      this.logger.warn(
        'Cannot store an idempotency result because this request no longer holds its lock (it expired, and another request holds the key now); the newer record is kept. Fix: raise idempotency.lockTtlMs above your slowest handler, or check the edge store is reachable.',
      );
    }
  }
}

/** The stored response as the filter writes it back: its headers, marked replayed. */
function replayOf(record: CompletedIdempotencyRecord): IdempotentReplay {
  const headers: Record<string, ResponseHeaderValue> = {};
  for (const [name, value] of record.headers) headers[name] = value;
  headers['idempotent-replayed'] = 'true';
  return new IdempotentReplay(record.status, headers, record.body);
}

function reason(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'unknown failure';
}
