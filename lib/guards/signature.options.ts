import type { SignatureAlgorithm, SignatureHeaderNames } from '../client/signature-scheme.js';

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
