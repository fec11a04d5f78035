import { defineEnvelope } from './define-envelope.js';
import type { Envelope } from './envelope.js';
import { STATUS_FLAG_ENVELOPE_SCHEMA } from './schemas/status-flag.schema.js';

/**
 * `{ "status": false, "error_code", "description" }`. `details` is added only when there are
 * some; extra data (a cost breakdown …) sits at the top level.
 */
export const statusFlagEnvelope: Envelope = defineEnvelope(
  (e) => ({
    status: e.entry.status,
    // Extra data first, so it can never overwrite a field the contract defines.
    body: {
      ...e.extra,
      status: false,
      error_code: e.entry.code,
      description: e.message,
      ...(e.details.length > 0 ? { details: e.details } : {}),
    },
  }),
  { schema: STATUS_FLAG_ENVELOPE_SCHEMA },
);
