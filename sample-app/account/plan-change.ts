import type { SampleData } from '../data/sample-data.js';
import { apiError } from '../errors/sample-catalogue.js';

/**
 * Changes the plan of `accountId`; a plan too small for the teams and seats the account owns is
 * refused with `plan_change_blocked`.
 */
export function applyPlanChange(data: SampleData, accountId: string, planId: string): { plan: string } {
  const plan = data.plans.get(planId);
  if (plan === undefined) {
    throw apiError('validation_failed', { param: 'plan', details: [{ field: 'plan', constraint: 'exists', message: `plan ${planId} does not exist` }] });
  }
  const teams = data.ownedWorkspaces(accountId);
  const seats = Math.max(0, ...teams.map((t) => t.members.length));
  if (teams.length > (plan.limits.teams ?? Infinity) || seats > (plan.limits.seats ?? Infinity)) {
    throw apiError('plan_change_blocked', { extra: { teams: teams.length, seats } });
  }
  return { plan: planId };
}
