import type { ApiKeyCharset, ApiKeyFormat } from './api-key.options.js';
import type { KeyKind } from '../ports/principal.js';
import { optionError } from '../options/option-checks.js';

/** The verdict of the format rules on one key. */
export type ApiKeyFormatVerdict =
  /** The key is malformed: refuse it before any lookup. */
  | false
  /** The key is well formed; `kind` is what its prefix implies (undefined when nothing). */
  | { readonly kind: KeyKind | undefined };

interface CompiledFormat {
  readonly prefix: string;
  readonly verdict: { readonly kind: KeyKind | undefined };
  readonly min: number;
  readonly max: number;
  readonly charset: Uint8Array;
}

const KINDS: ReadonlySet<string> = new Set(['personal', 'team', 'organization']);
const CHARSETS: Readonly<Record<ApiKeyCharset, string>> = {
  base62: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  base64url: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_',
  hex: '0123456789abcdefABCDEF',
};
const TABLES = new Map<ApiKeyCharset, Uint8Array>();
const ANY_FORMAT: ApiKeyFormatVerdict = Object.freeze({ kind: undefined });

// A lookup table per alphabet: one array read per character, no regex on the hot path.
function table(charset: ApiKeyCharset): Uint8Array {
  let t = TABLES.get(charset);
  if (t === undefined) {
    t = new Uint8Array(128);
    for (const c of CHARSETS[charset]) t[c.charCodeAt(0)] = 1;
    TABLES.set(charset, t);
  }
  return t;
}

/**
 * The `apiKeys.formats` and `maxLength` options compiled once at start-up: decides whether a key
 * is well formed and which kind its prefix implies, before the key is hashed or looked up.
 */
export class ApiKeyFormatRules {
  private readonly formats: readonly CompiledFormat[];

  constructor(
    formats: readonly ApiKeyFormat[] | undefined,
    private readonly maxLength: number,
  ) {
    if (!Number.isInteger(maxLength) || maxLength < 1) {
      throw optionError(`use apiKeys.maxLength ${String(maxLength)}`, 'it must be a positive integer', 'omit it (256) or pass e.g. 128');
    }
    if (formats !== undefined && (!Array.isArray(formats) || formats.length === 0)) {
      throw optionError('use apiKeys.formats', 'it is not a non-empty array', 'omit it to accept any key, or list e.g. [{ prefix: "sk_live_" }]');
    }
    // Longest prefix first, so `msgf_team_` wins over `msgf_`.
    this.formats = Object.freeze(
      [...(formats ?? [])].map((f, i) => compile(f, i, maxLength)).sort((a, b) => b.prefix.length - a.prefix.length),
    );
  }

  /** The verdict on `key` (already trimmed). */
  check(key: string): ApiKeyFormatVerdict {
    const length = key.length;
    if (length > this.maxLength) return false;
    if (this.formats.length === 0) return ANY_FORMAT;
    for (const format of this.formats) {
      if (!key.startsWith(format.prefix)) continue;
      if (length < format.min || length > format.max) return false;
      const charset = format.charset;
      for (let i = format.prefix.length; i < length; i++) {
        const code = key.charCodeAt(i);
        if (code > 127 || charset[code] !== 1) return false;
      }
      return format.verdict;
    }
    return false;
  }
}

function compile(format: ApiKeyFormat, index: number, maxLength: number): CompiledFormat {
  const where = `apiKeys.formats[${index}]`;
  if (typeof format?.prefix !== 'string' || format.prefix.length === 0 || /[\s,]/.test(format.prefix)) {
    throw optionError(`use ${where}`, 'its prefix is empty or contains spaces or commas', 'give a prefix such as "msgf_live_"');
  }
  if (format.kind !== undefined && !KINDS.has(format.kind)) {
    throw optionError(`use ${where}.kind "${String(format.kind)}"`, 'it is not a key kind', 'use personal, team or organization');
  }
  const charset = format.charset ?? 'base64url';
  if (!Object.hasOwn(CHARSETS, charset)) {
    throw optionError(`use ${where}.charset "${String(charset)}"`, 'it is not known', 'use base62, base64url or hex');
  }
  let min = format.prefix.length + 1;
  let max = maxLength;
  if (typeof format.length === 'number') {
    min = max = format.length;
  } else if (format.length !== undefined) {
    min = format.length.min ?? min;
    max = format.length.max ?? max;
  }
  if (!Number.isInteger(min) || !Number.isInteger(max) || min <= format.prefix.length || max < min || max > maxLength) {
    throw optionError(`use ${where}.length`, `it must be whole numbers longer than the prefix (${format.prefix.length}), min <= max, and at most apiKeys.maxLength (${maxLength})`, `give the total key length including the prefix, e.g. mintedApiKeyLength({ prefix: "${format.prefix}" })`);
  }
  return { prefix: format.prefix, verdict: Object.freeze({ kind: format.kind }), min, max, charset: table(charset) };
}
