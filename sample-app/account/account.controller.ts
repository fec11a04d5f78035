import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { AllowInactiveSubscription, CurrentPrincipal, PersonalKeyOnly, type Principal, RaisesErrors } from '../../lib/index.js';
import type { AccountFixture } from '../data/fixtures.js';
import { SampleData } from '../data/sample-data.js';
import { apiError } from '../errors/sample-catalogue.js';
import { OtpRequestDto, OtpVerifyDto, PaygLimitDto } from './account.dto.js';
import { OtpService } from './otp.service.js';

/** A decimal amount with at most two decimals, at most 1 000 000. */
const AMOUNT = /^(?:0|[1-9]\d{0,5})(?:\.\d{1,2})?$/;

/** What an account shows of itself (never its password hash). */
function publicAccount(account: AccountFixture | undefined): Record<string, unknown> {
  if (account === undefined) return {};
  return { id: account.id, email: account.email, plan: account.plan, balance: account.balance ?? 0 };
}

/**
 * The account's own routes over API keys (`/v1/me`, usage — personal keys only), the wallet and
 * one-time passwords. Billing is `BillingController`, the console's `ConsoleBillingController`.
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
  @Get('v1/usage')
  @PersonalKeyOnly()
  @AllowInactiveSubscription()
  usage(@CurrentPrincipal() principal: Principal): Record<string, unknown> {
    const account = this.data.account(principal.accountId);
    return { plan: account?.plan, usage: account?.usage ?? {}, limits: this.data.planOf(principal.accountId)?.limits ?? {} };
  }

  /** Sets the pay-as-you-go spending cap. */
  @RaisesErrors('invalid_amount_format')
  @Put('v1/wallet/payg-limit')
  @PersonalKeyOnly()
  paygLimit(@Body() dto: PaygLimitDto): { payg_limit: number } {
    if (!AMOUNT.test(dto.amount)) throw apiError('invalid_amount_format', { param: 'amount' });
    return { payg_limit: Number(dto.amount) };
  }

  /** Sends a one-time password. */
  @RaisesErrors('otp_wait_required', 'otp_resend_limit')
  @Post('v1/otp')
  @HttpCode(201)
  sendOtp(@CurrentPrincipal() principal: Principal, @Body() dto: OtpRequestDto): { expires_in: number; resends_left: number } {
    return this.otp.send(principal.accountId, dto.phone);
  }

  /** Checks a one-time password. */
  @RaisesErrors('invalid_otp', 'otp_expired')
  @Post('v1/otp/verify')
  @HttpCode(200)
  verifyOtp(@CurrentPrincipal() principal: Principal, @Body() dto: OtpVerifyDto): { verified: true } {
    return this.otp.verify(principal.accountId, dto.phone, dto.code);
  }
}
