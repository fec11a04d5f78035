import type { JsonSchema } from '../envelope.js';
import { CODE_SCHEMA, MESSAGE_SCHEMA, NON_EMPTY_DETAILS_SCHEMA, SCHEMA_DIALECT, deepFreeze } from './schema-parts.js';

/** JSON Schema of the `status-flag` preset: `{ status: false, error_code, description, details?, ...extra }`. */
export const STATUS_FLAG_ENVELOPE_SCHEMA: JsonSchema = deepFreeze({
  $schema: SCHEMA_DIALECT,
  title: 'status-flag error envelope',
  description: '{ "status": false, "error_code", "description" }; "details" only when non-empty; extra data at the top level.',
  type: 'object',
  required: ['status', 'error_code', 'description'],
  properties: {
    status: { const: false },
    error_code: CODE_SCHEMA,
    description: MESSAGE_SCHEMA,
    details: NON_EMPTY_DETAILS_SCHEMA,
  },
});
