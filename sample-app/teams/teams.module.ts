import { Module, type DynamicModule } from '@nestjs/common';
import type { ServedRoutes } from '../profiles/served-routes.js';
import { InvitationsController } from './invitations.controller.js';
import { TeamsController } from './teams.controller.js';

/** Teams, API keys, and invitations where the profile has console JWTs. */
@Module({})
export class TeamsModule {
  /** The team routes of the groups in `served`. */
  static register(served: ServedRoutes): DynamicModule {
    return { module: TeamsModule, controllers: [TeamsController, ...(served.console ? [InvitationsController] : [])] };
  }
}
