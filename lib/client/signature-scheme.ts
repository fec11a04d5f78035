/**
 * The parts of the signing scheme that client and server must agree on: algorithms, header names,
 * the version tag and the accepted shapes of values.
 */

/** HMAC digests accepted for request signatures: SHA-256 or stronger, never weaker. */
export type SignatureAlgorithm = 'sha256' | 'sha384' | 'sha512';

/** Every accepted algorithm with the length of its hex digest. */
export const SIGNATURE_ALGORITHMS: Readonly<Record<SignatureAlgorithm, number>> = Object.freeze({
  sha256: 64,
  sha384: 96,
  sha512: 128,
});

/** Names of the signature headers. */
export interface SignatureHeaderNames {
  /** Carries the hex MAC(s), or the single-header form `t=…,v1=…`. Default `X-Signature`. */
  readonly signature: string;
  /** Unix seconds of the split form (not used by the single-header form). Default `X-Signature-Timestamp`. */
  readonly timestamp: string;
  /** Optional nonce, covered by the MAC. Default `X-Signature-Nonce`. */
  readonly nonce: string;
}

/** The default header names. */
export const DEFAULT_SIGNATURE_HEADERS: SignatureHeaderNames = Object.freeze({
  signature: 'X-Signature',
  timestamp: 'X-Signature-Timestamp',
  nonce: 'X-Signature-Nonce',
});

/** Version tag of a MAC in the single-header form (`v1=<hex>`), as in Stripe's scheme. */
export const SIGNATURE_VERSION = 'v1';

/**
 * A well-formed nonce: 8-128 characters of letters, digits and `._~+/=-` (a UUID, a ULID, base64 or
 * base64url of 6+ random bytes).
 */
export const NONCE_PATTERN = /^[A-Za-z0-9._~+/=-]{8,128}$/;

/** A well-formed timestamp: unix seconds, 1 to 12 decimal digits. */
export const TIMESTAMP_PATTERN = /^\d{1,12}$/;

/** The most MACs one request may carry (several secrets during rotation); more is malformed. */
export const MAX_SIGNATURES = 8;
