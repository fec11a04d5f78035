import type { ExecutionContext } from '@nestjs/common';

/**
 * What a check compiled from one route's metadata, remembered per (controller, handler) so the
 * reflector runs once per route instead of once per request. Weak maps: routes are never leaked.
 */
export class RouteMemo<T> {
  private readonly byClass = new WeakMap<object, WeakMap<object, T>>();

  constructor(private readonly compile: (context: ExecutionContext) => T) {}

  /** The compiled value for the route of `context`. */
  get(context: ExecutionContext): T {
    const cls = context.getClass();
    const handler = context.getHandler();
    let byHandler = this.byClass.get(cls);
    if (byHandler === undefined) this.byClass.set(cls, (byHandler = new WeakMap()));
    let value = byHandler.get(handler);
    if (value === undefined) byHandler.set(handler, (value = this.compile(context)));
    return value;
  }
}
