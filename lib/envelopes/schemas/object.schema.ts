import type { JsonSchema } from '../envelope.js';
import { CODE_SCHEMA, DOCS_URL_SCHEMA, MESSAGE_SCHEMA, NON_EMPTY_DETAILS_SCHEMA, REQUEST_ID_SCHEMA, SCHEMA_DIALECT, deepFreeze } from './schema-parts.js';

/** JSON Schema of the `object` preset: `{ object: 'error', code, message, request_id, docs_url, details?, ...extra }`. */
export const OBJECT_ENVELOPE_SCHEMA: JsonSchema = deepFreeze({
  $schema: SCHEMA_DIALECT,
  title: 'object error envelope',
  description: '{ "object": "error", "code", "message", "request_id", "docs_url" }; "docs_url" is null without a docs base URL.',
  type: 'object',
  required: ['object', 'code', 'message', 'request_id', 'docs_url'],
  properties: {
    object: { const: 'error' },
    code: CODE_SCHEMA,
    message: MESSAGE_SCHEMA,
    request_id: REQUEST_ID_SCHEMA,
    docs_url: { oneOf: [DOCS_URL_SCHEMA, { type: 'null' }] },
    details: NON_EMPTY_DETAILS_SCHEMA,
  },
});
