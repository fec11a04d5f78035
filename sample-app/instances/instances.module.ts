import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module.js';
import { FeaturesController } from './features.controller.js';
import { InstancesController } from './instances.controller.js';
import { LinesController, SandboxController } from './lines.controller.js';

/** Instances, lines (chats, outbox, sandbox), webhooks, campaigns and statuses. */
@Module({
  imports: [MessagesModule],
  controllers: [InstancesController, LinesController, SandboxController, FeaturesController],
})
export class InstancesModule {}
