import { defineEnvelope } from './define-envelope.js';
import type { Envelope } from './envelope.js';
import { TYPED_ENVELOPE_SCHEMA } from './schemas/typed.schema.js';

/**
 * `{ "type", "code", "message", "param", "request_id" }`, flat at the top level. `type` is the
 * entry's category; `param` is null when no parameter is at fault; `details` is added when there
 * are some; extra data at the top level.
 */
export const typedEnvelope: Envelope = defineEnvelope(
  (e) => ({
    status: e.entry.status,
    // Extra data first, so it can never overwrite a field the contract defines.
    body: {
      ...e.extra,
      type: e.entry.type,
      code: e.entry.code,
      message: e.message,
      param: e.param,
      request_id: e.requestId,
      ...(e.details.length > 0 ? { details: e.details } : {}),
    },
  }),
  { schema: TYPED_ENVELOPE_SCHEMA },
);
