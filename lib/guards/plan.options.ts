import type { PlanProvider } from '../ports/plan-provider.port.js';

/** A request quota of one period, e.g. a monthly API request quota. */
export interface QuotaOptions {
  /**
   * `'month'`: calendar months in UTC (resets on the 1st at 00:00 UTC); `'day'`: UTC days (resets
   * at midnight UTC). Required.
   */
  readonly period: 'month' | 'day';
  /**
   * Requests allowed per period when the plan does not say (`AccountPlan.quotas[name]`). Default:
   * none, i.e. unlimited unless the plan gives a limit.
   */
  readonly limit?: number;
  /**
   * `'all'`: every authenticated request counts; `'marked'`: only routes marked `@Quota(name)`.
   * Default `'all'`.
   */
  readonly routes?: 'all' | 'marked';
  /** Whose counter: the account, the API key, or the workspace (else the account). Default `'account'`. */
  readonly per?: 'account' | 'key' | 'workspace';
  /**
   * Catalogue key raised when exhausted. Default: `<name>_quota_exceeded` when your catalogue has
   * it (e.g. `sandbox_quota_exceeded`), else `quota_exceeded`.
   */
  readonly error?: string;
}

/** Names of the fields of the `insufficient_balance` breakdown (`extra`). */
export interface BalanceFields {
  /** The cost of this request. Default `required`. */
  readonly required?: string;
  /** The balance the plan provider returned. Default `balance`. */
  readonly balance?: string;
  /** The price of one unit. Default `unit_cost`. */
  readonly unitCost?: string;
  /** The number of units. Default `units`. */
  readonly units?: string;
}

/**
 * Options of the plan check (module option `plans`). Without this section the check is off.
 *
 * @example
 * ```ts
 * ApiEdgeModule.forRoot({
 *   plans: {
 *     provider: billing,
 *     quotas: {
 *       monthly_api_request: { period: 'month', limit: 10_000 },
 *       sandbox: { period: 'day', limit: 50, routes: 'marked' },
 *     },
 *     payg: { header: 'X-Confirm-Payg' },
 *   },
 * });
 * ```
 */
export interface PlanOptions {
  /** The app's plan provider (required). */
  readonly provider: PlanProvider;
  /**
   * Whether an inactive subscription refuses every authenticated route (403
   * `subscription_inactive`) but those marked `@AllowInactiveSubscription()`. Default true.
   */
  readonly requireActiveSubscription?: boolean;
  /**
   * Catalogue key per feature, e.g. `{ campaigns: 'campaigns_not_available' }`. Default: the key
   * `<feature>_not_available` when your catalogue has it, else `feature_not_available`.
   */
  readonly featureErrors?: Readonly<Record<string, string>>;
  /**
   * Catalogue key per counted resource, e.g. `{ instances: 'max_instances_reached' }`. Default: the
   * key `max_<resource>_reached` when your catalogue has it, else `limit_reached`.
   */
  readonly limitErrors?: Readonly<Record<string, string>>;
  /**
   * Counted resources (`@PlanLimit`) judged by the plan of the workspace's owner rather than the
   * caller's, e.g. `['seats']`: an admin on a smaller plan inviting into the owner's team gets the
   * owner's seats. Asks `provider.ownerPlan(context)` when the request has a workspace; in a
   * personal context the caller's plan applies. Default none.
   */
  readonly ownerPlanLimits?: readonly string[];
  /** Named request quotas (names: 1-64 letters, digits, `_.-`). Default none. */
  readonly quotas?: Readonly<Record<string, QuotaOptions>>;
  /** The `insufficient_balance` breakdown. */
  readonly balance?: {
    /** Field names of the breakdown. Defaults: `required`, `balance`, `unit_cost`, `units`. */
    readonly fields?: BalanceFields;
    /** Decimals costs are rounded to (floating point would give 0.12000000000000001). Default 6. */
    readonly decimals?: number;
  };
  /** The pay-as-you-go confirmation header. */
  readonly payg?: {
    /** Header name. Default `X-Confirm-Payg`. */
    readonly header?: string;
    /** The value that confirms (compared case-insensitively). Default `true`. */
    readonly value?: string;
  };
}
