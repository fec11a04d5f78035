import type { JsonSchema } from '../envelope.js';
import { CODE_SCHEMA, MESSAGE_SCHEMA, NON_EMPTY_DETAILS_SCHEMA, REQUEST_ID_SCHEMA, SCHEMA_DIALECT, deepFreeze, STATUS_SCHEMA } from './schema-parts.js';

/**
 * JSON Schema of the `problem` preset (RFC 9457, `application/problem+json`):
 * `{ type, title, status, detail, instance, code, request_id, errors?, ...extra }`.
 */
export const PROBLEM_ENVELOPE_SCHEMA: JsonSchema = deepFreeze({
  $schema: SCHEMA_DIALECT,
  title: 'RFC 9457 problem details',
  description: '"type" is the docs URL of the code, or "about:blank" (then "title" is the HTTP status phrase); "code" and "request_id" are extension members; details travel as "errors".',
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'instance', 'code', 'request_id'],
  properties: {
    type: { type: 'string', pattern: '^(about:blank|https?://\\S+)$' },
    title: MESSAGE_SCHEMA,
    status: STATUS_SCHEMA,
    detail: MESSAGE_SCHEMA,
    instance: { type: 'string', pattern: '^/[^?#]*$' },
    code: CODE_SCHEMA,
    request_id: REQUEST_ID_SCHEMA,
    errors: NON_EMPTY_DETAILS_SCHEMA,
  },
});
