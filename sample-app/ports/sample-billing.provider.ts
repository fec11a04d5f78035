import { Injectable } from '@nestjs/common';
import type { AccountPlan, PlanContext, PlanProvider } from '../../lib/index.js';
import { SampleData } from '../data/sample-data.js';

/**
 * The library's plan provider port over the fixtures: the account's plan, features, limits,
 * quotas, balance and message price, and the counts of what it already has.
 */
@Injectable()
export class SampleBilling implements PlanProvider {
  constructor(private readonly data: SampleData) {}

  /** The caller's account plan (answered synchronously: it is all in memory). */
  plan({ principal }: PlanContext): AccountPlan {
    return this.planOfAccount(principal.accountId);
  }

  /** The plan of the workspace's owner (`plans.ownerPlanLimits`: a team's seats are the owner's). */
  ownerPlan({ principal, workspaceId }: PlanContext & { readonly workspaceId: string }): AccountPlan {
    return this.planOfAccount(this.data.workspace(workspaceId)?.owner ?? principal.accountId);
  }

  private planOfAccount(accountId: string): AccountPlan {
    const account = this.data.account(accountId);
    const plan = account === undefined ? undefined : this.data.plans.get(account.plan);
    if (account === undefined || plan === undefined) return { active: false };
    return {
      active: account.subscription_active ?? true,
      name: account.plan,
      features: plan.features,
      limits: plan.limits,
      ...(plan.quotas === undefined ? {} : { quotas: plan.quotas }),
      balance: account.balance ?? 0,
      unitCost: plan.message_cost,
      paygConfirmRequired: account.payg?.enabled ?? false,
    };
  }

  /** How many of `resource` the account has (instances, api_keys, webhooks, contact_groups, teams, seats). */
  count(resource: string, { principal, workspaceId }: PlanContext): number {
    switch (resource) {
      case 'instances':
        return this.data.instanceCount(principal.accountId) + this.data.usage(principal.accountId, resource);
      case 'api_keys':
        return this.data.keyCount(principal.accountId);
      case 'teams':
        return this.data.ownedWorkspaces(principal.accountId).length;
      case 'seats':
        return workspaceId === undefined ? 0 : (this.data.workspace(workspaceId)?.members.length ?? 0);
      default:
        return this.data.usage(principal.accountId, resource);
    }
  }
}
