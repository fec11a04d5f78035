/** The benchmark's own API key and signing secret (loopback only; not a real credential). */
export const BENCH_API_KEY = 'bench_key_0123456789abcdefghijklmnopqrstuv';
/** Signing secret of {@link BENCH_API_KEY}. */
export const BENCH_SIGNING_SECRET = 'bench_signing_secret_0123456789';

/** One API key of the full-pipeline apps, as the load client and the correctness pass use it. */
export interface BenchKey {
  /** Stable id (the rate-limit tracker and nonce scope of both peer and module). */
  readonly id: string;
  /** The key as sent in `X-Api-Key`. */
  readonly key: string;
  /** Its HMAC signing secret. */
  readonly secret: string;
  /** CIDRs the key may be used from. */
  readonly allowedIps: readonly string[];
  /** `tight`: a low hourly limit, so the correctness pass can see a 429. */
  readonly plan: 'standard' | 'tight';
}

/** How many keys the full-pipeline apps know; the load client spreads over 1 or all of them. */
export const BENCH_KEY_COUNT = 1000;

/** Allowed everywhere the load runs from: loopback (the global list allows the same). */
export const BENCH_GLOBAL_ALLOWLIST: readonly string[] = Object.freeze(['127.0.0.0/8', '::1/128']);

/** The hourly limit of the `tight` plan; every other key's limits are out of the run's reach. */
export const TIGHT_HOURLY_LIMIT = 3;

/** Limits of the standard plan: far above what a run reaches, so the bench measures counting. */
export const STANDARD_LIMIT = 1_000_000_000;

function makeKey(name: string, plan: BenchKey['plan'], allowedIps: readonly string[]): BenchKey {
  return Object.freeze({
    id: `key_${name}`,
    key: `bench_${name}_${'k'.repeat(32)}`,
    secret: `bench_secret_${name}_0123456789`,
    allowedIps: Object.freeze([...allowedIps]),
    plan,
  });
}

/**
 * The keys of the full-pipeline apps (peer and module alike): {@link BENCH_KEY_COUNT} load keys,
 * each with its own allowlist array as a database would return it, plus two keys only the
 * correctness pass uses: `narrow` (allowed from 127.0.0.1 only) and `tight` (3 requests an hour).
 */
export const BENCH_KEYS: readonly BenchKey[] = Object.freeze(
  Array.from({ length: BENCH_KEY_COUNT }, (_, i) => makeKey(String(i).padStart(4, '0'), 'standard', BENCH_GLOBAL_ALLOWLIST)),
);

/** Allowed from 127.0.0.1 only: a request forwarded for 127.0.0.5 passes the global list but not this key's. */
export const NARROW_KEY: BenchKey = makeKey('narrow', 'standard', ['127.0.0.1/32']);

/** The `tight` plan's key: the fourth request in an hour is refused with 429. */
export const TIGHT_KEY: BenchKey = makeKey('tight', 'tight', BENCH_GLOBAL_ALLOWLIST);

/** Every key the full-pipeline apps accept. */
export const ALL_BENCH_KEYS: readonly BenchKey[] = Object.freeze([...BENCH_KEYS, NARROW_KEY, TIGHT_KEY]);
