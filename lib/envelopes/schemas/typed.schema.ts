import type { JsonSchema } from '../envelope.js';
import { CODE_SCHEMA, MESSAGE_SCHEMA, NON_EMPTY_DETAILS_SCHEMA, REQUEST_ID_SCHEMA, SCHEMA_DIALECT, deepFreeze, TYPE_SCHEMA } from './schema-parts.js';

/** JSON Schema of the `typed` preset: `{ type, code, message, param, request_id, details?, ...extra }`. */
export const TYPED_ENVELOPE_SCHEMA: JsonSchema = deepFreeze({
  $schema: SCHEMA_DIALECT,
  title: 'typed error envelope',
  description: '{ "type", "code", "message", "param", "request_id" }; "param" is null when no parameter is at fault.',
  type: 'object',
  required: ['type', 'code', 'message', 'param', 'request_id'],
  properties: {
    type: TYPE_SCHEMA,
    code: CODE_SCHEMA,
    message: MESSAGE_SCHEMA,
    param: { type: ['string', 'null'] },
    request_id: REQUEST_ID_SCHEMA,
    details: NON_EMPTY_DETAILS_SCHEMA,
  },
});
