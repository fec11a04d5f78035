import { randomUUID } from 'node:crypto';
import type { EdgeHttp } from '../http/edge-http.js';
import { edgeState, type EdgeRequestState } from './edge-request-state.js';

/** How request ids are accepted and made. */
export interface RequestIdOptions {
  /** Header read and echoed. Default `X-Request-Id`. */
  readonly header?: string;
  /** Accept a well-formed incoming id (default true); false always generates. */
  readonly acceptIncoming?: boolean;
  /**
   * What a well-formed incoming id looks like. Default: 8-128 characters of letters, digits and
   * `._:-` (UUIDs, ULIDs, `req_…` ids). Anything else is replaced by a generated id, never
   * rejected, so a client's odd header cannot make a request fail.
   */
  readonly pattern?: RegExp;
  /** Makes a new id. Default `crypto.randomUUID()`, optionally prefixed. */
  readonly generate?: () => string;
  /** Prefix of generated ids, e.g. `req_`. Ignored when `generate` is given. */
  readonly prefix?: string;
  /**
   * Run each request inside an `AsyncLocalStorage` context, so `currentRequestId()` works in code
   * that has no request object (services, loggers). Default false: on Node 20, an active
   * AsyncLocalStorage turns on promise hooks for the whole process, which cost ~10% of throughput
   * on a minimal route in `npm run bench`. Handlers read the id with `@RequestId()` either way.
   */
  readonly asyncContext?: boolean;
}

/** Request id options with every default applied (computed once at start-up). */
export interface ResolvedRequestIdOptions {
  readonly header: string;
  readonly headerLower: string;
  readonly acceptIncoming: boolean;
  readonly pattern: RegExp;
  readonly generate: () => string;
  readonly asyncContext: boolean;
}

const DEFAULT_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

/** Applies defaults to {@link RequestIdOptions}. */
export function resolveRequestIdOptions(options: RequestIdOptions = {}): ResolvedRequestIdOptions {
  const header = options.header ?? 'X-Request-Id';
  const prefix = options.prefix ?? '';
  return Object.freeze({
    header,
    headerLower: header.toLowerCase(),
    acceptIncoming: options.acceptIncoming ?? true,
    pattern: options.pattern ?? DEFAULT_PATTERN,
    generate: options.generate ?? (prefix ? () => prefix + randomUUID() : randomUUID),
    asyncContext: options.asyncContext ?? false,
  });
}

/**
 * The request id of this request: the cached one, else a well-formed incoming one, else a new one.
 * Sets the response header the first time. Safe to call from middleware, guards and the filter.
 */
export function ensureRequestId(
  http: EdgeHttp,
  request: object,
  response: object,
  options: ResolvedRequestIdOptions,
  state: EdgeRequestState = edgeState(request),
): string {
  if (state.requestId !== undefined) return state.requestId;
  let id: string | undefined;
  if (options.acceptIncoming) {
    const incoming = http.headers(request)[options.headerLower];
    // A repeated header arrives joined with ", " or as an array: neither matches the pattern.
    if (typeof incoming === 'string' && options.pattern.test(incoming)) id = incoming;
  }
  id ??= options.generate();
  state.requestId = id;
  if (!http.headersSent(response)) http.setHeader(response, options.header, id);
  return id;
}
