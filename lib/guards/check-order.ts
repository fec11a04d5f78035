/**
 * The order in which the global guard runs the checks, declared once: `ApiEdgeGuard` builds its
 * steps from it, and a test holds the flow lines of README.md ("The checks") and
 * docs/architecture.md against it. Cheap checks fail first, and nothing about a key is revealed
 * before the caller's IP may ask. Idempotency follows as an interceptor, after the guard.
 */
export const CHECK_ORDER = Object.freeze([
  'request id',
  'maintenance',
  'IP allowlist (global)',
  'brute-force block',
  'authentication',
  'IP allowlist (per key)',
  'signature',
  'workspace',
  'scopes',
  'plan',
  'rate limits',
  'body depth',
] as const);

/** One step of {@link CHECK_ORDER}. */
export type CheckStepName = (typeof CHECK_ORDER)[number];

/** What runs after the guard's steps, as the flow lines show it. */
export const AFTER_CHECKS = '(interceptor) idempotency';
