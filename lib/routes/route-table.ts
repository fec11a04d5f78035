import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ApiEdgeConfigurationError, RouteConfigurationError } from '../errors/configuration.error.js';
import { RouteSection, type RouteCompiler } from './route-section.js';

/** A controller method the table compiled: where it lives, and each check's part of it. */
export interface EdgeRoute {
  /** `Controller.method`, as errors and documents name it. */
  readonly name: string;
  readonly controller: object;
  readonly handler: object;
  /** Each registered check's compiled part, by check name (frozen). */
  readonly sections: Readonly<Record<string, unknown>>;
}

/**
 * Every controller route's edge requirements, compiled and validated once at start-up.
 *
 * Each check registers its compiler with {@link section} when it is built; at `app.init()` the
 * table walks every controller method (Nest's `DiscoveryService` and `MetadataScanner`) through
 * every compiler. A mistake in a route's decorators (an unknown catalogue key, a limit with no
 * counter, `@Idempotent()` with idempotency off …) fails the start, naming the route and the fix,
 * instead of answering 500 at the first request. Checks then read their frozen part per request;
 * nothing about a route is computed twice. The same table is what documents read (OpenAPI).
 *
 * Every method of a controller is compiled, routes or not: the module's decorators belong on
 * routes, and this needs no Nest-internal metadata key to tell them apart.
 */
@Injectable()
export class RouteTable implements OnModuleInit {
  private readonly sections: RouteSection<unknown>[] = [];
  private compiled: readonly EdgeRoute[] | undefined;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  /**
   * Registers a check's compiler and returns its section, which the check reads per request. A
   * check registered after start-up (a guard Nest builds late) compiles every route at once.
   */
  section<T>(name: string, compile: RouteCompiler<T>): RouteSection<T> {
    const section = new RouteSection<T>(name, compile);
    this.sections.push(section as RouteSection<unknown>);
    if (this.compiled !== undefined) for (const route of this.compiled) this.compileOne(section, route.handler, route.controller, route.name);
    return section;
  }

  /** Compiles every route through every section: the start fails on the first mistake. */
  onModuleInit(): void {
    const routes: EdgeRoute[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype as (abstract new (...args: never[]) => unknown) | null | undefined;
      if (typeof controller !== 'function') continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[method];
        if (typeof handler !== 'function') continue;
        const name = `${controller.name}.${method}`;
        const sections: Record<string, unknown> = {};
        for (const section of this.sections) sections[section.name] = this.compileOne(section, handler, controller, name);
        routes.push(Object.freeze({ name, controller, handler, sections: Object.freeze(sections) }));
      }
    }
    this.compiled = Object.freeze(routes);
  }

  /** Every compiled controller route (after start-up), for documents such as OpenAPI. */
  routes(): readonly EdgeRoute[] {
    return this.compiled ?? [];
  }

  private compileOne(section: RouteSection<unknown>, handler: object, controller: object, name: string): unknown {
    try {
      return section.of(handler, controller);
    } catch (error) {
      if (error instanceof ApiEdgeConfigurationError) {
        throw new RouteConfigurationError(`[${name}] ${error.message}`, { cause: error });
      }
      throw error;
    }
  }
}
