import { Module } from '@nestjs/common';
import { TeamsController } from './teams.controller.js';

/** Teams, invitations and API keys. */
@Module({ controllers: [TeamsController] })
export class TeamsModule {}
