import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { BENCH_VARIANTS } from './bench-apps.js';
import { sampleAllocationsInto } from './allocation-sampling.js';

/**
 * One benchmark server process: `node dist/bench/server.js <variant> [port]` (port 0, the default,
 * takes a free one). Prints `ready <port>` when it listens, so the harness measures nothing of
 * start-up. Redis keys go under a prefix of this process (they expire on their own: an hour at most).
 * `BENCH_ADAPTER=fastify` serves the variant on Fastify (bare Fastify vs the module on Fastify; the
 * peer stack is Express-only: passport and `trust proxy` are Express's). `BENCH_ALLOCATIONS=<file>`
 * samples allocations from SIGUSR2 until SIGTERM into that file (`profile.js --heap`).
 */
async function main(): Promise<void> {
  const [name = 'bare', port = '0'] = process.argv.slice(2);
  const variant = BENCH_VARIANTS[name];
  if (!variant) throw new Error(`Cannot start variant "${name}" because it is unknown. Fix: use one of ${Object.keys(BENCH_VARIANTS).join(', ')}.`);
  const built = variant.build({ redisPrefix: `bench:${process.pid}:${Date.now()}:` });
  const fastify = process.env.BENCH_ADAPTER === 'fastify';
  if (fastify && built.configure !== undefined) {
    throw new Error(`Cannot serve variant "${name}" on Fastify because it configures Express itself. Fix: run it without BENCH_ADAPTER.`);
  }
  const app = await NestFactory.create<NestExpressApplication>(built.module, fastify ? new FastifyAdapter() : new ExpressAdapter(), {
    logger: ['error'],
    rawBody: true,
  });
  built.configure?.(app);
  await app.listen(Number(port), '127.0.0.1');
  const allocations = process.env.BENCH_ALLOCATIONS ? sampleAllocationsInto(process.env.BENCH_ALLOCATIONS, Number(process.env.BENCH_ALLOCATION_INTERVAL ?? 16_384)) : undefined;
  process.once('SIGTERM', () => {
    void Promise.resolve(allocations?.stop())
      .then(() => app.close())
      .then(() => built.dispose?.())
      .finally(() => process.exit(0));
  });
  const address = app.getHttpServer().address() as { port: number };
  process.stdout.write(`ready ${address.port}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
