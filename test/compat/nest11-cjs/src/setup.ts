import type { INestApplication } from '@nestjs/common';
import { createValidationPipe } from 'nest-api-edge';

/** What main.ts and the e2e tests both do to the app. */
export function setUpApp(app: INestApplication): INestApplication {
  app.useGlobalPipes(createValidationPipe());
  return app;
}
