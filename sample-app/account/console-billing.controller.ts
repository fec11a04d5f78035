import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { AcceptCredentials, AllowInactiveSubscription, CurrentPrincipal, CurrentWorkspace, RequireRole, type Principal, RaisesErrors } from '../../lib/index.js';
import type { WorkspaceFixture } from '../data/fixtures.js';
import { SampleData } from '../data/sample-data.js';
import { apiError } from '../errors/sample-catalogue.js';
import { applyPlanChange } from './plan-change.js';

/**
 * The console's billing over JWTs (`/api/billing/*`), reserved to the team owner in a team
 * workspace; mounted where the profile has console JWTs and a plan provider.
 */
@Controller('api/billing')
export class ConsoleBillingController {
  constructor(private readonly data: SampleData) {}

  /** Console: payments; in a team workspace only its owner sees them. */
  @Get('payments')
  @AcceptCredentials('jwt')
  @AllowInactiveSubscription()
  @RequireRole({ roles: ['owner'], error: 'billing_owner_only' })
  consolePayments(): { data: unknown[] } {
    return { data: [] };
  }

  /** Console: billing mutations; in a team workspace only its owner may make them. */
  @RaisesErrors('not_found')
  @Post(':action')
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
    if (action === 'downgrade') return applyPlanChange(this.data, account, String(body.plan ?? ''));
    if (!['checkout', 'cancel', 'cancel-scheduled-change'].includes(action)) throw apiError('not_found');
    return { action, status: 'accepted' };
  }
}
