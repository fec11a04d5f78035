/** The benchmark's own API key and signing secret (loopback only; not a real credential). */
export const BENCH_API_KEY = 'bench_key_0123456789abcdefghijklmnopqrstuv';
/** Signing secret of {@link BENCH_API_KEY}. */
export const BENCH_SIGNING_SECRET = 'bench_signing_secret_0123456789';
