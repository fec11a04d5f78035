import type { JsonSchema } from '../envelope.js';
import { CODE_SCHEMA, DOCS_URL_SCHEMA, MESSAGE_SCHEMA, NON_EMPTY_DETAILS_SCHEMA, SCHEMA_DIALECT, deepFreeze, TYPE_SCHEMA } from './schema-parts.js';

/** JSON Schema of the `stripe` preset: `{ error: { type, code, message, param?, doc_url?, details?, ...extra } }`. */
export const STRIPE_ENVELOPE_SCHEMA: JsonSchema = deepFreeze({
  $schema: SCHEMA_DIALECT,
  title: 'Stripe-style error envelope',
  description: "Stripe's error object: { \"error\": { \"type\", \"code\", \"message\", \"param\"?, \"doc_url\"? } }; extra data sits inside \"error\".",
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['type', 'code', 'message'],
      properties: {
        type: TYPE_SCHEMA,
        code: CODE_SCHEMA,
        message: MESSAGE_SCHEMA,
        param: { type: 'string', minLength: 1 },
        doc_url: DOCS_URL_SCHEMA,
        details: NON_EMPTY_DETAILS_SCHEMA,
      },
    },
  },
});
