import type { ExecutionContext } from '@nestjs/common';

/**
 * Route metadata compiled once per (controller class, handler) and reused on every request, so a
 * check reads its decorators with two `WeakMap` lookups instead of a handful of reflector calls
 * that each allocate a `[handler, class]` array.
 *
 * Keyed by class and then by handler because one inherited handler can sit under several
 * controllers with different class-level decorators. `WeakMap`s keep the cache bounded by the
 * routes the app declares and let hot-reloaded classes be collected.
 *
 * @example
 * ```ts
 * private readonly routes = new RouteMetadataCache((handler, cls) => ({
 *   open: this.reflector.getAllAndOverride<boolean>(STAY_OPEN, [handler, cls]) === true,
 * }));
 * check(context) { if (this.routes.get(context).open) return; }
 * ```
 */
export class RouteMetadataCache<T> {
  private readonly byClass = new WeakMap<object, WeakMap<object, T>>();

  constructor(private readonly compile: (handler: object, cls: object) => T) {}

  /** The compiled metadata of the route `context` is executing. */
  get(context: ExecutionContext): T {
    const cls = context.getClass();
    const handler = context.getHandler();
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
