import {
  Inject,
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
// Public metadata keys (the ones @nestjs/swagger reads too), to tell routes that answer through @Res().
import { RESPONSE_PASSTHROUGH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { of, type Observable } from 'rxjs';
import { ApiEdgeExtras, type ApiEdgeModuleExtras } from '../api-edge.extras.js';
import { ApiEdgeOptions } from '../api-edge.options.js';
import { ClientIpResolver } from '../context/client-ip.resolver.js';
import { edgeState } from '../context/edge-request-state.js';
import { IDEMPOTENT_METADATA, type IdempotentRouteSetting } from '../decorators/idempotent.decorator.js';
import { OptionsConfigurationError } from '../errors/configuration.error.js';
import { RouteMetadataCache } from '../guards/route-metadata.cache.js';
import { EdgeStore } from '../stores/edge-store.js';
import { workspaceContext } from '../workspaces/workspace-context.js';
import {
  decodeIdempotencyRecord,
  encodeIdempotencyRecord,
  type CompletedIdempotencyRecord,
  type StoredHeader,
} from './idempotency-record.js';
import type { IdempotencyOptions, IdempotencyScope } from './idempotency.options.js';
import { requestFingerprint, type FingerprintedRequest } from './request-fingerprint.js';
import { isHeaderName } from '../context/header-name.js';


// Marks a request the interceptor already handled (it may be registered twice for one route).
const SEEN = Symbol('nest-api-edge.idempotency-seen');
/** The request as the interceptor reads it (Express; Fastify's raw request has the same fields). */
interface IdempotentRequest extends FingerprintedRequest {
  readonly headers: IncomingHttpHeaders;
  readonly rawHeaders?: readonly string[];
}

type WriteCallback = (error?: Error | null) => void;

/** The Node response methods the interceptor hooks to capture the bytes it must store. */
interface CapturableResponse {
  statusCode: number;
  getHeader(name: string): number | string | readonly string[] | undefined;
  setHeader(name: string, value: string | readonly string[]): unknown;
  write(chunk: unknown, encoding?: BufferEncoding | WriteCallback, callback?: WriteCallback): boolean;
  end(chunk?: unknown, encoding?: BufferEncoding | WriteCallback, callback?: WriteCallback): unknown;
}

/** The `idempotency` section, validated once at start-up. */
interface ResolvedIdempotency {
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

/** What the interceptor compiles once per route. */
interface IdempotentRoute {
  /** The route's `@Idempotent()` setting; `undefined` when it has none. */
  readonly setting: IdempotentRouteSetting | undefined;
  /** The handler answers through `@Res()`/`@Next()` itself, so Nest ignores what interceptors return. */
  readonly handlesResponse: boolean;
}

// Nest's RouteParamtypes.RESPONSE and NEXT (the enum is not exported from @nestjs/common's index).
const RESPONSE_PARAM = '1:';
const NEXT_PARAM = '2:';

const DAY_MS = 86_400_000;
const MAX_KEY_LENGTH = 1024;
/** Headers that belong to each response (framing, request id) or must never be replayed. */
const UNREPLAYABLE = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'set-cookie', 'idempotent-replayed']);
/** Statuses whose responses have no body (a web `Response` refuses one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
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
 * - runs the handler once; its final status, body bytes and chosen headers are captured as they
 *   are written (so errors the exception filter writes are captured too) and stored for
 *   `retentionMs` before the response is released — a 5xx stores nothing and frees the key;
 * - a concurrent duplicate gets `idempotency_in_progress` (409, `Retry-After`); a retry after
 *   completion gets the stored response byte for byte with `Idempotent-Replayed: true`; the same
 *   key with another fingerprint (method, path and query, raw body) gets `idempotency_key_reused`.
 *
 * Malformed keys (length, charset, two different values) → `invalid_idempotency_key`; a missing
 * key on `@Idempotent({ required: true })` → `idempotency_key_required`. Guards run before
 * interceptors, so requests refused by a check never create a record.
 *
 * Registered globally by `ApiEdgeModule`; with no `idempotency` section, or on a route where it is
 * off, it returns `next.handle()` at once. Its state lives only in the injected `EdgeStore`, so it
 * holds across instances on Redis, and store failures follow the store's own policy.
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
  private readonly routes: RouteMetadataCache<IdempotentRoute>;

  constructor(
    @Inject(ApiEdgeOptions) protected readonly options: ApiEdgeOptions,
    @Inject(EdgeStore) protected readonly store: EdgeStore,
    protected readonly clientIp: ClientIpResolver,
    protected readonly reflector: Reflector,
    @Inject(ApiEdgeExtras) extras: ApiEdgeModuleExtras,
  ) {
    this.settings = resolveIdempotencyOptions(options);
    if (this.settings?.allPosts && !extras.globalInterceptors) {
      throw new OptionsConfigurationError(
        'Cannot apply idempotency to every POST route because the idempotency interceptor is not registered globally. Fix: pass globalInterceptors: true beside the options of ApiEdgeModule.forRoot (or forRootAsync), or mark routes with @Idempotent() instead of allPosts.',
      );
    }
    this.routes = new RouteMetadataCache((handler, cls) => ({
      setting: reflector.getAllAndOverride<IdempotentRouteSetting | undefined>(IDEMPOTENT_METADATA, [handler as never, cls as never]),
      handlesResponse: handlesResponse(handler, cls),
    }));
  }

  /** Nest entry point: synchronous pass-through wherever idempotency does not apply. */
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> | Promise<Observable<unknown>> {
    const settings = this.settings;
    if (settings === undefined || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<IdempotentRequest & { [SEEN]?: true }>();
    // Global and route-level registration may both apply to one route: act once.
    if (request[SEEN]) return next.handle();
    request[SEEN] = true;
    const compiled = this.routes.get(context);
    const route = compiled.setting;
    if (route === false) return next.handle();
    if (route === undefined && !(settings.allPosts && request.method === 'POST')) return next.handle();

    const scope = this.scopeOf(request);
    if (scope === undefined) return next.handle();
    const key = this.readKey(request, settings);
    if (key === undefined) {
      if (route !== undefined && route.required) throw this.options.catalogue.error('idempotency_key_required');
      return next.handle();
    }
    return this.acquire(context, next, this.storeKey(scope, request, key), requestFingerprint(request), settings, compiled.handlesResponse);
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

  /** The validated key, `undefined` when the header is absent; throws when it is malformed. */
  private readKey(request: IdempotentRequest, settings: ResolvedIdempotency): string | undefined {
    const value = request.headers[settings.headerLower];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw this.options.catalogue.error('invalid_idempotency_key');
    // Node joins a repeated header into "a, b": only then are the raw headers worth a look.
    const key = value.includes(',') ? this.singleValue(request, settings, value) : value;
    if (key.length < settings.minKeyLength || key.length > settings.maxKeyLength) {
      throw this.options.catalogue.error('invalid_idempotency_key', {
        message: `The ${settings.header} header must be ${settings.minKeyLength} to ${settings.maxKeyLength} characters long.`,
      });
    }
    for (let i = 0; i < key.length; i++) {
      const code = key.charCodeAt(i);
      if (code < 0x20 || code > 0x7e) {
        throw this.options.catalogue.error('invalid_idempotency_key', {
          message: `The ${settings.header} header may contain printable ASCII characters only.`,
        });
      }
    }
    if (settings.keyPattern !== undefined && !settings.keyPattern.test(key)) {
      throw this.options.catalogue.error('invalid_idempotency_key');
    }
    return key;
  }

  /** The one value of a header sent once or repeated identically; two different values are malformed. */
  private singleValue(request: IdempotentRequest, settings: ResolvedIdempotency, joined: string): string {
    const raw = request.rawHeaders;
    const headerLower = settings.headerLower;
    if (raw === undefined) return joined;
    let found: string | undefined;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      if ((raw[i] as string).toLowerCase() !== headerLower) continue;
      const value = raw[i + 1] as string;
      if (found === undefined) found = value;
      else if (found !== value) {
        throw this.options.catalogue.error('invalid_idempotency_key', {
          message: `The ${settings.header} header was sent several times with different values. Send it once.`,
        });
      }
    }
    return found ?? joined;
  }

  /**
   * The store key: a hash of scope and the client's key, so keys have a fixed length and hold no
   * principal id or client-chosen text. Method and path are in the fingerprint, not here: the same
   * key on another endpoint finds the first record and is refused as reused (Stripe's rule).
   */
  private storeKey(scope: string, _request: IdempotentRequest, key: string): string {
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
    handlesResponse: boolean,
  ): Promise<Observable<unknown>> {
    const lock = encodeIdempotencyRecord({ state: 'pending', fingerprint });
    for (let attempt = 0; attempt < ACQUIRE_ATTEMPTS; attempt++) {
      if (await this.store.setIfAbsent(storeKey, lock, settings.lockTtlMs)) {
        this.capture(context.switchToHttp().getResponse<CapturableResponse>(), storeKey, fingerprint, settings);
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
      if (!handlesResponse) return of(this.replay(record));
      // Nest sends nothing for a handler that uses @Res(): the stored response is written here.
      this.replayRaw(record, context.switchToHttp().getResponse<CapturableResponse>());
      return of(undefined);
    }
    throw this.options.catalogue.error('idempotency_in_progress');
  }

  /**
   * Hooks `write`/`end` of the response of the request holding the lock, so the bytes that leave
   * (from the handler, or from the exception filter) are stored exactly as sent. The end of the
   * response waits for the store write, so a client that has its answer always gets the replay
   * on retry, never a stale `idempotency_in_progress`.
   */
  private capture(response: CapturableResponse, storeKey: string, fingerprint: string, settings: ResolvedIdempotency): void {
    const chunks: Buffer[] = [];
    const write = response.write;
    const end = response.end;
    response.write = function (chunk: unknown, encoding?: BufferEncoding | WriteCallback, callback?: WriteCallback): boolean {
      // Copied: a streaming source may reuse its buffer once written.
      if (chunk !== undefined && chunk !== null) chunks.push(Buffer.from(toBuffer(chunk, encoding)));
      return write.call(this, chunk, encoding, callback);
    };
    response.end = (chunk?: unknown, encoding?: BufferEncoding | WriteCallback, callback?: WriteCallback): unknown => {
      // Back to the prototype's methods: one capture per response, nothing left behind.
      delete (response as Partial<CapturableResponse>).write;
      delete (response as Partial<CapturableResponse>).end;
      if (typeof chunk === 'function') {
        callback = chunk as WriteCallback;
        chunk = undefined;
      } else if (typeof encoding === 'function') {
        callback = encoding;
        encoding = undefined;
      }
      if (chunk !== undefined && chunk !== null) chunks.push(toBuffer(chunk, encoding));
      const release = (): void => {
        end.call(response, chunk, encoding as BufferEncoding, callback);
      };
      this.complete(response, storeKey, fingerprint, chunks, settings).then(release, (error: unknown) => {
        this.logger.warn(`Cannot store an idempotency result because the edge store failed (${reason(error)}); the key stays locked until its lock expires.`);
        release();
      });
      return response;
    };
  }

  /** Stores the result per the storage policy, or frees the key (5xx, or a 4xx under `success-only`). */
  private complete(
    response: CapturableResponse,
    storeKey: string,
    fingerprint: string,
    chunks: readonly Buffer[],
    settings: ResolvedIdempotency,
  ): Promise<void> {
    const status = response.statusCode;
    if (status >= settings.storeBelow) return this.store.delete(storeKey);
    const headers: StoredHeader[] = [];
    for (const name of settings.replayHeaders) {
      const value = response.getHeader(name);
      if (value === undefined) continue;
      headers.push([name, typeof value === 'number' ? String(value) : value]);
    }
    const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
    const record = encodeIdempotencyRecord({ state: 'completed', fingerprint, status, headers, body });
    return this.store.set(storeKey, record, settings.retentionMs);
  }

  /**
   * The stored response as a web `Response`: Nest sends it as it is, its status and headers
   * winning over the route's `@HttpCode()`, without serializing the body again.
   */
  private replay(record: CompletedIdempotencyRecord): Response {
    const headers = new Headers();
    for (const [name, value] of record.headers) {
      if (typeof value === 'string') headers.set(name, value);
      else for (const one of value) headers.append(name, one);
    }
    headers.set('idempotent-replayed', 'true');
    const hasBody = record.body.length > 0 && !NULL_BODY_STATUSES.has(record.status);
    if (hasBody) headers.set('content-length', String(record.body.length));
    return new Response(hasBody ? record.body : null, { status: record.status, headers });
  }

  /** The stored response written straight to the Node response, for handlers that use `@Res()`. */
  private replayRaw(record: CompletedIdempotencyRecord, response: CapturableResponse): void {
    response.statusCode = record.status;
    for (const [name, value] of record.headers) response.setHeader(name, value);
    response.setHeader('idempotent-replayed', 'true');
    const hasBody = record.body.length > 0 && !NULL_BODY_STATUSES.has(record.status);
    if (!NULL_BODY_STATUSES.has(record.status)) response.setHeader('content-length', String(record.body.length));
    response.end(hasBody ? record.body : undefined);
  }
}

/** Whether a handler takes `@Res()` or `@Next()` without `passthrough` (Nest then sends nothing itself). */
function handlesResponse(handler: object, cls: object): boolean {
  const name = (handler as { name?: string }).name;
  if (name === undefined) return false;
  const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, cls, name) as Record<string, unknown> | undefined;
  if (args === undefined) return false;
  const takesResponse = Object.keys(args).some((key) => key.startsWith(RESPONSE_PARAM) || key.startsWith(NEXT_PARAM));
  return takesResponse && Reflect.getMetadata(RESPONSE_PASSTHROUGH_METADATA, cls, name) !== true;
}

function toBuffer(chunk: unknown, encoding: BufferEncoding | WriteCallback | undefined): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk));
}

function reason(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'unknown failure';
}

function resolveIdempotencyOptions(options: ApiEdgeOptions): ResolvedIdempotency | undefined {
  const input: IdempotencyOptions | undefined = options.input.idempotency;
  if (input === undefined) return undefined;

  const header = input.header ?? 'Idempotency-Key';
  if (!isHeaderName(header)) {
    throw new OptionsConfigurationError(
      `Cannot use idempotency.header ${JSON.stringify(header)} because it is not a valid header name. Fix: use e.g. "Idempotency-Key" (the default).`,
    );
  }
  const minKeyLength = input.minKeyLength ?? 1;
  const maxKeyLength = input.maxKeyLength ?? 255;
  if (!Number.isSafeInteger(minKeyLength) || !Number.isSafeInteger(maxKeyLength) || minKeyLength < 1 || maxKeyLength < minKeyLength || maxKeyLength > MAX_KEY_LENGTH) {
    throw new OptionsConfigurationError(
      `Cannot use idempotency key lengths ${String(minKeyLength)}..${String(maxKeyLength)} because they must be integers with 1 <= minKeyLength <= maxKeyLength <= ${MAX_KEY_LENGTH}. Fix: use e.g. minKeyLength 1 and maxKeyLength 255 (the defaults).`,
    );
  }
  const keyPattern = input.keyPattern;
  if (keyPattern !== undefined && !(keyPattern instanceof RegExp)) {
    throw new OptionsConfigurationError(
      'Cannot use idempotency.keyPattern because it is not a RegExp. Fix: pass e.g. /^[0-9a-f-]{36}$/i, or leave it out.',
    );
  }
  if (keyPattern !== undefined && (keyPattern.global || keyPattern.sticky)) {
    // test() on a /g or /y pattern moves lastIndex, so the same key would pass and fail in turn.
    throw new OptionsConfigurationError(
      `Cannot use idempotency.keyPattern ${String(keyPattern)} because its g or y flag makes test() stateful. Fix: drop the g and y flags.`,
    );
  }

  const retentionMs = input.retentionMs ?? DAY_MS;
  if (!Number.isSafeInteger(retentionMs) || retentionMs < 1000) {
    throw new OptionsConfigurationError(
      `Cannot use idempotency.retentionMs ${String(retentionMs)} because it must be a whole number of milliseconds, at least 1000. Fix: use e.g. 86400000 (24 h, the default).`,
    );
  }
  const lockTtlMs = input.lockTtlMs ?? Math.min(60_000, retentionMs);
  if (!Number.isSafeInteger(lockTtlMs) || lockTtlMs < 100 || lockTtlMs > retentionMs) {
    throw new OptionsConfigurationError(
      `Cannot use idempotency.lockTtlMs ${String(lockTtlMs)} because it must be a whole number of milliseconds from 100 to retentionMs (${retentionMs}). Fix: use a value above your slowest handler's duration, e.g. 60000 (the default).`,
    );
  }

  const replayHeaders = ['content-type'];
  const requestIdHeader = options.requestId.headerLower;
  for (const name of input.replayHeaders ?? ['content-type', 'location']) {
    const lower = typeof name === 'string' ? name.toLowerCase() : '';
    if (!isHeaderName(lower)) {
      throw new OptionsConfigurationError(
        `Cannot replay header ${JSON.stringify(name)} because it is not a valid header name. Fix: list header names such as "content-type" or "location".`,
      );
    }
    if (UNREPLAYABLE.has(lower) || lower === requestIdHeader) {
      throw new OptionsConfigurationError(
        `Cannot replay header "${name}" because it belongs to each response (framing, request id) or must never be replayed. Fix: remove it from idempotency.replayHeaders.`,
      );
    }
    if (!replayHeaders.includes(lower)) replayHeaders.push(lower);
  }

  const storagePolicy = input.storagePolicy ?? 'success-and-client-errors';
  if (storagePolicy !== 'success-and-client-errors' && storagePolicy !== 'success-only') {
    throw new OptionsConfigurationError(
      `Cannot use idempotency.storagePolicy ${JSON.stringify(storagePolicy)} because it is not a policy. Fix: use "success-and-client-errors" (default) or "success-only".`,
    );
  }
  const scope = input.scope ?? 'principal';
  if (typeof scope !== 'function' && scope !== 'principal' && scope !== 'account' && scope !== 'workspace') {
    throw new OptionsConfigurationError(
      `Cannot use idempotency.scope ${JSON.stringify(scope)} because it is not a scope. Fix: use "principal" (default), "account", "workspace" or a function (request) => string.`,
    );
  }
  const unauthenticated = input.unauthenticated ?? 'client-ip';
  if (unauthenticated !== 'client-ip' && unauthenticated !== 'pass-through') {
    throw new OptionsConfigurationError(
      `Cannot use idempotency.unauthenticated ${JSON.stringify(unauthenticated)} because it is not a rule. Fix: use "client-ip" (default) or "pass-through".`,
    );
  }
  if (input.allPosts !== undefined && typeof input.allPosts !== 'boolean') {
    throw new OptionsConfigurationError(
      `Cannot use idempotency.allPosts ${JSON.stringify(input.allPosts)} because it is not a boolean. Fix: use true or false (the default).`,
    );
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
