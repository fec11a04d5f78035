import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { BENCH_VARIANTS } from './bench-apps.js';

/**
 * One benchmark server process: `node dist/bench/server.js <variant> [port]` (port 0, the default,
 * takes a free one). Prints `ready <port>` when it listens, so the harness measures nothing of
 * start-up. Redis keys go under a prefix of this process (they expire on their own: an hour at most).
 */
async function main(): Promise<void> {
  const [name = 'bare', port = '0'] = process.argv.slice(2);
  const variant = BENCH_VARIANTS[name];
  if (!variant) throw new Error(`Cannot start variant "${name}" because it is unknown. Fix: use one of ${Object.keys(BENCH_VARIANTS).join(', ')}.`);
  const built = variant.build({ redisPrefix: `bench:${process.pid}:${Date.now()}:` });
  const app = await NestFactory.create<NestExpressApplication>(built.module, { logger: ['error'], rawBody: true });
  built.configure?.(app);
  await app.listen(Number(port), '127.0.0.1');
  process.once('SIGTERM', () => {
    void app
      .close()
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
