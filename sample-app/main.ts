import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { fileURLToPath } from 'node:url';
import { RedisEdgeStore, ResilientEdgeStore, type EdgeStore, type EnvelopePreset } from '../lib/index.js';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module.js';
import { parseSampleClock, SettableClock } from './clock/settable-clock.js';
import { readFixtures } from './data/sample-data.js';
import { firstRunBanner } from './first-run.banner.js';
import { profileNamed } from './profiles/profiles.js';
import { setUpSampleApp } from './sample-app.setup.js';

// Environment (see sample-app/README.md):
//   PORT             default 3000 (0: any free port; the real one is printed)
//   ADAPTER          express (default) or fastify
//   PROFILE          demo, default, msgflash, xtoken, workspaces, integrations, lines (default "demo")
//   LOG=verbose      Nest's full log (route map); default only warnings and errors
//   ENVELOPE         a preset name that replaces the profile's envelope
//   SAMPLE_FIXTURES  a fixtures JSON file, relative to the working directory (default sample-app/fixtures/default.json)
//   JWT_SECRET       the HS256 secret of console tokens (default: a development secret)
//   MAINTENANCE=1    start in maintenance mode
//   TRUST_PROXY      comma-separated proxies whose X-Forwarded-For is believed (e.g. loopback)
//   REDIS_URL        keep counters, nonces and idempotency records in Redis (several instances)
//   SAMPLE_CLOCK     an ISO instant (e.g. 2026-01-15T12:00:00Z): time stands still there and moves only
//                    with POST /v1/sandbox/clock {"seconds": n} (a test hook mounted only then)
const env = process.env;
const port = Number(env.PORT ?? 3000);
const profile = profileNamed(env.PROFILE ?? 'demo');
const envelope = env.ENVELOPE as EnvelopePreset | undefined;
const clockControl = env.SAMPLE_CLOCK === undefined ? undefined : new SettableClock(parseSampleClock(env.SAMPLE_CLOCK));

// Behind several instances the limits must be shared: Redis, refusing (503) rather than serving
// without limits while it is down.
let store: EdgeStore | undefined;
if (env.REDIS_URL) {
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1 });
  store = new ResilientEdgeStore(new RedisEdgeStore(redis, { prefix: `sample:${profile.name}:` }), { onFailure: 'closed' });
}

// The default file sits beside the sources (dist/sample-app/main.js → sample-app/fixtures), so
// the app starts from any working directory; SAMPLE_FIXTURES is relative to the working one.
const fixtures = readFixtures(env.SAMPLE_FIXTURES ?? fileURLToPath(new URL('../../sample-app/fixtures/default.json', import.meta.url)));

// rawBody: signatures are computed over the exact bytes received. A quiet log by default, so the
// first screen is the banner below.
const adapterName = env.ADAPTER ?? 'express';
if (adapterName !== 'express' && adapterName !== 'fastify') {
  throw new Error(`Cannot start the sample on ADAPTER="${adapterName}" because it is not a platform. Fix: use express or fastify.`);
}
const app = await NestFactory.create(
  AppModule.forRoot({
    profile,
    fixtures,
    ...(envelope ? { envelope } : {}),
    ...(clockControl ? { clockControl } : {}),
    ...(store ? { store } : {}),
    ...(env.JWT_SECRET ? { jwtSecret: env.JWT_SECRET } : {}),
    ...(env.MAINTENANCE === '1' ? { maintenance: true } : {}),
    ...(env.TRUST_PROXY ? { trustedProxies: env.TRUST_PROXY.split(',').map((p) => p.trim()) } : {}),
  }),
  adapterName === 'fastify' ? new FastifyAdapter() : new ExpressAdapter(),
  { rawBody: true, logger: env.LOG === 'verbose' ? ['log', 'error', 'warn', 'debug', 'verbose', 'fatal'] : ['error', 'warn', 'fatal'] },
);
setUpSampleApp(app, profile);
app.enableShutdownHooks();
await app.listen(port);
console.log(firstRunBanner(profile, (app.getHttpServer().address() as AddressInfo).port, fixtures));
