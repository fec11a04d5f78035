import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Redis } from 'ioredis';
import { BENCH_VARIANTS, type CorrectnessProfile } from '../../bench/bench-apps.js';
import { runCorrectnessPass, type CorrectnessResult } from '../../bench/correctness-pass.js';
import { connectRedis, deleteKeys } from '../support/redis.js';

// The benchmark's correctness pass, in-process, for every variant the full-pipeline scenarios
// time: bare Nest must check nothing, and the peer stack and the module must refuse exactly the
// same requests (on memory and on Redis), so the bench compares equal work. No timing here.

const RUN = `bench-test:${process.pid}:${Date.now()}:`;
let redis: Redis;

beforeAll(async () => {
  redis = await connectRedis();
});

afterAll(async () => {
  await deleteKeys(redis, `${RUN}*`);
  await redis.quit();
});

async function passOf(variant: string, profile: CorrectnessProfile): Promise<CorrectnessResult> {
  const built = (BENCH_VARIANTS[variant] as NonNullable<(typeof BENCH_VARIANTS)[string]>).build({ redisPrefix: `${RUN}${variant}:` });
  const app = await NestFactory.create<NestExpressApplication>(built.module, { logger: false, rawBody: true, abortOnError: false });
  try {
    built.configure?.(app);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    return await runCorrectnessPass(`http://127.0.0.1:${port}`, profile);
  } finally {
    await app.close();
    await built.dispose?.();
  }
}

const failed = (result: CorrectnessResult) => result.probes.filter((p) => !p.ok).map((p) => `${p.probe}: expected ${p.expected}, got ${p.got}`);

// Every probe of the full profile, in order: the peer and the module answer each as expected.
const FULL_PROBES = [
  'signed POST is accepted',
  'a request id is made',
  'GET with a key is accepted',
  'a well-formed X-Request-Id is echoed',
  'missing key',
  'errors are problem+json',
  'unknown key',
  'unsigned POST',
  'bad signature',
  'body changed after signing',
  'timestamp an hour old',
  'nonce, first use',
  'nonce replayed',
  'IP outside the global list',
  "IP outside the key's list",
  'forwarded IP inside both lists',
  'tight key, request 1 of 3',
  'tight key, request 2 of 3',
  'tight key, request 3 of 3',
  'tight key, past the hourly limit',
  'unknown route',
];

describe('bench correctness pass', () => {
  it.each(['peer-memory', 'edge-full-memory', 'peer-redis', 'edge-full-redis'])('%s refuses what the full pipeline refuses', async (variant) => {
    expect(BENCH_VARIANTS[variant]?.correctness).toBe('full');
    const result = await passOf(variant, 'full');
    expect(failed(result)).toEqual([]);
    expect(result.probes.map((p) => p.probe)).toEqual(FULL_PROBES);
    expect(result.ok).toBe(true);
  });

  it('bare Nest checks nothing: every request reaches its route', async () => {
    expect(BENCH_VARIANTS.bare?.correctness).toBe('none');
    const result = await passOf('bare', 'none');
    expect(failed(result)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('fails a variant that does not check: bare Nest under the full profile', async () => {
    const result = await passOf('bare', 'full');
    expect(result.ok).toBe(false);
    expect(failed(result)).toEqual([
      'a request id is made: expected x-request-id: /^[A-Za-z0-9._:-]{8,128}$/, got x-request-id: (absent)',
      'a well-formed X-Request-Id is echoed: expected x-request-id: req_check_000001, got x-request-id: (absent)',
      'missing key: expected 401, got 200',
      'errors are problem+json: expected content-type: /^application\\/problem\\+json/, got content-type: application/json; charset=utf-8',
      'unknown key: expected 401, got 200',
      'unsigned POST: expected 401, got 201',
      'bad signature: expected 401, got 201',
      'body changed after signing: expected 401, got 201',
      'timestamp an hour old: expected 401, got 201',
      'nonce replayed: expected 401, got 201',
      'IP outside the global list: expected 403, got 200',
      "IP outside the key's list: expected 403, got 200",
      'tight key, past the hourly limit: expected 429, got 200',
    ]);
  });
});
