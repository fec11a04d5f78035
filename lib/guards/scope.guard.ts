import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiEdgeOptions } from '../api-edge.options.js';
import type { EdgeRequestState } from '../context/edge-request-state.js';
import { BOUND_RESOURCES, type BoundResourceRule } from '../decorators/bound-resource.decorator.js';
import { PUBLIC_ROUTE } from '../decorators/public.decorator.js';
import { REQUIRED_SCOPE_LEVEL } from '../decorators/require-scope-level.decorator.js';
import { REQUIRED_SCOPES } from '../decorators/require-scopes.decorator.js';
import type { Principal } from '../ports/principal.js';
import { EdgeCheckGuard } from './edge-check.guard.js';
import { RouteTable } from '../routes/route-table.js';
import type { RouteSection } from '../routes/route-section.js';
import { optionError } from '../options/option-checks.js';

/** What one route requires, compiled from its metadata once. */
interface RouteScopes {
  readonly none: boolean;
  readonly scopes: readonly string[];
  readonly levels: readonly string[] | undefined;
  readonly bound: readonly BoundResourceRule[];
}

const NOTHING: RouteScopes = Object.freeze({ none: true, scopes: [], levels: undefined, bound: [] });

/**
 * What the caller may do: route scopes (`@RequireScopes`, all required, `*` and `prefix:*`
 * wildcards honoured), the key's scope level (`@RequireScopeLevel`), and resource-scoped keys
 * (`@BoundResource`: a key bound to some resources of a type is refused on the others).
 *
 * Reads the principal set by authentication; stands aside when there is none (public routes,
 * authentication off). Never does I/O: always synchronous. Used by `ApiEdgeGuard`, or alone
 * after `AuthenticationGuard`: `@UseGuards(AuthenticationGuard, ScopeGuard)`.
 */
@Injectable()
export class ScopeGuard extends EdgeCheckGuard {
  private readonly routes: RouteSection<RouteScopes>;

  constructor(
    @Inject(ApiEdgeOptions) protected readonly options: ApiEdgeOptions,
    protected readonly reflector: Reflector,
    routes: RouteTable,
  ) {
    super();
    this.routes = routes.section('scopes', (handler, cls) => this.compileRoute(handler, cls));
  }

  /** Refuses with `insufficient_scope`, `scope_level_invalid` or `resource_not_accessible`. */
  check(context: ExecutionContext, state: EdgeRequestState): void {
    const principal = state.principal;
    if (principal === undefined) return;
    const route = this.routes.get(context);
    if (route.none) return;

    for (const scope of route.scopes) {
      if (!this.grants(principal, scope)) throw this.options.catalogue.error('insufficient_scope');
    }
    if (route.levels !== undefined && !route.levels.includes(principal.scopeLevel ?? principal.kind)) {
      throw this.options.catalogue.error('scope_level_invalid');
    }
    if (route.bound.length > 0) this.checkBound(context, principal, route.bound);
  }

  /**
   * Whether `principal` holds `scope`: exactly, through `*`, or through a `prefix:*` wildcard.
   * Override for another scope grammar (hierarchies, `read` implied by `write` …).
   */
  protected grants(principal: Principal, scope: string): boolean {
    for (const granted of principal.scopes) {
      if (granted === scope || granted === '*') return true;
      // `messages:*`: the wildcard only follows a `:`, so `messages*` grants nothing extra.
      const last = granted.length - 1;
      if (
        last > 1 &&
        granted.charCodeAt(last) === 42 /* * */ &&
        granted.charCodeAt(last - 1) === 58 /* : */ &&
        scope.length > last &&
        scope.startsWith(granted.slice(0, last))
      ) {
        return true;
      }
    }
    return false;
  }

  private checkBound(context: ExecutionContext, principal: Principal, rules: readonly BoundResourceRule[]): void {
    const bindings = principal.boundResources;
    if (bindings === undefined) return;
    const params = context.switchToHttp().getRequest<{ params?: Record<string, unknown> }>().params;
    for (const rule of rules) {
      const allowed = bindings[rule.resourceType];
      if (allowed === undefined) continue;
      const id = params?.[rule.routeParam];
      if (typeof id === 'string' && allowed.includes(id)) continue;
      throw this.options.catalogue.error((rule.error ?? 'resource_not_accessible') as 'resource_not_accessible', {
        param: rule.routeParam,
      });
    }
  }

  private compileRoute(handler: object, cls: object): RouteScopes {
    const targets = [handler as () => void, cls as () => void];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets) === true) return NOTHING;
    const scopes = [...new Set(this.reflector.getAllAndMerge<string[]>(REQUIRED_SCOPES, targets) ?? [])];
    const levels = this.reflector.getAllAndOverride<readonly string[] | undefined>(REQUIRED_SCOPE_LEVEL, targets);
    const bound = this.reflector.getAllAndMerge<BoundResourceRule[]>(BOUND_RESOURCES, targets) ?? [];
    if (scopes.length === 0 && levels === undefined && bound.length === 0) return NOTHING;
    // Checked once per route (decorator arguments exist only at run time), not on every refusal.
    for (const rule of bound) {
      const key = rule.error ?? 'resource_not_accessible';
      if (!this.options.catalogue.has(key)) {
        throw optionError(`refuse a bound resource with "${key}"`, 'it is not a catalogue key', `add "${key}" to your catalogue's entries, or drop the error option of @BoundResource('${rule.resourceType}', '${rule.routeParam}')`);
      }
    }
    return Object.freeze({ none: false, scopes: Object.freeze(scopes), levels, bound: Object.freeze([...bound]) });
  }
}
