import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { CurrentPrincipal, PlanLimit, RequireFeature, RequireScopes, type Principal, RaisesErrors } from '../../lib/index.js';
import { accountOf } from '../common/account-of.js';
import { SampleData } from '../data/sample-data.js';
import { apiError } from '../errors/sample-catalogue.js';
import { CreateCampaignDto, CreateStatusDto, CreateWebhookDto } from './instance.dto.js';

/** A webhook endpoint. */
interface Webhook {
  readonly id: string;
  readonly account: string;
  readonly url: string;
}

/** Most webhooks kept in memory. */
const WEBHOOK_CAPACITY = 10_000;

/**
 * Plan-gated features: webhooks (with an endpoint limit), campaigns and WhatsApp statuses. The
 * feature and limit checks are the edge's; the handlers only do the work.
 */
@Controller('v1')
export class FeaturesController {
  private readonly webhooks = new Map<string, Webhook>();

  constructor(private readonly data: SampleData) {}

  /** Registers a webhook endpoint. */
  @Post('webhooks')
  @HttpCode(201)
  @RequireScopes('webhooks:write')
  @RequireFeature('webhooks')
  @PlanLimit('webhooks')
  createWebhook(@CurrentPrincipal() principal: Principal | undefined, @Body() dto: CreateWebhookDto): Webhook {
    const webhook = { id: `wh_${randomBytes(8).toString('hex')}`, account: accountOf(principal), url: dto.url };
    if (this.webhooks.size >= WEBHOOK_CAPACITY) this.webhooks.clear();
    this.webhooks.set(webhook.id, webhook);
    this.data.bump(webhook.account, 'webhooks');
    return webhook;
  }

  /** One webhook of the caller's account. */
  @RaisesErrors('webhook_not_found')
  @Get('webhooks/:id')
  @RequireScopes('webhooks:read')
  webhook(@CurrentPrincipal() principal: Principal | undefined, @Param('id') id: string): Webhook {
    const webhook = this.webhooks.get(id);
    if (webhook === undefined || webhook.account !== accountOf(principal)) throw apiError('webhook_not_found', { param: 'id' });
    return webhook;
  }

  /** Creates a campaign. */
  @Post('campaigns')
  @HttpCode(201)
  @RequireScopes('campaigns:write')
  @RequireFeature('campaigns')
  createCampaign(@Body() dto: CreateCampaignDto): { id: string; name: string; status: 'draft' } {
    return { id: `cmp_${randomBytes(8).toString('hex')}`, name: dto.name, status: 'draft' };
  }

  /** Posts a WhatsApp status. */
  @Post('statuses')
  @HttpCode(201)
  @RequireScopes('statuses:write')
  @RequireFeature('statuses')
  createStatus(@Body() dto: CreateStatusDto): { id: string; text: string } {
    return { id: `st_${randomBytes(8).toString('hex')}`, text: dto.text };
  }
}
