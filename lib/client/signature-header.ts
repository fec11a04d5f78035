import { MAX_SIGNATURES, NONCE_PATTERN, SIGNATURE_VERSION, TIMESTAMP_PATTERN } from './signature-scheme.js';

/** The signature headers of a request, read and checked for shape (not yet verified). */
export interface ParsedSignature {
  /** Unix seconds. */
  readonly timestamp: number;
  /** The timestamp exactly as sent: the canonical string uses these characters. */
  readonly timestampText: string;
  /** The MACs sent (one, or several during rotation), decoded from hex. */
  readonly macs: readonly Buffer[];
  /** The nonce, when one was sent. */
  readonly nonce: string | undefined;
}

/** Why signature headers could not be read: absent, or present with a wrong shape. */
export type SignatureHeaderProblem = 'missing' | 'malformed';

type HeaderValue = string | readonly string[] | undefined;

const HEX = /^[0-9a-fA-F]+$/;

/**
 * Reads the signature headers in either form: split (`X-Signature: <hex>[,<hex>]` plus
 * `X-Signature-Timestamp: <unix seconds>`) or single (`X-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>]`,
 * other keys ignored as Stripe does). The form is told apart by `=`, which hex never contains.
 * An optional nonce header goes with either form.
 *
 * @param hexLength the hex length of the configured algorithm's digest; a MAC of any other length is malformed.
 * @returns the parsed headers, `'missing'` when the signature (or the split form's timestamp) is
 *   absent, `'malformed'` when anything has a wrong shape.
 */
export function parseSignatureHeaders(
  signatureHeader: HeaderValue,
  timestampHeader: HeaderValue,
  nonceHeader: HeaderValue,
  hexLength: number,
): ParsedSignature | SignatureHeaderProblem {
  const signature = single(signatureHeader);
  if (signature === undefined || signature.length === 0) return 'missing';

  let nonce: string | undefined;
  const nonceValue = single(nonceHeader);
  if (nonceValue !== undefined) {
    if (!NONCE_PATTERN.test(nonceValue)) return 'malformed';
    nonce = nonceValue;
  }

  const macs: Buffer[] = [];
  let timestampText: string | undefined;
  const parts = signature.split(',');
  if (parts.length > MAX_SIGNATURES + 4) return 'malformed';

  if (signature.includes('=')) {
    for (const raw of parts) {
      const part = raw.trim();
      const eq = part.indexOf('=');
      if (eq <= 0) return 'malformed';
      const name = part.slice(0, eq);
      const value = part.slice(eq + 1);
      if (name === 't') {
        if (timestampText !== undefined) return 'malformed';
        timestampText = value;
      } else if (name === SIGNATURE_VERSION) {
        const mac = decodeMac(value, hexLength);
        if (mac === undefined) return 'malformed';
        macs.push(mac);
      }
      // Other versions (Stripe's v0 …) are ignored, so a client may send schemes we do not know.
    }
    if (timestampText === undefined) return 'malformed';
  } else {
    timestampText = single(timestampHeader);
    if (timestampText === undefined || timestampText.length === 0) return 'missing';
    for (const raw of parts) {
      const mac = decodeMac(raw.trim(), hexLength);
      if (mac === undefined) return 'malformed';
      macs.push(mac);
    }
  }

  if (macs.length === 0 || macs.length > MAX_SIGNATURES) return 'malformed';
  if (!TIMESTAMP_PATTERN.test(timestampText)) return 'malformed';
  return { timestamp: Number(timestampText), timestampText, macs, nonce };
}

function single(value: HeaderValue): string | undefined {
  if (value === undefined) return undefined;
  // Node joins repeated custom headers with ", "; an array only comes from hand-built requests.
  return typeof value === 'string' ? value : value.join(',');
}

function decodeMac(hex: string, hexLength: number): Buffer | undefined {
  return hex.length === hexLength && HEX.test(hex) ? Buffer.from(hex, 'hex') : undefined;
}
