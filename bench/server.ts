import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { BENCH_VARIANTS } from './bench-apps.js';

/**
 * One benchmark server process: `node dist/bench/server.js <variant> <port>`. Prints `ready` when
 * it listens, so the harness measures nothing of start-up.
 */
async function main(): Promise<void> {
  const [name = 'bare', port = '0'] = process.argv.slice(2);
  const variant = BENCH_VARIANTS[name];
  if (!variant) throw new Error(`Cannot start variant "${name}" because it is unknown. Fix: use one of ${Object.keys(BENCH_VARIANTS).join(', ')}.`);
  const app = await NestFactory.create<NestExpressApplication>(variant.module(), { logger: ['error'], rawBody: true });
  await app.listen(Number(port), '127.0.0.1');
  process.stdout.write('ready\n');
}

void main();
