import { Inject, Injectable, Optional, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiEdgeOptions } from '../api-edge.options.js';
import type { EdgeRequestState } from '../context/edge-request-state.js';
import { REQUIRE_READY_METADATA } from '../decorators/require-ready.decorator.js';
import { STAY_OPEN_METADATA } from '../decorators/stay-open.decorator.js';
import { EdgeCheckGuard } from './edge-check.guard.js';
import type { ResolvedMaintenance } from './maintenance.options.js';
import { MaintenanceSwitch } from './maintenance.switch.js';
import { RouteTable } from '../routes/route-table.js';
import type { RouteSection } from '../routes/route-section.js';
import { optionError } from '../options/option-checks.js';

interface MaintenanceRoute {
  readonly stayOpen: boolean;
  readonly dependencies: readonly string[];
}

const NO_DEPENDENCIES: readonly string[] = Object.freeze([]);

/**
 * The run-time switch of the module: the one given as `maintenance.switch`, else a new one. Meant
 * as the factory of a `MaintenanceSwitch` provider, so the app can inject the switch it flips.
 */
export function maintenanceSwitchFactory(options: ApiEdgeOptions): MaintenanceSwitch {
  return options.maintenance?.switch ?? new MaintenanceSwitch();
}

/**
 * Maintenance and readiness, the first check of the edge:
 *
 * - while the static switch (`maintenance.enabled`) or the run-time {@link MaintenanceSwitch} is
 *   on, every route not marked `@StayOpen()` answers 503 `maintenance_mode` with `Retry-After`;
 * - a route marked `@RequireReady(name)` answers 503 `dependency_not_ready` (or the dependency's
 *   own key) with `Retry-After` while the app's `maintenance.readiness(name)` says not ready.
 *
 * Off (returns at once) without the `maintenance` section. Synchronous unless the readiness
 * function returns a promise.
 */
@Injectable()
export class MaintenanceGuard extends EdgeCheckGuard {
  /** The resolved `maintenance` section, or null when the check is off. */
  protected readonly config: (ResolvedMaintenance & { readonly switch: MaintenanceSwitch }) | null;
  private readonly routes: RouteSection<MaintenanceRoute>;

  constructor(
    @Inject(ApiEdgeOptions) protected readonly options: ApiEdgeOptions,
    protected readonly reflector: Reflector,
    routes: RouteTable,
    @Optional() @Inject(MaintenanceSwitch) injectedSwitch?: MaintenanceSwitch,
  ) {
    super();
    const section = options.maintenance;
    // A switch given in the options wins; else the one injected (an app may provide its own).
    this.config = section === null ? null : { ...section, switch: section.switch ?? injectedSwitch ?? new MaintenanceSwitch() };
    this.routes = routes.section('maintenance', (handler, cls) => this.compileRoute(handler, cls));
  }

  /** @inheritDoc */
  check(context: ExecutionContext, _state: EdgeRequestState): void | Promise<void> {
    const config = this.config;
    if (config === null) return;
    const route = this.routes.get(context);
    if (!route.stayOpen) {
      const window = config.switch.current;
      if (config.enabled || window !== null) {
        throw this.options.catalogue.error('maintenance_mode', {
          retryAfter: window?.retryAfter ?? config.retryAfter,
          message: window?.message ?? config.message,
        });
      }
    }
    if (route.dependencies.length === 0) return;
    return this.checkReadiness(config, route.dependencies, context.switchToHttp().getRequest<object>(), 0);
  }

  /** Reads the route's decorators once; override to add your own exemptions. */
  protected compileRoute(handler: object, cls: object): MaintenanceRoute {
    const targets = [handler as () => void, cls as () => void];
    const dependencies = this.reflector.getAllAndMerge<string[]>(REQUIRE_READY_METADATA, targets);
    return Object.freeze({
      stayOpen: this.reflector.getAllAndOverride<boolean | undefined>(STAY_OPEN_METADATA, targets) === true,
      dependencies: dependencies.length === 0 ? NO_DEPENDENCIES : Object.freeze([...new Set(dependencies)]),
    });
  }

  // Stays synchronous until a readiness answer is a promise.
  private checkReadiness(
    config: ResolvedMaintenance,
    dependencies: readonly string[],
    request: object,
    from: number,
  ): void | Promise<void> {
    const readiness = config.readiness;
    for (let i = from; i < dependencies.length; i++) {
      const dependency = dependencies[i] as string;
      if (readiness === undefined) {
        throw optionError(`check that "${dependency}" is ready`, 'maintenance.readiness is not configured', 'pass maintenance: { readiness: (dependency, request) => boolean }');
      }
      const ready = readiness(dependency, request);
      if (ready === true) continue;
      if (typeof (ready as { then?: unknown } | null)?.then !== 'function') throw this.notReady(config, dependency);
      return (ready as Promise<boolean>).then((answer) => {
        if (answer !== true) throw this.notReady(config, dependency);
        return this.checkReadiness(config, dependencies, request, i + 1);
      });
    }
  }

  private notReady(config: ResolvedMaintenance, dependency: string): Error {
    return this.options.catalogue.error(config.readinessKeys.keyFor(dependency), {
      retryAfter: config.readinessRetryAfter,
    });
  }
}

