import { isHeaderName } from '../context/header-name.js';
import type { Envelope, EnvelopeOutput, JsonSchema, ResolvedError } from './envelope.js';
import { optionError } from '../options/option-checks.js';

/** What an envelope publishes besides its function. */
export interface EnvelopeMetadata {
  /** JSON Schema of the body (see {@link ENVELOPE_SCHEMAS} for the presets'). */
  readonly schema?: JsonSchema;
  /** Response header of the request id, when `requestId.header` is not set. */
  readonly requestIdHeader?: string;
}

/**
 * An envelope with its metadata attached: the JSON Schema of its body (so OpenAPI documents and
 * contract tests can use it) and, optionally, the header its request id travels in.
 *
 * @example
 * ```ts
 * const envelope = defineEnvelope(
 *   (e) => ({ status: e.entry.status, body: { ok: false, err: e.entry.code, rid: e.requestId } }),
 *   { schema: { type: 'object', required: ['ok', 'err', 'rid'], properties: { ok: { const: false }, err: { type: 'string' }, rid: { type: 'string' } } } },
 * );
 * ApiEdgeModule.forRoot({ envelope });
 * ```
 */
export function defineEnvelope(render: (error: ResolvedError) => EnvelopeOutput, metadata: EnvelopeMetadata = {}): Envelope {
  if (metadata.requestIdHeader !== undefined && !isHeaderName(metadata.requestIdHeader)) {
    throw optionError(`use "${String(metadata.requestIdHeader)}" as the request id header of an envelope`, 'it is not an HTTP header name', 'use a token such as "Request-Id"');
  }
  // A new function, so the caller's function object is never mutated and presets stay frozen.
  const envelope = (error: ResolvedError): EnvelopeOutput => render(error);
  if (metadata.schema !== undefined) Object.defineProperty(envelope, 'schema', { value: metadata.schema, enumerable: true });
  if (metadata.requestIdHeader !== undefined) {
    Object.defineProperty(envelope, 'requestIdHeader', { value: metadata.requestIdHeader, enumerable: true });
  }
  return Object.freeze(envelope) as Envelope;
}
