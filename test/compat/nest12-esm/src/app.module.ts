import { Module } from '@nestjs/common';
import { ApiEdgeModule } from 'nest-api-edge';
import { edgeOptions } from './edge.config.js';
import { MessagesController } from './messages.controller.js';

@Module({
  imports: [ApiEdgeModule.forRoot(edgeOptions)],
  controllers: [MessagesController],
})
export class AppModule {}
