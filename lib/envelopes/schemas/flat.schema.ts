import type { JsonSchema } from '../envelope.js';
import { CODE_SCHEMA, MESSAGE_SCHEMA, NON_EMPTY_DETAILS_SCHEMA, SCHEMA_DIALECT, deepFreeze } from './schema-parts.js';

/** JSON Schema of the `flat` preset: `{ error: <code>, message, details?, ...extra }`. */
export const FLAT_ENVELOPE_SCHEMA: JsonSchema = deepFreeze({
  $schema: SCHEMA_DIALECT,
  title: 'flat error envelope',
  description: '{ "error": "<code>", "message" }; "details" only when non-empty; extra data at the top level.',
  type: 'object',
  required: ['error', 'message'],
  properties: { error: CODE_SCHEMA, message: MESSAGE_SCHEMA, details: NON_EMPTY_DETAILS_SCHEMA },
});
