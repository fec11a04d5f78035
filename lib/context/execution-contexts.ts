import type { ArgumentsHost, ExecutionContext } from '@nestjs/common';
import { ApiEdgeConfigurationError } from '../errors/configuration.error.js';
import { graphqlHttpOf } from '../graphql/graphql-http.js';
import { edgeState, type EdgeRequestState } from './edge-request-state.js';
import { HttpExecutionContext } from './http-execution-context.js';
import { optionError } from '../options/option-checks.js';

/**
 * What the global guard does with a handler called in a context it does not check (`rpc`
 * microservice handlers, `ws` gateways): `'pass'` lets it through unchecked, `'refuse'` (the
 * default) fails it with an error that says so. HTTP and GraphQL-over-HTTP are always checked.
 */
export type UncheckedContextRule = 'pass' | 'refuse';

/** The `contexts` option: a rule per Nest context type, e.g. `{ rpc: 'pass' }`. */
export type ContextOptions = Readonly<Record<string, UncheckedContextRule>>;

const CHECKED = new Set(['http', 'graphql']);

/** Validates the `contexts` option (pure; once at start-up). */
export function resolveContextOptions(input: ContextOptions | undefined): ContextOptions {
  if (input === undefined) return Object.freeze({});
  if (typeof input !== 'object' || input === null) {
    throw optionError('use contexts', 'it is not an object', "pass e.g. contexts: { rpc: 'pass' }");
  }
  for (const [type, rule] of Object.entries(input)) {
    if (CHECKED.has(type)) {
      throw optionError(`set contexts.${type}`, `${type} requests are always checked`, 'remove it; use @Public() on handlers that need no credentials');
    }
    if (rule !== 'pass' && rule !== 'refuse') {
      throw optionError(`use contexts.${type} ${JSON.stringify(rule)}`, 'it is not a rule', "use 'pass' or 'refuse'");
    }
  }
  return Object.freeze({ ...input });
}

/**
 * The context the checks run on: its HTTP view (see `HttpExecutionContext`) over HTTP and for the
 * HTTP request under a GraphQL operation, `null` for a context the app lets pass unchecked.
 * Anything else throws: no handler is passed silently.
 */
export function checkedContextOf(context: ExecutionContext, rules: ContextOptions): ExecutionContext | null {
  const type = context.getType<string>();
  if (type === 'http') {
    const http = context.switchToHttp();
    return new HttpExecutionContext(context, http.getRequest<object>(), http.getResponse<object>());
  }
  if (type === 'graphql') {
    const http = graphqlHttpOf(context);
    if (http !== undefined) return new HttpExecutionContext(context, http.request, http.response);
    throw new ApiEdgeConfigurationError(
      'Cannot check a GraphQL operation because it did not arrive over HTTP (a subscription over WebSocket has no request to check). Fix: authenticate subscriptions in the driver (onConnect), or mark the resolver @Public().',
    );
  }
  if (rules[type] === 'pass') return null;
  throw new ApiEdgeConfigurationError(
    `Cannot check a "${type}" handler because the API edge checks HTTP and GraphQL requests only. Fix: pass contexts: { ${type}: 'pass' } to ApiEdgeModule.forRoot to let ${type} handlers through unchecked, or register the edge's guard only on HTTP controllers (globalGuard: false).`,
  );
}

/**
 * The platform request behind a handler's arguments (HTTP, or the HTTP request of a GraphQL
 * operation); `undefined` in other contexts. What the parameter decorators read.
 */
export function requestOf(host: ArgumentsHost): object | undefined {
  const type = host.getType<string>();
  if (type === 'http') return host.switchToHttp().getRequest<object>();
  if (type === 'graphql') return graphqlHttpOf(host)?.request;
  return undefined;
}

/** The edge state of a handler's request (HTTP or GraphQL); `undefined` in other contexts. */
export function edgeStateOf(host: ArgumentsHost): EdgeRequestState | undefined {
  const request = requestOf(host);
  return request === undefined ? undefined : edgeState(request);
}
