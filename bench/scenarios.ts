/** One measured comparison: the same request against a baseline variant and a module variant. */
export interface BenchScenario {
  readonly name: string;
  readonly baseline: string;
  readonly variant: string;
  /** The minimum acceptable ratio module / baseline, when the issue sets one. */
  readonly target?: number;
  /** autocannon request options for a variant (method, path, headers, body). */
  readonly request: (variant: string) => { method?: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string };
}

/** The scenarios of `npm run bench`. */
export const BENCH_SCENARIOS: BenchScenario[] = [
  {
    name: 'success',
    baseline: 'bare',
    variant: 'edge',
    target: 0.9,
    request: () => ({ path: '/v1/ping' }),
  },
  {
    name: 'error-404',
    baseline: 'bare',
    variant: 'edge',
    target: 1,
    request: () => ({ path: '/v1/does-not-exist' }),
  },
  {
    name: 'error-401',
    baseline: 'bare',
    variant: 'edge',
    target: 1,
    request: () => ({ path: '/v1/denied' }),
  },
];
