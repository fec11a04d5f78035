import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { setUpApp } from './setup.js';

async function bootstrap() {
  const app = setUpApp(await NestFactory.create(AppModule, { rawBody: true }));
  await app.listen(process.env.PORT ?? 3000);
}
void bootstrap();
