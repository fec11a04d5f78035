import { Controller, Get, Post } from '@nestjs/common';
import { Signed } from './signed.decorator.js';

/** The peer stack's routes: the same paths and answers as the bare and module apps. */
@Controller('v1')
export class PeerController {
  @Get('ping')
  ping() {
    return { ok: true };
  }

  @Post('messages')
  @Signed()
  send() {
    return { id: 'msg_1', status: 'queued' };
  }
}
