import type { ExecutionContext } from '@nestjs/common';

/** Compiles one check's part of a route from its handler and controller class (decorator metadata). */
export type RouteCompiler<T> = (handler: object, cls: object) => T;

/**
 * One check's compiled part of every route, read per request with two `WeakMap` lookups. Filled
 * at start-up by the {@link RouteTable} for every controller method; a handler the table did not
 * see (a GraphQL resolver, a controller added later) is compiled on its first request.
 *
 * Keyed by class and then by handler because one inherited handler can sit under several
 * controllers with different class-level decorators.
 */
export class RouteSection<T> {
  private readonly byClass = new WeakMap<object, WeakMap<object, T>>();

  constructor(
    /** The check's name, as the route table and its errors show it. */
    readonly name: string,
    private readonly compile: RouteCompiler<T>,
  ) {}

  /** The compiled part of the route `context` is executing. */
  get(context: ExecutionContext): T {
    return this.of(context.getHandler(), context.getClass());
  }

  /** The compiled part of the route of `handler` under `cls` (compiled now if it is new). */
  of(handler: object, cls: object): T {
    let byHandler = this.byClass.get(cls);
    if (byHandler === undefined) {
      byHandler = new WeakMap();
      this.byClass.set(cls, byHandler);
    }
    let compiled = byHandler.get(handler);
    if (compiled === undefined) {
      compiled = this.compile(handler, cls);
      byHandler.set(handler, compiled);
    }
    return compiled;
  }
}
