import type { IncomingHttpHeaders } from 'node:http';
import { optionError } from '../options/option-checks.js';

// Parsed once: the units body-parser's `limit` accepts (the `bytes` package: powers of 1024).
const BYTE_LIMIT = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i;
const UNIT: Readonly<Record<string, number>> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/**
 * A body limit as body-parser reads it (`'100kb'`, `'1mb'`, `'512b'`, or a number of bytes) in
 * bytes. A wrong value throws an `OptionsConfigurationError` with the fix.
 *
 * @example
 * ```ts
 * parseByteLimit('100kb'); // 102400
 * ```
 */
export function parseByteLimit(limit: number | string): number {
  if (typeof limit === 'number') {
    if (Number.isInteger(limit) && limit >= 0) return limit;
  } else {
    const match = BYTE_LIMIT.exec(limit.trim());
    if (match !== null) return Math.floor(Number(match[1]) * (UNIT[(match[2] ?? 'b').toLowerCase()] as number));
  }
  throw optionError(`use the body limit ${JSON.stringify(limit)}`, 'it is not a size', "pass the limit given to the body parser, e.g. '100kb', '1mb' or a whole number of bytes");
}

/**
 * The body length a request declares: its `Content-Length` as a number, or `null` when it
 * declares none (no header, or `Transfer-Encoding`, which Node's parser lets win) or a value
 * Node's parser would not have accepted.
 */
export function declaredBodyLength(headers: IncomingHttpHeaders): number | null {
  if (headers['transfer-encoding'] !== undefined) return null;
  const value = headers['content-length'];
  if (value === undefined || value.length === 0 || value.length > 16) return null;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  return Number(value);
}
