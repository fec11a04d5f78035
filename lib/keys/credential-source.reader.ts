import { nodeRequestOf } from '../http/node-request.js';
import type { ApiKeySource } from './api-key.options.js';
import { isHeaderName } from '../context/header-name.js';
import { optionError } from '../options/option-checks.js';

/** Returned by {@link CredentialSourceReader.read} when a request carries two different credentials. */
export const AMBIGUOUS_CREDENTIAL: unique symbol = Symbol('nest-api-edge.ambiguous-credential');

/** One credential, none (`undefined`), or two different ones. */
export type CredentialRead = string | undefined | typeof AMBIGUOUS_CREDENTIAL;

interface HeaderSource {
  readonly header: string;
  /** Lowercase scheme plus its separating space (`bearer `), or '' for a bare value. */
  readonly scheme: string;
  /** Node keeps only the first of these headers in `headers`; the others are read from `rawHeaders`. */
  readonly fromRaw: boolean;
}

interface RequestLike {
  headers?: Record<string, string | string[] | undefined>;
  rawHeaders?: string[];
  query?: Record<string, unknown>;
}

// Node's http parser discards repeated values of these headers, so `headers` would hide a second key.
const NODE_SINGLE_VALUE = new Set([
  'authorization', 'proxy-authorization', 'from', 'host', 'user-agent', 'referer', 'age', 'etag',
  'expires', 'location', 'server', 'max-forwards', 'retry-after', 'content-type', 'content-length',
  'if-modified-since', 'if-unmodified-since', 'last-modified',
]);

/**
 * Reads one credential from the places configured for it (headers, an auth scheme, optionally the
 * query string), compiled once. Every place is read: the same credential twice is fine, two
 * different ones is {@link AMBIGUOUS_CREDENTIAL}; a repeated header with two values is two
 * credentials; an empty or blank value counts as absent.
 */
export class CredentialSourceReader {
  private readonly headers: readonly HeaderSource[];
  private readonly queries: readonly string[];

  constructor(sources: readonly ApiKeySource[], where: string) {
    if (!Array.isArray(sources) || sources.length === 0) {
      throw optionError('read credentials', `${where} is empty`, "list at least one source, e.g. ['x-api-key']");
    }
    const headers: HeaderSource[] = [];
    const queries: string[] = [];
    sources.forEach((source, i) => {
      if (typeof source === 'object' && source !== null && 'query' in source) {
        if (typeof source.query !== 'string' || source.query.length === 0) {
          throw optionError(`use ${where}[${i}]`, 'its query parameter name is empty', "write { query: 'api_key' }");
        }
        queries.push(source.query);
        return;
      }
      const header = typeof source === 'string' ? source : source?.header;
      const scheme = typeof source === 'string' ? '' : (source?.scheme ?? '');
      if (!isHeaderName(header)) {
        throw optionError(`use ${where}[${i}]`, `"${String(header)}" is not a header name`, "write e.g. 'x-api-key' or { header: 'authorization', scheme: 'Bearer' }");
      }
      if (typeof scheme !== 'string' || /\s/.test(scheme)) {
        throw optionError(`use ${where}[${i}]`, `scheme "${String(scheme)}" contains spaces`, "write the scheme alone, e.g. 'Bearer'");
      }
      const lower = header.toLowerCase();
      headers.push({ header: lower, scheme: scheme === '' ? '' : `${scheme.toLowerCase()} `, fromRaw: NODE_SINGLE_VALUE.has(lower) });
    });
    this.headers = Object.freeze(headers);
    this.queries = Object.freeze(queries);
  }

  /** Whether `header` with `scheme` is one of the places read (to share `Authorization: Bearer` with JWTs). */
  reads(header: string, scheme: string): boolean {
    const lower = header.toLowerCase();
    const s = scheme === '' ? '' : `${scheme.toLowerCase()} `;
    return this.headers.some((h) => h.header === lower && h.scheme === s);
  }

  /**
   * The credential of `request`. `skip`, when given, drops values that belong to another
   * credential kind (a JWT in a shared `Authorization: Bearer`).
   */
  read(request: object, skip?: (value: string) => boolean): CredentialRead {
    const req = request as RequestLike;
    let found: CredentialRead;
    const headers = req.headers;
    if (headers !== undefined) {
      for (const source of this.headers) {
        const value = headers[source.header];
        if (value === undefined) continue;
        const raw = source.fromRaw ? nodeRequestOf(request).rawHeaders : undefined;
        if (raw !== undefined) {
          const name = source.header;
          for (let i = 0; i < raw.length - 1; i += 2) {
            const n = raw[i] as string;
            if (n.length === name.length && n.toLowerCase() === name) {
              found = take(found, extract(raw[i + 1] as string, source.scheme), skip);
              if (found === AMBIGUOUS_CREDENTIAL) return found;
            }
          }
        } else if (typeof value === 'string') {
          found = this.fromJoined(found, value, source.scheme, skip);
          if (found === AMBIGUOUS_CREDENTIAL) return found;
        } else {
          for (const v of value) {
            found = this.fromJoined(found, v, source.scheme, skip);
            if (found === AMBIGUOUS_CREDENTIAL) return found;
          }
        }
      }
    }
    if (this.queries.length > 0) {
      const query = req.query;
      for (const name of this.queries) {
        const value = query?.[name];
        if (typeof value === 'string') {
          found = take(found, extract(value, ''), skip);
        } else if (Array.isArray(value)) {
          for (const v of value) if (typeof v === 'string' && (found = take(found, extract(v, ''), skip)) === AMBIGUOUS_CREDENTIAL) break;
        }
        if (found === AMBIGUOUS_CREDENTIAL) return found;
      }
    }
    return found;
  }

  // Node joins repeated headers with ", "; a credential never contains a comma.
  private fromJoined(found: CredentialRead, value: string, scheme: string, skip?: (value: string) => boolean): CredentialRead {
    if (value.indexOf(',') === -1) return take(found, extract(value, scheme), skip);
    for (const part of value.split(',')) {
      found = take(found, extract(part, scheme), skip);
      if (found === AMBIGUOUS_CREDENTIAL) return found;
    }
    return found;
  }
}

function take(found: CredentialRead, candidate: string | undefined, skip?: (value: string) => boolean): CredentialRead {
  if (candidate === undefined || (skip !== undefined && skip(candidate))) return found;
  if (found === undefined || found === candidate) return candidate;
  return AMBIGUOUS_CREDENTIAL;
}

// The credential in one header value: after the scheme when there is one; blank = absent.
function extract(value: string, scheme: string): string | undefined {
  let v = value.trim();
  if (scheme !== '') {
    if (v.length <= scheme.length || v.slice(0, scheme.length).toLowerCase() !== scheme) return undefined;
    v = v.slice(scheme.length).trim();
  }
  return v.length === 0 ? undefined : v;
}
