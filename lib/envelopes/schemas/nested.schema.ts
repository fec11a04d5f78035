import type { JsonSchema } from '../envelope.js';
import { CODE_SCHEMA, MESSAGE_SCHEMA, SCHEMA_DIALECT, deepFreeze } from './schema-parts.js';

/** JSON Schema of the `nested` preset: `{ error: { code, message, details, ...extra } }`. */
export const NESTED_ENVELOPE_SCHEMA: JsonSchema = deepFreeze({
  $schema: SCHEMA_DIALECT,
  title: 'nested error envelope',
  description: '{ "error": { "code", "message", "details": [] } }; extra data sits inside "error".',
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: { code: CODE_SCHEMA, message: MESSAGE_SCHEMA, details: { type: 'array' } },
    },
  },
});
