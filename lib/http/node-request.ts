import { IncomingMessage } from 'node:http';

/**
 * The Node request under whatever a platform hands Nest: Express's `req` is one; Fastify's
 * `FastifyRequest` keeps it as `raw`. Every piece of request state hangs on this object, so a
 * middleware (which gets the Node request on Fastify), a guard and the filter see the same state.
 */
export function nodeRequestOf(request: object): IncomingMessage {
  if (request instanceof IncomingMessage) return request;
  const raw = (request as { raw?: unknown }).raw;
  return raw instanceof IncomingMessage ? raw : (request as IncomingMessage);
}
