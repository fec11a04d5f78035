import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { AllowInactiveSubscription, CurrentPrincipal, PersonalKeyOnly, type Principal, RaisesErrors } from '../../lib/index.js';
import { SampleData } from '../data/sample-data.js';
import { ChangePlanDto } from './account.dto.js';
import { applyPlanChange } from './plan-change.js';

/**
 * The account's billing over API keys (`/v1/billing/*`, personal keys only), mounted where the
 * profile has a plan provider. Plan changes that would strand teams or seats are refused.
 */
@Controller('v1/billing')
export class BillingController {
  constructor(private readonly data: SampleData) {}

  /** Resource usage against the plan (same as `/v1/usage`). */
  @Get('usage')
  @PersonalKeyOnly()
  @AllowInactiveSubscription()
  usage(@CurrentPrincipal() principal: Principal): Record<string, unknown> {
    const account = this.data.account(principal.accountId);
    return { plan: account?.plan, usage: account?.usage ?? {}, limits: this.data.planOf(principal.accountId)?.limits ?? {} };
  }

  /** The subscription. */
  @Get('subscription')
  @PersonalKeyOnly()
  @AllowInactiveSubscription()
  subscription(@CurrentPrincipal() principal: Principal): Record<string, unknown> {
    const account = this.data.account(principal.accountId);
    return { plan: account?.plan, active: account?.subscription_active ?? true };
  }

  /** Payments of the account. */
  @Get('payments')
  @PersonalKeyOnly()
  @AllowInactiveSubscription()
  payments(): { data: unknown[] } {
    return { data: [] };
  }

  /** Changes the plan; a plan too small for the current teams is refused. */
  @RaisesErrors('validation_failed', 'plan_change_blocked')
  @Post('plan')
  @HttpCode(200)
  @PersonalKeyOnly()
  @AllowInactiveSubscription()
  changePlan(@CurrentPrincipal() principal: Principal, @Body() dto: ChangePlanDto): { plan: string } {
    return applyPlanChange(this.data, principal.accountId, dto.plan);
  }
}
