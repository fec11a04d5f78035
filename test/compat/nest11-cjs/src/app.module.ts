import { Module } from '@nestjs/common';
import { ApiEdgeModule } from 'nest-api-edge';
import { edgeOptions } from './edge.config';
import { MessagesController } from './messages.controller';

@Module({
  imports: [ApiEdgeModule.forRoot(edgeOptions)],
  controllers: [MessagesController],
})
export class AppModule {}
