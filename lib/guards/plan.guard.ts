import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiEdgeOptions } from '../api-edge.options.js';
import { edgeState, type EdgeRequestState } from '../context/edge-request-state.js';
import { ALLOW_INACTIVE_SUBSCRIPTION_METADATA } from '../decorators/allow-inactive-subscription.decorator.js';
import { COST_METADATA, type CostSpec } from '../decorators/cost.decorator.js';
import { PLAN_LIMIT_METADATA } from '../decorators/plan-limit.decorator.js';
import { QUOTA_METADATA } from '../decorators/quota.decorator.js';
import { REQUIRE_FEATURE_METADATA } from '../decorators/require-feature.decorator.js';
import { optionError } from '../options/option-checks.js';
import { actedBefore, refuseOnce } from '../context/request-outcome.js';
import type { CompiledQuota } from './request-quotas.js';
import type { ResolvedPlanOptions } from './plan.resolved.js';
import type { AccountPlan, PlanContext, PlanProvider } from '../ports/plan-provider.port.js';
import { EdgeStore } from '../stores/edge-store.js';
import { workspaceContext } from '../workspaces/workspace-context.js';
import { EdgeCheckGuard } from './edge-check.guard.js';
import { RouteTable } from '../routes/route-table.js';
import type { RouteSection } from '../routes/route-section.js';

/** The quotas' outcome on a request (see request-outcome.ts). */
const QUOTAS = Symbol('nest-api-edge.quotas');

interface PlanRoute {
  readonly allowInactive: boolean;
  readonly features: readonly string[];
  readonly limits: readonly string[];
  readonly cost: CostSpec | null;
  readonly quotas: readonly CompiledQuota[];
  /** Whether anything on the route needs a principal (features, limits, cost, marked quotas). */
  readonly declaresPlanRules: boolean;
}

interface HttpRequestLike {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

const NONE: readonly string[] = Object.freeze([]);

/**
 * The plan check, after workspace and scopes. For an authenticated request it asks the app's plan
 * provider for the account's plan (kept in `edgeState(request).plan`, `@CurrentPlan()`), then, in
 * this order:
 *
 * 1. subscription: inactive → 403 `subscription_inactive` (unless `@AllowInactiveSubscription()`);
 * 2. `@RequireFeature(f)` → 403 the feature's key, else `feature_not_available`;
 * 3. `@PlanLimit(r)` → the app's current count must be below the plan's limit, else 403 the
 *    resource's key, else `limit_reached`;
 * 4. `@Cost(…)` → balance below the cost: 402 `insufficient_balance` with the breakdown in the
 *    envelope; consent required but the confirmation header absent: 409 `payg_confirm_required`;
 * 5. quotas → counted in the store per UTC period; exhausted: 429 the quota's key, else
 *    `quota_exceeded`, with `Retry-After` until the reset.
 *
 * Quotas come last so requests refused for another reason do not use them up. Off without the
 * `plans` section; unauthenticated requests pass unless the route declares a plan rule (then 401
 * `missing_credentials`). Synchronous when the provider answers synchronously and nothing is
 * counted.
 */
@Injectable()
export class PlanGuard extends EdgeCheckGuard {
  /** The resolved `plans` section, or null when the check is off. */
  protected readonly config: ResolvedPlanOptions | null;
  private readonly routes: RouteSection<PlanRoute>;

  constructor(
    @Inject(ApiEdgeOptions) protected readonly options: ApiEdgeOptions,
    protected readonly reflector: Reflector,
    @Inject(EdgeStore) protected readonly store: EdgeStore,
    routes: RouteTable,
  ) {
    super();
    this.config = options.plans;
    // Plans off: the decorators stay inert (nothing to compile against), as every unconfigured check.
    this.routes = routes.section('plan', (handler, cls) => (this.config === null ? (null as unknown as PlanRoute) : this.compileRoute(handler, cls)));
  }

  /** @inheritDoc */
  check(context: ExecutionContext, state: EdgeRequestState): void | Promise<void> {
    const config = this.config;
    if (config === null) return;
    const route = this.routes.get(context);
    const principal = state.principal;
    if (principal === undefined) {
      if (route.declaresPlanRules) throw this.options.catalogue.error('missing_credentials');
      return;
    }
    const request = context.switchToHttp().getRequest<HttpRequestLike>();
    const planContext: PlanContext = {
      principal,
      workspace: state.workspace,
      workspaceId: workspaceContext(request)?.id,
      request,
    };
    const plan = config.provider.plan(planContext);
    if (isThenable(plan)) return plan.then((p) => this.evaluate(config, route, planContext, state, p));
    return this.evaluate(config, route, planContext, state, plan);
  }

  /** Reads the route's decorators once. */
  protected compileRoute(handler: object, cls: object): PlanRoute {
    const config = this.config as ResolvedPlanOptions;
    const targets = [handler as () => void, cls as () => void];
    const features = unique(this.reflector.getAllAndMerge<string[]>(REQUIRE_FEATURE_METADATA, targets));
    const limits = unique(this.reflector.getAllAndMerge<string[]>(PLAN_LIMIT_METADATA, targets));
    const marked = unique(this.reflector.getAllAndMerge<string[]>(QUOTA_METADATA, targets));
    const cost = this.reflector.getAllAndOverride<CostSpec | undefined>(COST_METADATA, targets) ?? null;
    if (limits.length > 0 && typeof config.provider.count !== 'function') {
      throw optionError(`check @PlanLimit('${limits[0]}')`, 'the plan provider has no count() method', 'implement count(resource, context) in your PlanProvider');
    }
    if (cost !== null) checkCost(cost);
    return Object.freeze({
      allowInactive: this.reflector.getAllAndOverride<boolean | undefined>(ALLOW_INACTIVE_SUBSCRIPTION_METADATA, targets) === true,
      features,
      limits,
      cost,
      quotas: config.quotas.forRoute(marked),
      declaresPlanRules: features.length > 0 || limits.length > 0 || cost !== null || marked.length > 0,
    });
  }

  private evaluate(
    config: ResolvedPlanOptions,
    route: PlanRoute,
    context: PlanContext,
    state: EdgeRequestState,
    plan: AccountPlan,
  ): void | Promise<void> {
    if (typeof plan !== 'object' || plan === null) {
      throw new Error(`Cannot check the plan because the plan provider returned ${String(plan)}. Fix: return an AccountPlan ({ active, … }).`);
    }
    state.plan = plan;
    if (config.requireActiveSubscription && plan.active !== true && !route.allowInactive) {
      throw this.options.catalogue.error('subscription_inactive');
    }
    for (const feature of route.features) {
      if (!hasFeature(plan, feature)) throw this.options.catalogue.error(config.featureKeys.keyFor(feature));
    }
    if (route.limits.length > 0) return this.checkLimitsThenRest(config, route, context, plan);
    this.checkCost(config, route, context, plan);
    if (route.quotas.length > 0) return this.countQuotas(config, route, context, plan);
  }

  private async checkLimitsThenRest(config: ResolvedPlanOptions, route: PlanRoute, context: PlanContext, plan: AccountPlan): Promise<void> {
    const count = (config.provider.count as NonNullable<PlanProvider['count']>).bind(config.provider);
    const workspaceId = context.workspaceId;
    let ownerPlan: AccountPlan | undefined;
    for (const resource of route.limits) {
      let limitsPlan = plan;
      if (workspaceId !== undefined && config.ownerPlanLimits.has(resource)) {
        const provider = config.provider as Required<Pick<PlanProvider, 'ownerPlan'>>;
        limitsPlan = ownerPlan ??= await provider.ownerPlan({ ...context, workspaceId });
      }
      const max = limitsPlan.limits?.[resource];
      if (max === undefined) continue;
      const current = await count(resource, context);
      if (current >= max) throw this.options.catalogue.error(config.limitKeys.keyFor(resource));
    }
    this.checkCost(config, route, context, plan);
    if (route.quotas.length > 0) await this.countQuotas(config, route, context, plan);
  }

  private checkCost(config: ResolvedPlanOptions, route: PlanRoute, context: PlanContext, plan: AccountPlan): void {
    const cost = route.cost;
    if (cost === null) return;
    const units = typeof cost.units === 'number' ? cost.units : cost.units(context.request);
    if (typeof units !== 'number' || !Number.isFinite(units) || units < 0) {
      throw new Error(`Cannot price this request because the @Cost function returned ${String(units)}. Fix: return a finite number >= 0 (0 for a malformed body).`);
    }
    const unitCost = cost.unitCost ?? (cost.item === undefined ? undefined : plan.unitCosts?.[cost.item]) ?? plan.unitCost ?? 1;
    const required = Math.round(units * unitCost * config.scale) / config.scale;
    const balance = plan.balance;
    if (balance !== undefined && balance < required) {
      const fields = config.fields;
      throw this.options.catalogue.error('insufficient_balance', {
        extra: { [fields.required]: required, [fields.balance]: balance, [fields.unitCost]: unitCost, [fields.units]: units },
      });
    }
    if (plan.paygConfirmRequired === true && required > 0) {
      const confirmation = (context.request as HttpRequestLike).headers[config.paygHeaderLower];
      if (typeof confirmation !== 'string' || confirmation.trim().toLowerCase() !== config.paygValueLower) {
        throw this.options.catalogue.error('payg_confirm_required');
      }
    }
  }

  /** Once per request (the resolvers of one GraphQL operation are one request): a refusal is repeated, never recounted. */
  private countQuotas(config: ResolvedPlanOptions, route: PlanRoute, context: PlanContext, plan: AccountPlan): void | Promise<void> {
    const state = edgeState(context.request);
    if (actedBefore(state, QUOTAS)) return;
    const refused = (error: Error): void => void refuseOnce(state, QUOTAS, error);
    return config.quotas.count(this.store, route.quotas, plan, context.principal, context.workspaceId, state.storeOps, refused);
  }
}

function isThenable<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function hasFeature(plan: AccountPlan, feature: string): boolean {
  const features = plan.features;
  if (features === undefined) return false;
  return Array.isArray(features) ? features.includes(feature) : (features as ReadonlySet<string>).has(feature);
}

function unique(list: readonly string[]): readonly string[] {
  return list.length === 0 ? NONE : Object.freeze([...new Set(list)]);
}

function checkCost(cost: CostSpec): void {
  const units = cost.units;
  if (typeof units === 'number' ? !(Number.isFinite(units) && units >= 0) : typeof units !== 'function') {
    throw optionError(`use @Cost(${String(units)})`, 'units must be a number >= 0 or a function of the request', 'e.g. @Cost(1) or @Cost((req) => req.body.to.length)');
  }
  if (cost.unitCost !== undefined && !(Number.isFinite(cost.unitCost) && cost.unitCost >= 0)) {
    throw optionError(`use @Cost unitCost ${String(cost.unitCost)}`, 'it is not a number >= 0', 'pass a price such as 0.04');
  }
}

