import { defineEnvelope } from './define-envelope.js';
import type { Envelope } from './envelope.js';
import { FLAT_ENVELOPE_SCHEMA } from './schemas/flat.schema.js';

/**
 * `{ "error": "<code>", "message" }`. `details` is added only when there are some; extra data
 * sits at the top level.
 */
export const flatEnvelope: Envelope = defineEnvelope(
  (e) => ({
    status: e.entry.status,
    // Extra data first, so it can never overwrite a field the contract defines.
    body: {
      ...e.extra,
      error: e.entry.code,
      message: e.message,
      ...(e.details.length > 0 ? { details: e.details } : {}),
    },
  }),
  { schema: FLAT_ENVELOPE_SCHEMA },
);
