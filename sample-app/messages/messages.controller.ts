import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { Cost, CurrentPrincipal, Idempotent, RequireScopes, type Principal, RaisesErrors } from '../../lib/index.js';
import { accountOf } from '../common/account-of.js';
import type { Message } from './message.js';
import { MessageIdParams } from './message-id.params.js';
import { MessagesService } from './messages.service.js';
import { SendMessageDto, SendTemplateDto } from './send-message.dto.js';

/**
 * What a send costs, in recipients. The plan check runs before the body is validated, so a body
 * that is not even a list costs nothing and is refused by validation instead.
 */
export const recipientCount = (request: { body?: { recipients?: unknown } }): number =>
  Array.isArray(request.body?.recipients) ? request.body.recipients.length : 0;

/**
 * `/v1/messages`: send a message (or a template) to up to 100 recipients, read one back. Sends
 * take an `Idempotency-Key` where the profile configures idempotency, so a retried send never
 * goes out twice.
 */
@Controller('v1/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  /** Sends a message; 201 with the message and each recipient's state. */
  @RaisesErrors('no_sms_access', 'config_error', 'approval_required', 'payg_limit_reached', 'dnc_blocked', 'opted_out', 'invalid_destination', 'db_error', 'upstream_timeout', 'upstream_unavailable', 'provider_failed', 'provider_media_failed', 'dependency_not_ready')
  @Post()
  @HttpCode(201)
  @RequireScopes('messages:write')
  @Cost(recipientCount)
  @Idempotent()
  send(@CurrentPrincipal() principal: Principal | undefined, @Body() dto: SendMessageDto): Promise<Message> {
    return this.messages.send(accountOf(principal), dto);
  }

  /** Sends a template filled per recipient. */
  @RaisesErrors('template_not_found', 'template_variables_missing', 'template_context_unavailable', 'no_sms_access', 'config_error', 'approval_required', 'payg_limit_reached', 'dnc_blocked', 'opted_out', 'invalid_destination', 'db_error', 'upstream_timeout', 'upstream_unavailable', 'provider_failed', 'provider_media_failed', 'dependency_not_ready')
  @Post('template')
  @HttpCode(201)
  @RequireScopes('messages:write')
  @Cost(recipientCount)
  @Idempotent()
  sendTemplate(@CurrentPrincipal() principal: Principal | undefined, @Body() dto: SendTemplateDto): Promise<Message> {
    return this.messages.sendTemplate(accountOf(principal), dto);
  }

  /** One message of the caller's account; a malformed id is a parameter error. */
  @RaisesErrors('message_not_found')
  @Get(':id')
  @RequireScopes('messages:read')
  get(@CurrentPrincipal() principal: Principal | undefined, @Param() params: MessageIdParams): Message {
    return this.messages.get(accountOf(principal), params.id);
  }
}
