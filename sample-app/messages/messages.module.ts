import { Module } from '@nestjs/common';
import { MessageProvider } from '../provider/message-provider.js';
import { MessageStore } from './message.store.js';
import { MessagesController } from './messages.controller.js';
import { MessagesService } from './messages.service.js';

/** Sending and reading messages. */
@Module({
  controllers: [MessagesController],
  providers: [MessagesService, MessageStore, MessageProvider],
  exports: [MessagesService, MessageProvider],
})
export class MessagesModule {}
