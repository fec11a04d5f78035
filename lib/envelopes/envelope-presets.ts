import type { Envelope, JsonSchema } from './envelope.js';
import { flatEnvelope } from './flat.envelope.js';
import { nestedEnvelope } from './nested.envelope.js';
import { objectEnvelope } from './object.envelope.js';
import { problemEnvelope } from './problem.envelope.js';
import { statusFlagEnvelope } from './status-flag.envelope.js';
import { stripeEnvelope } from './stripe.envelope.js';
import { typedEnvelope } from './typed.envelope.js';
import { FLAT_ENVELOPE_SCHEMA } from './schemas/flat.schema.js';
import { NESTED_ENVELOPE_SCHEMA } from './schemas/nested.schema.js';
import { OBJECT_ENVELOPE_SCHEMA } from './schemas/object.schema.js';
import { PROBLEM_ENVELOPE_SCHEMA } from './schemas/problem.schema.js';
import { STATUS_FLAG_ENVELOPE_SCHEMA } from './schemas/status-flag.schema.js';
import { STRIPE_ENVELOPE_SCHEMA } from './schemas/stripe.schema.js';
import { TYPED_ENVELOPE_SCHEMA } from './schemas/typed.schema.js';

/** The envelope presets by name. */
export const ENVELOPE_PRESETS = {
  nested: nestedEnvelope,
  flat: flatEnvelope,
  'status-flag': statusFlagEnvelope,
  object: objectEnvelope,
  typed: typedEnvelope,
  problem: problemEnvelope,
  stripe: stripeEnvelope,
} as const satisfies Record<string, Envelope>;

/** The name of an envelope preset. */
export type EnvelopePreset = keyof typeof ENVELOPE_PRESETS;

/**
 * The JSON Schema of every preset's body, by preset name (draft-07 keywords, readable as JSON
 * Schema 2020-12 / OpenAPI 3.1). Each describes every body its preset can produce.
 *
 * @example
 * ```ts
 * import { Ajv } from 'ajv';
 * const validate = new Ajv().compile(ENVELOPE_SCHEMAS.problem);
 * ```
 */
export const ENVELOPE_SCHEMAS: Readonly<Record<EnvelopePreset, JsonSchema>> = Object.freeze({
  nested: NESTED_ENVELOPE_SCHEMA,
  flat: FLAT_ENVELOPE_SCHEMA,
  'status-flag': STATUS_FLAG_ENVELOPE_SCHEMA,
  object: OBJECT_ENVELOPE_SCHEMA,
  typed: TYPED_ENVELOPE_SCHEMA,
  problem: PROBLEM_ENVELOPE_SCHEMA,
  stripe: STRIPE_ENVELOPE_SCHEMA,
});

/**
 * The JSON Schema of an envelope's body: a preset's by name, or what a custom envelope declared
 * with `defineEnvelope(fn, { schema })`; `undefined` when it declared none.
 */
export function envelopeSchema(envelope: EnvelopePreset | Envelope): JsonSchema | undefined {
  return typeof envelope === 'function' ? envelope.schema : ENVELOPE_SCHEMAS[envelope];
}
