import { DEFAULT_SIGNATURE_HEADERS, SIGNATURE_ALGORITHMS, type SignatureAlgorithm, type SignatureHeaderNames } from '../client/signature-scheme.js';
import { isHeaderName } from '../context/header-name.js';
import { optionError } from '../options/option-checks.js';

/**
 * HMAC request signatures. A request is verified when a signature is required: by the route
 * (`@RequireSignature()`), by the key (`principal.requireSignature`), or by `required: true` for
 * every API-key request. Secrets come from the principal (`signingSecrets`, several during rotation).
 *
 * The app must create Nest with `rawBody: true` (`NestFactory.create(AppModule, { rawBody: true })`):
 * the MAC covers the body bytes as received, not a re-serialization.
 *
 * @example
 * ```ts
 * ApiEdgeModule.forRoot({
 *   apiKeys: { … },
 *   signature: { required: true, toleranceSeconds: 300, headers: { signature: 'X-Signature' } },
 * });
 * ```
 */
export interface SignatureOptions {
  /**
   * Require a signature on every request authenticated by an API key (routes marked
   * `@SkipSignature()` excepted). Default false: only keys with `requireSignature` and routes with
   * `@RequireSignature()` must sign. JWT-authenticated requests are not covered by this switch.
   */
  readonly required?: boolean;
  /** HMAC digest: `sha256` (default), `sha384` or `sha512`. Nothing weaker is accepted. */
  readonly algorithm?: SignatureAlgorithm;
  /**
   * How far the signed timestamp may be from the server clock, in seconds, in the past and in the
   * future (clock skew). Default 300. Replayed requests are remembered for as long.
   */
  readonly toleranceSeconds?: number;
  /**
   * Header names. Defaults: `X-Signature` (hex MAC(s), or the single-header form `t=…,v1=…`),
   * `X-Signature-Timestamp`, `X-Signature-Nonce`.
   */
  readonly headers?: Partial<SignatureHeaderNames>;
  /**
   * Whether every signed request must carry a nonce (default false). Without a nonce a replay is
   * recognized by its canonical string, so two identical requests in the same second are one.
   */
  readonly requireNonce?: boolean;
}

const TOKEN_HEADERS = ['signature', 'timestamp', 'nonce'] as const;

/** The `signature` section with defaults (verification applies also without it, per route or key). */
export interface ResolvedSignatureOptions {
  /** Whether the section was given (OpenAPI documents the signature headers only then). */
  readonly given: boolean;
  /** The header names as given, for documentation. */
  readonly headerNames: Readonly<Record<(typeof TOKEN_HEADERS)[number], string>>;
  readonly required: boolean;
  readonly algorithm: SignatureAlgorithm;
  readonly hexLength: number;
  readonly toleranceMs: number;
  readonly requireNonce: boolean;
  /** Lower-cased header names, as Node keys `request.headers`. */
  readonly signatureHeader: string;
  readonly timestampHeader: string;
  readonly nonceHeader: string;
}

/** Applies defaults to the `signature` section and validates it. */
export function resolveSignatureOptions(given: SignatureOptions | undefined): ResolvedSignatureOptions {
  const input = given ?? {};
  const algorithm = input.algorithm ?? 'sha256';
  if (!Object.hasOwn(SIGNATURE_ALGORITHMS, algorithm)) {
    throw optionError(`use signature.algorithm "${String(algorithm)}"`, 'only HMAC with SHA-256 or stronger is accepted', 'use "sha256" (default), "sha384" or "sha512"');
  }
  const tolerance = input.toleranceSeconds ?? 300;
  if (!Number.isFinite(tolerance) || tolerance <= 0 || tolerance > 86_400) {
    throw optionError(`use signature.toleranceSeconds ${String(tolerance)}`, 'it must be more than 0 and at most 86400', 'use e.g. 300 (the default)');
  }
  const names = { ...DEFAULT_SIGNATURE_HEADERS, ...input.headers };
  for (const which of TOKEN_HEADERS) {
    const name = names[which];
    if (!isHeaderName(name)) {
      throw optionError(`use signature.headers.${which} ${JSON.stringify(name)}`, 'it is not a valid header name', `use e.g. "${DEFAULT_SIGNATURE_HEADERS[which]}"`);
    }
  }
  const lower = TOKEN_HEADERS.map((which) => names[which].toLowerCase());
  if (new Set(lower).size !== lower.length) {
    throw optionError('use signature.headers', 'two of signature, timestamp and nonce share a name', 'give each its own header');
  }
  return Object.freeze({
    given: given !== undefined,
    headerNames: Object.freeze({ signature: names.signature, timestamp: names.timestamp, nonce: names.nonce }),
    required: input.required ?? false,
    algorithm,
    hexLength: SIGNATURE_ALGORITHMS[algorithm],
    toleranceMs: tolerance * 1000,
    requireNonce: input.requireNonce ?? false,
    signatureHeader: lower[0] as string,
    timestampHeader: lower[1] as string,
    nonceHeader: lower[2] as string,
  });
}
