import { defineEnvelope } from './define-envelope.js';
import type { Envelope } from './envelope.js';
import { PROBLEM_ENVELOPE_SCHEMA } from './schemas/problem.schema.js';
import { statusPhrase } from './status-phrase.js';

/** RFC 9457 media type. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * RFC 9457 problem details, `application/problem+json`:
 * `{ type, title, status, detail, instance, code, request_id, errors?, ...extra }`.
 *
 * - `type` is the docs URL of the code (`docsBaseUrl#anchor`), else `about:blank`;
 * - `title` is the entry's default message (the same for every occurrence of the type, as the RFC
 *   asks); with `about:blank` it is the HTTP status phrase (`Not Found`), as RFC 9457 §4.2.1 says;
 * - `detail` is the occurrence message;
 * - `instance` is the request path;
 * - `code` and `request_id` are extension members; per-field `details` travel as `errors`
 *   (the name RFC 9457 uses in its own example), extra data as further extension members.
 */
export const problemEnvelope: Envelope = defineEnvelope(
  (e) => ({
    status: e.entry.status,
    contentType: PROBLEM_CONTENT_TYPE,
    // Extra data first, so it can never overwrite a field the contract defines.
    body: {
      ...e.extra,
      type: e.docsUrl ?? 'about:blank',
      title: e.docsUrl === null ? statusPhrase(e.entry.status) : e.entry.message,
      status: e.entry.status,
      detail: e.message,
      instance: e.instance,
      code: e.entry.code,
      request_id: e.requestId,
      ...(e.details.length > 0 ? { errors: e.details } : {}),
    },
  }),
  { schema: PROBLEM_ENVELOPE_SCHEMA },
);
