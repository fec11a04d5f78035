import type { ExecutionContext, Type } from '@nestjs/common';

type HttpArgumentsHost = ReturnType<ExecutionContext['switchToHttp']>;
type RpcArgumentsHost = ReturnType<ExecutionContext['switchToRpc']>;
type WsArgumentsHost = ReturnType<ExecutionContext['switchToWs']>;

/**
 * The HTTP view of a handler's context, on which every check runs: the same class and handler,
 * with the HTTP request and response as its arguments, and itself as its `switchToHttp()` host.
 *
 * Two uses: a handler not called over plain HTTP (a GraphQL resolver) gets the HTTP request
 * underneath, and over plain HTTP the guard entry points (the global guard, a check used as its
 * own guard) read the request and response once per request. Nest's own `switchToHttp()` assigns
 * three new closures onto its context on every call (an `Object.assign` and three allocations),
 * and the checks of one request call it about ten times; this view answers from its fields. Its
 * `getNext()` is `undefined`: no check calls the platform's `next`.
 */
export class HttpExecutionContext implements ExecutionContext, HttpArgumentsHost {
  constructor(
    private readonly original: ExecutionContext,
    private readonly request: object,
    private readonly response: object,
  ) {}

  getClass<T = unknown>(): Type<T> {
    return this.original.getClass<T>();
  }

  getHandler(): (...args: unknown[]) => unknown {
    return this.original.getHandler() as (...args: unknown[]) => unknown;
  }

  getArgs<T extends unknown[] = unknown[]>(): T {
    return [this.request, this.response, undefined] as unknown as T;
  }

  getArgByIndex<T = unknown>(index: number): T {
    return (index === 0 ? this.request : index === 1 ? this.response : undefined) as T;
  }

  getType<TContext extends string = 'http'>(): TContext {
    return 'http' as TContext;
  }

  switchToHttp(): HttpArgumentsHost {
    return this;
  }

  getRequest<T = unknown>(): T {
    return this.request as T;
  }

  getResponse<T = unknown>(): T {
    return this.response as T;
  }

  /** Always `undefined`: a check never calls the platform's `next`. */
  getNext<T = unknown>(): T {
    return undefined as T;
  }

  switchToRpc(): RpcArgumentsHost {
    return this.original.switchToRpc();
  }

  switchToWs(): WsArgumentsHost {
    return this.original.switchToWs();
  }
}
