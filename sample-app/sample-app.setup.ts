import type { INestApplication } from '@nestjs/common';
import type { SampleProfile } from './profiles/sample-profile.js';

/**
 * What the sample app sets on the created Nest application beyond its module: CORS for profiles
 * whose contract has browser clients (Nest's `enableCors`). The CORS middleware answers a
 * preflight (`OPTIONS` with `Access-Control-Request-Method`) with 204 before any guard, so a
 * preflight never meets authentication and never counts against a rate limit. main.ts and the
 * tests both call this, before `listen()` / `init()`.
 */
export function setUpSampleApp(app: INestApplication, profile: SampleProfile): void {
  if (profile.cors !== undefined) app.enableCors(profile.cors);
}
