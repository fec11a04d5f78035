import type { Envelope } from './envelope.js';

/** RFC 9457 media type. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * RFC 9457 problem details, `application/problem+json`:
 * `{ type, title, status, detail, instance, code, request_id, errors?, ...extra }`.
 *
 * - `type` is the docs URL of the code (`docsBaseUrl#anchor`), else `about:blank`;
 * - `title` is the entry's default message (the same for every occurrence, as the RFC asks) and
 *   `detail` the occurrence message;
 * - `instance` is the request path;
 * - `code` and `request_id` are extension members; per-field `details` travel as `errors`
 *   (the name RFC 9457 uses in its own example), extra data as further extension members.
 */
export const problemEnvelope: Envelope = (e) => ({
  status: e.entry.status,
  contentType: PROBLEM_CONTENT_TYPE,
  // Extra data first, so it can never overwrite a field the contract defines.
  body: {
    ...e.extra,
    type: e.docsUrl ?? 'about:blank',
    title: e.entry.message,
    status: e.entry.status,
    detail: e.message,
    instance: e.instance,
    code: e.entry.code,
    request_id: e.requestId,
    ...(e.details.length > 0 ? { errors: e.details } : {}),
  },
});
