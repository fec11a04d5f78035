import { defineEnvelope } from './define-envelope.js';
import type { Envelope } from './envelope.js';
import { NESTED_ENVELOPE_SCHEMA } from './schemas/nested.schema.js';

/**
 * `{ "error": { "code", "message", "details": [] } }`. Extra data sits inside `error`, beside
 * `code`. `details` is always present, empty when there are none.
 */
export const nestedEnvelope: Envelope = defineEnvelope(
  (e) => ({
    status: e.entry.status,
    // Extra data first, so it can never overwrite a field the contract defines.
    body: { error: { ...e.extra, code: e.entry.code, message: e.message, details: e.details } },
  }),
  { schema: NESTED_ENVELOPE_SCHEMA },
);
