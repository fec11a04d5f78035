import type { ArgumentsHost } from '@nestjs/common';

/** The HTTP request and response a GraphQL operation arrived on. */
export interface GraphqlHttp {
  readonly request: object;
  readonly response: object;
}

/** The GraphQL context object as the drivers build it (typed here: @nestjs/graphql is an optional peer). */
interface GraphqlContextLike {
  /** Apollo and Mercurius both put the platform request here (Nest's drivers see to it). */
  readonly req?: object & { readonly res?: object };
  /** Set by apps whose context function keeps Express's response. */
  readonly res?: object;
  /** Mercurius adds the Fastify reply. */
  readonly reply?: object;
}

/**
 * The HTTP request and response under a GraphQL resolver call: the resolver's third argument is
 * the GraphQL context (`GqlExecutionContext.getContext()`), whose `req` is the platform request
 * (Apollo on Express, Mercurius on Fastify), and whose response is `res`, Mercurius's `reply`, or
 * Express's own `req.res`. `undefined` when the operation did not come over HTTP (a subscription
 * over WebSocket).
 */
export function graphqlHttpOf(host: ArgumentsHost): GraphqlHttp | undefined {
  const context = host.getArgByIndex<GraphqlContextLike | undefined>(2);
  const request = context?.req;
  if (typeof request !== 'object' || request === null) return undefined;
  const response = context?.res ?? context?.reply ?? request.res;
  if (typeof response !== 'object' || response === null) return undefined;
  return { request, response };
}
