import { Module, type DynamicModule } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module.js';
import type { ServedRoutes } from '../profiles/served-routes.js';
import { FeaturesController } from './features.controller.js';
import { InstancesController } from './instances.controller.js';
import { LinesController, SandboxController } from './lines.controller.js';

/** Instances, lines (chats, outbox, and the sandbox where its quota exists), webhooks, campaigns and statuses. */
@Module({})
export class InstancesModule {
  /** The instance and line routes of the groups in `served`. */
  static register(served: ServedRoutes): DynamicModule {
    return {
      module: InstancesModule,
      imports: [MessagesModule],
      controllers: [InstancesController, LinesController, ...(served.sandbox ? [SandboxController] : []), FeaturesController],
    };
  }
}
