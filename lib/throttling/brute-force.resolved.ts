import { failOption as fail } from '../options/option-checks.js';
import type { SectionContext } from '../options/section-context.js';
import type { BruteForceOptions } from './rate-limit.options.js';

/** `rateLimit.bruteForce`, validated once at start-up. */
export interface ResolvedBruteForce {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly blockMs: number;
  readonly counted: ReadonlySet<string>;
  readonly ipv6SubnetPrefix: number;
}

/** The authentication failures counted by default: wrong, dead or expired credentials. */
const DEFAULT_COUNTED: readonly string[] = [
  'invalid_api_key',
  'api_key_inactive',
  'api_key_revoked',
  'api_key_expired',
  'api_key_deleted',
  'invalid_token',
  'token_expired',
  'invalid_credentials',
];

/** Validates `rateLimit.bruteForce` once (`prefix`: `rateLimit.ipv6SubnetPrefix`); `null` when absent. */
export function resolveBruteForce(
  options: BruteForceOptions | undefined,
  prefix: number | undefined,
  edge: Pick<SectionContext, 'catalogue'>,
): ResolvedBruteForce | null {
  if (options === undefined) return null;
  if (typeof options !== 'object' || options === null) {
    fail('use rateLimit.bruteForce', 'it is not an object', 'pass {} for the defaults, or e.g. { maxFailures: 5 }');
  }
  const maxFailures = options.maxFailures ?? 10;
  const windowMs = options.windowMs ?? 900_000;
  const blockMs = options.blockMs ?? 900_000;
  positiveInteger('maxFailures', maxFailures, 'e.g. 5 (default 10)');
  positiveInteger('windowMs', windowMs, 'milliseconds, e.g. 900000 (default 15 minutes)');
  positiveInteger('blockMs', blockMs, 'milliseconds, e.g. 900000 (default 15 minutes)');
  const counted = options.countedErrors ?? DEFAULT_COUNTED;
  if (!Array.isArray(counted) || counted.length === 0 || counted.some((key) => typeof key !== 'string')) {
    fail('use rateLimit.bruteForce.countedErrors', 'it is not a non-empty list of catalogue keys', "pass e.g. ['invalid_api_key', 'invalid_credentials'], or omit it");
  }
  for (const key of counted) {
    if (!edge.catalogue.has(key)) {
      fail(`count "${key}" as a brute-force failure`, 'the catalogue has no such key', 'use a catalogue key (e.g. invalid_api_key), or add the entry to your catalogue');
    }
  }
  return Object.freeze({ maxFailures, windowMs, blockMs, counted: new Set(counted), ipv6SubnetPrefix: prefix ?? 64 });
}

function positiveInteger(field: string, value: number, fix: string): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    fail(`use rateLimit.bruteForce.${field}`, `it is ${String(value)}`, `pass a positive integer, ${fix}`);
  }
}
