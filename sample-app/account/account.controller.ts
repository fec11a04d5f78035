import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  AcceptCredentials,
  AllowInactiveSubscription,
  CurrentPrincipal,
  CurrentWorkspace,
  PersonalKeyOnly,
  RequireRole,
  type Principal,
} from '../../lib/index.js';
import type { AccountFixture, WorkspaceFixture } from '../data/fixtures.js';
import { SampleData } from '../data/sample-data.js';
import { apiError } from '../errors/sample-catalogue.js';
import { ChangePlanDto, OtpRequestDto, OtpVerifyDto, PaygLimitDto } from './account.dto.js';
import { OtpService } from './otp.service.js';

/** A decimal amount with at most two decimals, at most 1 000 000. */
const AMOUNT = /^(?:0|[1-9]\d{0,5})(?:\.\d{1,2})?$/;

/** What an account shows of itself (never its password hash). */
function publicAccount(account: AccountFixture | undefined): Record<string, unknown> {
  if (account === undefined) return {};
  return { id: account.id, email: account.email, plan: account.plan, balance: account.balance ?? 0 };
}

/**
 * The account's own routes over API keys (`/v1/me`, usage, billing — personal keys only) and the
 * console's billing routes over JWTs (`/api/billing/*`, reserved to the team owner in a team).
 * Plan changes that would strand teams or seats are refused.
 */
@Controller()
export class AccountController {
  constructor(
    private readonly data: SampleData,
    private readonly otp: OtpService,
  ) {}

  /** The caller's account. */
  @Get('v1/me')
  @PersonalKeyOnly()
  @AllowInactiveSubscription()
  me(@CurrentPrincipal() principal: Principal): Record<string, unknown> {
    return publicAccount(this.data.account(principal.accountId));
  }

  /** Resource usage against the plan. */
  @Get(['v1/usage', 'v1/billing/usage'])
  @PersonalKeyOnly()
  @AllowInactiveSubscription()
  usage(@CurrentPrincipal() principal: Principal): Record<string, unknown> {
    const account = this.data.account(principal.accountId);
    return { plan: account?.plan, usage: account?.usage ?? {}, limits: this.data.planOf(principal.accountId)?.limits ?? {} };
  }

  /** The subscription. */
  @Get('v1/billing/subscription')
  @PersonalKeyOnly()
  @AllowInactiveSubscription()
  subscription(@CurrentPrincipal() principal: Principal): Record<string, unknown> {
    const account = this.data.account(principal.accountId);
    return { plan: account?.plan, active: account?.subscription_active ?? true };
  }

  /** Payments of the account. */
  @Get('v1/billing/payments')
  @PersonalKeyOnly()
  @AllowInactiveSubscription()
  payments(): { data: unknown[] } {
    return { data: [] };
  }

  /** Changes the plan; a plan too small for the current teams is refused. */
  @Post('v1/billing/plan')
  @HttpCode(200)
  @PersonalKeyOnly()
  @AllowInactiveSubscription()
  changePlan(@CurrentPrincipal() principal: Principal, @Body() dto: ChangePlanDto): { plan: string } {
    return this.applyPlanChange(principal.accountId, dto.plan);
  }

  /** Console: payments; in a team workspace only its owner sees them. */
  @Get('api/billing/payments')
  @AcceptCredentials('jwt')
  @AllowInactiveSubscription()
  @RequireRole({ roles: ['owner'], error: 'billing_owner_only' })
  consolePayments(): { data: unknown[] } {
    return { data: [] };
  }

  /** Console: billing mutations; in a team workspace only its owner may make them. */
  @Post('api/billing/:action')
  @HttpCode(200)
  @AcceptCredentials('jwt')
  @AllowInactiveSubscription()
  @RequireRole({ roles: ['owner'], error: 'billing_mutation_forbidden' })
  consoleMutation(
    @CurrentPrincipal() principal: Principal,
    @CurrentWorkspace() workspace: WorkspaceFixture | undefined,
    @Param('action') action: string,
    @Body() body: Record<string, unknown>,
  ): Record<string, unknown> {
    const account = workspace?.owner ?? principal.accountId;
    if (action === 'downgrade') return this.applyPlanChange(account, String(body.plan ?? ''));
    if (!['checkout', 'cancel', 'cancel-scheduled-change'].includes(action)) throw apiError('not_found');
    return { action, status: 'accepted' };
  }

  /** Sets the pay-as-you-go spending cap. */
  @Put('v1/wallet/payg-limit')
  @PersonalKeyOnly()
  paygLimit(@Body() dto: PaygLimitDto): { payg_limit: number } {
    if (!AMOUNT.test(dto.amount)) throw apiError('invalid_amount_format', { param: 'amount' });
    return { payg_limit: Number(dto.amount) };
  }

  /** Sends a one-time password. */
  @Post('v1/otp')
  @HttpCode(201)
  sendOtp(@CurrentPrincipal() principal: Principal, @Body() dto: OtpRequestDto): { expires_in: number; resends_left: number } {
    return this.otp.send(principal.accountId, dto.phone);
  }

  /** Checks a one-time password. */
  @Post('v1/otp/verify')
  @HttpCode(200)
  verifyOtp(@CurrentPrincipal() principal: Principal, @Body() dto: OtpVerifyDto): { verified: true } {
    return this.otp.verify(principal.accountId, dto.phone, dto.code);
  }

  private applyPlanChange(accountId: string, planId: string): { plan: string } {
    const plan = this.data.plans.get(planId);
    if (plan === undefined) {
      throw apiError('validation_failed', { param: 'plan', details: [{ field: 'plan', constraint: 'exists', message: `plan ${planId} does not exist` }] });
    }
    const teams = this.data.ownedWorkspaces(accountId);
    const seats = Math.max(0, ...teams.map((t) => t.members.length));
    if (teams.length > (plan.limits.teams ?? Infinity) || seats > (plan.limits.seats ?? Infinity)) {
      throw apiError('plan_change_blocked', { extra: { teams: teams.length, seats } });
    }
    return { plan: planId };
  }
}
