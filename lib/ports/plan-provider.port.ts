import type { Principal } from './principal.js';

/**
 * The account's plan as the app's {@link PlanProvider} returns it. Everything but `active` is
 * optional: leave out what your API does not sell.
 */
export interface AccountPlan {
  /** Whether the subscription allows API use now; false → 403 `subscription_inactive`. */
  readonly active: boolean;
  /** Plan name, for your handlers (`@CurrentPlan()`); the module does not read it. */
  readonly name?: string;
  /** Features on the plan, checked by `@RequireFeature`. Absent = none. */
  readonly features?: readonly string[] | ReadonlySet<string>;
  /** Maximum count per resource, checked by `@PlanLimit`. A resource not listed is unlimited. */
  readonly limits?: Readonly<Record<string, number>>;
  /**
   * Limit per named quota for this period (overrides the quota's `limit` option); `null` makes the
   * quota unlimited for this plan.
   */
  readonly quotas?: Readonly<Record<string, number | null>>;
  /** Wallet / credit balance, in the unit of the costs. Absent = no balance check. */
  readonly balance?: number;
  /** Price of one cost unit (e.g. one recipient). Default 1. */
  readonly unitCost?: number;
  /** Price of one unit per `@Cost(…, { item })`, when items have different prices. */
  readonly unitCosts?: Readonly<Record<string, number>>;
  /** Whether charges need the client's explicit consent (the PAYG confirmation header). Default false. */
  readonly paygConfirmRequired?: boolean;
}

/** What the plan provider is asked with. */
export interface PlanContext {
  /** The authenticated caller. */
  readonly principal: Principal;
  /** The resolved workspace (`@CurrentWorkspace()`), when there is one. */
  readonly workspace: unknown;
  /** Its id, when there is one. */
  readonly workspaceId: string | undefined;
  /** The HTTP request. */
  readonly request: object;
}

/**
 * The port through which the app tells the plan check what the caller's account may do. Pass it
 * as `plans.provider`. Called once per authenticated request: serve it from a cache, and answer
 * synchronously on a hit so the check allocates no promise.
 *
 * @example
 * ```ts
 * export class Billing implements PlanProvider {
 *   plan({ principal }: PlanContext): Promise<AccountPlan> {
 *     return this.accounts.planOf(principal.accountId); // { active, features, limits, balance, … }
 *   }
 *   count(resource: string, { principal }: PlanContext): Promise<number> {
 *     return this.db.count(resource, principal.accountId); // e.g. live instances
 *   }
 * }
 * ```
 */
export interface PlanProvider {
  /** The account's plan. */
  plan(context: PlanContext): AccountPlan | Promise<AccountPlan>;
  /** The current count of `resource` (for `@PlanLimit(resource)`); required when a route uses it. */
  count?(resource: string, context: PlanContext): number | Promise<number>;
  /**
   * The plan of the owner of `context.workspaceId` (the account that pays for the workspace). Asked
   * for the limits listed in `plans.ownerPlanLimits`, so e.g. a team's seats are judged by the
   * owner's plan whoever invites; required when that option lists any.
   */
  ownerPlan?(context: PlanContext & { readonly workspaceId: string }): AccountPlan | Promise<AccountPlan>;
}
