import { Module } from '@nestjs/common';
import { MessageProvider } from '../provider/message-provider.js';
import { TemplatesController } from '../templates/templates.controller.js';
import { MessageStore } from './message.store.js';
import { MessagesController } from './messages.controller.js';
import { MessagesService } from './messages.service.js';

/** Sending and reading messages, and the templates they can be made from. */
@Module({
  controllers: [MessagesController, TemplatesController],
  providers: [MessagesService, MessageStore, MessageProvider],
  exports: [MessagesService, MessageProvider],
})
export class MessagesModule {}
