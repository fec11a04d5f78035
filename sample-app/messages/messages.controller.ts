import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '../../lib/index.js';
import { accountOf } from '../common/account-of.js';
import type { Message } from './message.js';
import { MessageIdParams } from './message-id.params.js';
import { MessagesService } from './messages.service.js';
import { SendMessageDto } from './send-message.dto.js';

/** `/v1/messages`: send a message to up to 100 recipients, read one back. */
@Controller('v1/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  /** Sends a message; 201 with the message and each recipient's state. */
  @Post()
  @HttpCode(201)
  send(@CurrentPrincipal() principal: Principal | undefined, @Body() dto: SendMessageDto): Promise<Message> {
    return this.messages.send(accountOf(principal), dto);
  }

  /** One message of the caller's account. */
  @Get(':id')
  get(@CurrentPrincipal() principal: Principal | undefined, @Param() params: MessageIdParams): Message {
    return this.messages.get(accountOf(principal), params.id);
  }
}
