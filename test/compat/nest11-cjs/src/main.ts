import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { setUpApp } from './setup';

async function bootstrap() {
  const app = setUpApp(await NestFactory.create(AppModule, { rawBody: true }));
  await app.listen(process.env.PORT ?? 3000);
}
void bootstrap();
