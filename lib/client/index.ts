// What API consumers import from 'nest-api-edge/client': signing requests and reading errors.
// Nothing here depends on Nest, so a plain Node client can use it.

export { signRequest } from './sign-request.js';
export type { SignRequestInput } from './sign-request.js';
export { buildCanonicalString, sha256Hex, EMPTY_BODY_SHA256 } from './canonical-string.js';
export type { CanonicalRequest } from './canonical-string.js';
export {
  DEFAULT_SIGNATURE_HEADERS,
  SIGNATURE_ALGORITHMS,
  SIGNATURE_VERSION,
  NONCE_PATTERN,
  MAX_SIGNATURES,
} from './signature-scheme.js';
export type { SignatureAlgorithm, SignatureHeaderNames } from './signature-scheme.js';
export { parseErrorEnvelope } from './parse-error-envelope.js';
export type { ParsedErrorEnvelope, ErrorEnvelopeShape, ParseErrorEnvelopeOptions, ResponseHeaders } from './parse-error-envelope.js';
