import type { ArgumentsHost, ExecutionContext, Type } from '@nestjs/common';

type HttpArgumentsHost = ReturnType<ExecutionContext['switchToHttp']>;
type RpcArgumentsHost = ReturnType<ExecutionContext['switchToRpc']>;
type WsArgumentsHost = ReturnType<ExecutionContext['switchToWs']>;

/**
 * The HTTP view of a handler that was not called over plain HTTP (a GraphQL resolver): the same
 * class and handler, with the HTTP request and response underneath as its arguments. Every check
 * then runs on it exactly as on a controller route.
 */
export class HttpExecutionContext implements ExecutionContext {
  private readonly args: [object, object, undefined];

  constructor(
    private readonly original: ExecutionContext,
    request: object,
    response: object,
  ) {
    this.args = [request, response, undefined];
  }

  getClass<T = unknown>(): Type<T> {
    return this.original.getClass<T>();
  }

  getHandler(): (...args: unknown[]) => unknown {
    return this.original.getHandler() as (...args: unknown[]) => unknown;
  }

  getArgs<T extends unknown[] = unknown[]>(): T {
    return this.args as unknown as T;
  }

  getArgByIndex<T = unknown>(index: number): T {
    return this.args[index] as T;
  }

  getType<TContext extends string = 'http'>(): TContext {
    return 'http' as TContext;
  }

  switchToHttp(): HttpArgumentsHost {
    const [request, response] = this.args;
    return {
      getRequest: <T>() => request as T,
      getResponse: <T>() => response as T,
      getNext: <T>() => undefined as T,
    };
  }

  switchToRpc(): RpcArgumentsHost {
    return this.original.switchToRpc();
  }

  switchToWs(): WsArgumentsHost {
    return this.original.switchToWs();
  }
}

/** Whether a host is one this class made (so a check does not unwrap it twice). */
export function isHttpView(host: ArgumentsHost): host is HttpExecutionContext {
  return host instanceof HttpExecutionContext;
}
