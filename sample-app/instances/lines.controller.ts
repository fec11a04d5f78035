import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { BoundResource, CurrentPrincipal, Quota, RequireScopes, type Principal, RaisesErrors } from '../../lib/index.js';
import { accountOf } from '../common/account-of.js';
import type { LineFixture } from '../data/fixtures.js';
import { SampleData } from '../data/sample-data.js';
import { apiError } from '../errors/sample-catalogue.js';
import { MessageProvider } from '../provider/message-provider.js';
import { LineMessageDto } from './instance.dto.js';

type Chat = LineFixture['chats'][number];
type OutboxItem = LineFixture['outbox'][number];

/**
 * `/v1/lines`: phone lines with their chats and outbox. A key bound to some lines reaches only
 * those (the edge's `@BoundResource`); a line of another account does not exist.
 */
@Controller('v1/lines/:lineId')
@BoundResource('line', 'lineId')
export class LinesController {
  constructor(
    private readonly data: SampleData,
    private readonly provider: MessageProvider,
  ) {}

  /** One line. */
  @RaisesErrors('line_not_found')
  @Get()
  @RequireScopes('lines:read')
  get(@CurrentPrincipal() principal: Principal | undefined, @Param('lineId') lineId: string): LineFixture {
    return this.line(principal, lineId);
  }

  /** One chat of the line. */
  @RaisesErrors('line_not_found', 'chat_not_found')
  @Get('chats/:chatId')
  @RequireScopes('lines:read')
  chat(@CurrentPrincipal() principal: Principal | undefined, @Param('lineId') lineId: string, @Param('chatId') chatId: string): Chat {
    const chat = this.line(principal, lineId).chats.find((c) => c.id === chatId);
    if (chat === undefined) throw apiError('chat_not_found', { param: 'chatId' });
    return chat;
  }

  /** One outbox item of the line. */
  @RaisesErrors('line_not_found', 'outbox_item_not_found')
  @Get('outbox/:itemId')
  @RequireScopes('lines:read')
  outboxItem(@CurrentPrincipal() principal: Principal | undefined, @Param('lineId') lineId: string, @Param('itemId') itemId: string): OutboxItem {
    const item = this.line(principal, lineId).outbox.find((o) => o.id === itemId);
    if (item === undefined) throw apiError('outbox_item_not_found', { param: 'itemId' });
    return item;
  }

  /** Sends from the line. */
  @RaisesErrors('line_not_found', 'no_sms_access', 'config_error', 'approval_required', 'payg_limit_reached', 'dnc_blocked', 'opted_out', 'invalid_destination', 'db_error', 'upstream_timeout', 'upstream_unavailable', 'provider_failed', 'provider_media_failed', 'dependency_not_ready')
  @Post('messages')
  @HttpCode(201)
  @RequireScopes('messages:write')
  async send(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('lineId') lineId: string,
    @Body() dto: LineMessageDto,
  ): Promise<{ line_id: string; to: string; provider_id: string }> {
    const line = this.line(principal, lineId);
    return { line_id: line.id, to: dto.to, provider_id: await this.provider.send({ to: dto.to, text: dto.text, mediaUrl: null }) };
  }

  private line(principal: Principal | undefined, lineId: string): LineFixture {
    const line = this.data.line(accountOf(principal), lineId);
    if (line === undefined) throw apiError('line_not_found', { param: 'lineId' });
    return line;
  }
}

/**
 * `POST /v1/sandbox/messages`: the sandbox line. It must be activated, sends only to the paired
 * phone, and counts against the daily `sandbox` quota (the edge's `@Quota`).
 */
@Controller('v1/sandbox')
export class SandboxController {
  constructor(
    private readonly data: SampleData,
    private readonly provider: MessageProvider,
  ) {}

  /** Sends a sandbox message to the paired phone. */
  @RaisesErrors('sandbox_not_activated', 'sandbox_contact_mismatch', 'no_sms_access', 'config_error', 'approval_required', 'payg_limit_reached', 'dnc_blocked', 'opted_out', 'invalid_destination', 'db_error', 'upstream_timeout', 'upstream_unavailable', 'provider_failed', 'provider_media_failed', 'dependency_not_ready')
  @Post('messages')
  @HttpCode(201)
  @RequireScopes('messages:write')
  @Quota('sandbox')
  async send(@CurrentPrincipal() principal: Principal | undefined, @Body() dto: LineMessageDto): Promise<{ to: string; provider_id: string; sandbox: true }> {
    const sandbox = this.data.account(accountOf(principal))?.sandbox;
    if (sandbox?.activated !== true) throw apiError('sandbox_not_activated');
    if (dto.to !== sandbox.paired_number) throw apiError('sandbox_contact_mismatch', { param: 'to' });
    return { to: dto.to, provider_id: await this.provider.send({ to: dto.to, text: dto.text, mediaUrl: null }), sandbox: true };
  }
}
