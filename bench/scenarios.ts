import { randomUUID } from 'node:crypto';
import { signRequest } from '../lib/client/index.js';
import { BENCH_API_KEY, BENCH_KEYS, BENCH_SIGNING_SECRET, type BenchKey } from './bench-credentials.js';
import { badSignatureHeaders, KB_BODY, signedHeaders } from './correctness-pass.js';

/** One autocannon request template. */
export interface BenchRequest {
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Runs before every request (autocannon's hook), e.g. to sign it with a fresh nonce. */
  setupRequest?: (request: BenchRequest) => BenchRequest;
}

/** The three sides of a comparison: bare Nest, the stack a team glues today, the module. */
export type BenchRole = 'bare' | 'peer' | 'module';

/** The roles in table order. */
export const BENCH_ROLES: readonly BenchRole[] = ['bare', 'peer', 'module'];

/** One measured comparison: the same request against each variant that applies. */
export interface BenchScenario {
  readonly name: string;
  /** The server variant (a key of BENCH_VARIANTS) playing each role; `module` always applies. */
  readonly variants: Readonly<Partial<Record<BenchRole, string>>> & { readonly module: string };
  /** The status every response should have (others are reported as unexpected). */
  readonly expectStatus: number;
  /** The minimum acceptable ratio module / bare, when an issue sets one. */
  readonly target?: number;
  /** A fresh request template (a fresh rotation counter) for one run. */
  readonly request: () => BenchRequest;
}

/** Spreads requests over `keys` in turn: one key, or a thousand (tracker and cache spread). */
function rotate(keys: readonly BenchKey[]): () => BenchKey {
  let next = 0;
  return () => keys[next++ % keys.length] as BenchKey;
}

function signedPost(keys: readonly BenchKey[]): () => BenchRequest {
  return () => {
    const pick = rotate(keys);
    return {
      method: 'POST',
      path: '/v1/messages',
      body: KB_BODY,
      // The bare app ignores the headers; signing for every variant keeps the client's work identical.
      setupRequest: (request) => ({ ...request, headers: signedHeaders(pick()) }),
    };
  };
}

function keyedGet(keys: readonly BenchKey[]): () => BenchRequest {
  return () => {
    const pick = rotate(keys);
    return { path: '/v1/ping', setupRequest: (request) => ({ ...request, headers: { 'x-api-key': pick().key } }) };
  };
}

const ONE_KEY = BENCH_KEYS.slice(0, 1);
const memory = { bare: 'bare', peer: 'peer-memory', module: 'edge-full-memory' } as const;
const redis = { bare: 'bare', peer: 'peer-redis', module: 'edge-full-redis' } as const;

/** The scenarios of `npm run bench`. */
export const BENCH_SCENARIOS: BenchScenario[] = [
  { name: 'success', variants: { bare: 'bare', module: 'edge' }, expectStatus: 200, target: 0.9, request: () => ({ path: '/v1/ping' }) },
  // Diagnostic: the module without its global guard (request id by middleware instead).
  { name: 'success-no-guard', variants: { bare: 'bare', module: 'edge-no-guard' }, expectStatus: 200, request: () => ({ path: '/v1/ping' }) },
  { name: 'error-404', variants: { bare: 'bare', module: 'edge' }, expectStatus: 404, target: 1, request: () => ({ path: '/v1/does-not-exist' }) },
  { name: 'error-401', variants: { bare: 'bare', module: 'edge' }, expectStatus: 401, target: 1, request: () => ({ path: '/v1/denied' }) },
  {
    name: 'authenticated-1kb',
    variants: { bare: 'bare', module: 'edge-auth' },
    expectStatus: 201,
    request: () => ({
      method: 'POST',
      path: '/v1/messages',
      headers: { 'content-type': 'application/json' },
      body: KB_BODY,
      setupRequest: (request) => ({
        ...request,
        headers: {
          ...request.headers,
          'x-api-key': BENCH_API_KEY,
          ...signRequest({ secret: BENCH_SIGNING_SECRET, method: 'POST', path: '/v1/messages', body: KB_BODY, nonce: randomUUID() }),
        },
      }),
    }),
  },
  { name: 'rate-limited-memory', variants: { bare: 'bare', module: 'edge-ratelimit-memory' }, expectStatus: 200, request: () => ({ path: '/v1/ping' }) },
  { name: 'rate-limited-redis', variants: { bare: 'bare', module: 'edge-ratelimit-redis' }, expectStatus: 200, request: () => ({ path: '/v1/ping' }) },

  // The full pipeline: key + signature (fresh nonce) over 1 KB + global and per-key allowlist +
  // two windows per key + request id; bare Nest, the peer stack and the module.
  { name: 'full-memory-1key', variants: memory, expectStatus: 201, request: signedPost(ONE_KEY) },
  { name: 'full-memory-1000keys', variants: memory, expectStatus: 201, request: signedPost(BENCH_KEYS) },
  { name: 'full-redis-1key', variants: redis, expectStatus: 201, request: signedPost(ONE_KEY) },
  { name: 'full-redis-1000keys', variants: redis, expectStatus: 201, request: signedPost(BENCH_KEYS) },
  // Authenticated GET without a signature: key + allowlists + two windows + request id.
  { name: 'get-memory-1key', variants: memory, expectStatus: 200, request: keyedGet(ONE_KEY) },
  { name: 'get-memory-1000keys', variants: memory, expectStatus: 200, request: keyedGet(BENCH_KEYS) },
  { name: 'get-redis-1key', variants: redis, expectStatus: 200, request: keyedGet(ONE_KEY) },
  { name: 'get-redis-1000keys', variants: redis, expectStatus: 200, request: keyedGet(BENCH_KEYS) },
  // Error paths of the full pipeline (bare only where it answers the same: an unknown route).
  { name: 'err-missing-key', variants: { peer: 'peer-memory', module: 'edge-full-memory' }, expectStatus: 401, request: () => ({ path: '/v1/ping' }) },
  { name: 'err-unknown-route', variants: memory, expectStatus: 404, request: () => ({ path: '/v1/does-not-exist' }) },
  {
    name: 'err-bad-signature',
    variants: { peer: 'peer-memory', module: 'edge-full-memory' },
    expectStatus: 401,
    request: () => ({ method: 'POST', path: '/v1/messages', body: KB_BODY, setupRequest: (request) => ({ ...request, headers: badSignatureHeaders(ONE_KEY[0] as BenchKey) }) }),
  },
];
