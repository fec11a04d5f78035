import { Body, Controller, Get, Post } from '@nestjs/common';
import { CurrentPrincipal, Idempotent, Throttle, type Principal } from 'nest-api-edge';
import { CreateMessageDto } from './create-message.dto';

@Controller('v1')
export class MessagesController {
  private sent = 0;

  @Get('me')
  me(@CurrentPrincipal() principal: Principal) {
    return { key: principal.id, account: principal.accountId };
  }

  @Throttle({ minute: { limit: 2 } })
  @Get('limited')
  limited() {
    return { ok: true };
  }

  @Idempotent()
  @Post('messages')
  send(@Body() message: CreateMessageDto) {
    this.sent += 1;
    return { id: `msg_${this.sent}`, to: message.to, text: message.text };
  }
}
