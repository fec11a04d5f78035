import { defineEnvelope } from './define-envelope.js';
import type { Envelope } from './envelope.js';
import { OBJECT_ENVELOPE_SCHEMA } from './schemas/object.schema.js';

/**
 * `{ "object": "error", "code", "message", "request_id", "docs_url" }`. `docs_url` is null
 * without a docs base URL; `details` is added when there are some; extra data at the top level.
 */
export const objectEnvelope: Envelope = defineEnvelope(
  (e) => ({
    status: e.entry.status,
    // Extra data first, so it can never overwrite a field the contract defines.
    body: {
      ...e.extra,
      object: 'error',
      code: e.entry.code,
      message: e.message,
      request_id: e.requestId,
      docs_url: e.docsUrl,
      ...(e.details.length > 0 ? { details: e.details } : {}),
    },
  }),
  { schema: OBJECT_ENVELOPE_SCHEMA },
);
