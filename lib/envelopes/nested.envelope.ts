import type { Envelope } from './envelope.js';

/**
 * `{ "error": { "code", "message", "details": [] } }`. Extra data sits inside `error`, beside
 * `code`. `details` is always present, empty when there are none.
 */
export const nestedEnvelope: Envelope = (e) => ({
  status: e.entry.status,
  // Extra data first, so it can never overwrite a field the contract defines.
  body: { error: { ...e.extra, code: e.entry.code, message: e.message, details: e.details } },
});
