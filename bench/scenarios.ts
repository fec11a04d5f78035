import { randomUUID } from 'node:crypto';
import { signRequest } from '../lib/client/index.js';
import { BENCH_API_KEY, BENCH_SIGNING_SECRET } from './bench-credentials.js';

/** One autocannon request template. */
export interface BenchRequest {
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Runs before every request (autocannon's hook), e.g. to sign it with a fresh nonce. */
  setupRequest?: (request: BenchRequest) => BenchRequest;
}

/** One measured comparison: the same request against a baseline variant and a module variant. */
export interface BenchScenario {
  readonly name: string;
  readonly baseline: string;
  readonly variant: string;
  /** The minimum acceptable ratio module / baseline, when an issue sets one. */
  readonly target?: number;
  readonly request: (variant: string) => BenchRequest;
}

// A 1 KB JSON message, the same bytes for both variants.
const KB_BODY = JSON.stringify({ to: ['+15550001000'], sender_id: 'ACME', text: 'x'.repeat(960) });

/** The scenarios of `npm run bench`. */
export const BENCH_SCENARIOS: BenchScenario[] = [
  { name: 'success', baseline: 'bare', variant: 'edge', target: 0.9, request: () => ({ path: '/v1/ping' }) },
  // Diagnostic: the module without its global guard (request id by middleware instead).
  { name: 'success-no-guard', baseline: 'bare', variant: 'edge-no-guard', request: () => ({ path: '/v1/ping' }) },
  { name: 'error-404', baseline: 'bare', variant: 'edge', target: 1, request: () => ({ path: '/v1/does-not-exist' }) },
  { name: 'error-401', baseline: 'bare', variant: 'edge', target: 1, request: () => ({ path: '/v1/denied' }) },
  {
    name: 'authenticated-1kb',
    baseline: 'bare',
    variant: 'edge-auth',
    request: () => ({
      method: 'POST',
      path: '/v1/messages',
      headers: { 'content-type': 'application/json' },
      body: KB_BODY,
      // The bare app ignores the headers; signing both keeps the client's work identical.
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
  { name: 'rate-limited-memory', baseline: 'bare', variant: 'edge-ratelimit-memory', request: () => ({ path: '/v1/ping' }) },
  { name: 'rate-limited-redis', baseline: 'bare', variant: 'edge-ratelimit-redis', request: () => ({ path: '/v1/ping' }) },
];
