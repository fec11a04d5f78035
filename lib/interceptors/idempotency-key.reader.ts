import type { IncomingHttpHeaders } from 'node:http';
import type { Catalogue } from '../errors/catalogue.js';
import type { ResolvedIdempotency } from './idempotency.options.js';

/**
 * The client's idempotency key from the request headers: `undefined` when the header is absent;
 * throws the catalogued `invalid_idempotency_key` when it is malformed (length, charset, the
 * configured pattern, or two different values).
 */
export function readIdempotencyKey(
  headers: IncomingHttpHeaders,
  rawHeaders: readonly string[],
  settings: ResolvedIdempotency,
  catalogue: Catalogue<string>,
): string | undefined {
  const value = headers[settings.headerLower];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw catalogue.error('invalid_idempotency_key');
  // Node joins a repeated header into "a, b": only then are the raw headers worth a look.
  const key = value.includes(',') ? singleValue(rawHeaders, settings, value, catalogue) : value;
  if (key.length < settings.minKeyLength || key.length > settings.maxKeyLength) {
    throw catalogue.error('invalid_idempotency_key', {
      message: `The ${settings.header} header must be ${settings.minKeyLength} to ${settings.maxKeyLength} characters long.`,
    });
  }
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) {
      throw catalogue.error('invalid_idempotency_key', {
        message: `The ${settings.header} header may contain printable ASCII characters only.`,
      });
    }
  }
  if (settings.keyPattern !== undefined && !settings.keyPattern.test(key)) throw catalogue.error('invalid_idempotency_key');
  return key;
}

/** The one value of a header sent once or repeated identically; two different values are malformed. */
function singleValue(raw: readonly string[], settings: ResolvedIdempotency, joined: string, catalogue: Catalogue<string>): string {
  let found: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if ((raw[i] as string).toLowerCase() !== settings.headerLower) continue;
    const value = raw[i + 1] as string;
    if (found === undefined) found = value;
    else if (found !== value) {
      throw catalogue.error('invalid_idempotency_key', {
        message: `The ${settings.header} header was sent several times with different values. Send it once.`,
      });
    }
  }
  return found ?? joined;
}
