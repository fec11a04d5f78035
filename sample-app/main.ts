import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { EnvelopePreset } from '../lib/index.js';
import { AppModule } from './app.module.js';
import { profileNamed } from './profiles/profiles.js';

// Environment: PORT (default 3000), PROFILE (default "default"), ENVELOPE (a preset name that
// replaces the profile's envelope). See sample-app/README.md.
const port = Number(process.env.PORT ?? 3000);
const profile = profileNamed(process.env.PROFILE ?? 'default');
const envelope = process.env.ENVELOPE as EnvelopePreset | undefined;

// rawBody: signatures are computed over the exact bytes received.
const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ profile, ...(envelope ? { envelope } : {}) }), {
  rawBody: true,
});
app.enableShutdownHooks();
await app.listen(port);
console.log(`sample-app: profile "${profile.name}" listening on http://localhost:${port}`);
