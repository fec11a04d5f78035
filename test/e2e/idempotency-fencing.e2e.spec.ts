import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, HttpCode, Post } from '@nestjs/common';
import request from 'supertest';
import { Idempotent, MemoryEdgeStore } from '../../lib/index.js';
import { createEdgeApp, type EdgeApp } from '../support/edge-app.js';

/** A memory store that remembers the key of the last lock taken (the test's view of the protocol). */
class WatchedStore extends MemoryEdgeStore {
  lastLockKey: string | undefined;
  override setIfAbsent(...args: Parameters<MemoryEdgeStore['setIfAbsent']>): ReturnType<MemoryEdgeStore['setIfAbsent']> {
    if (args[0].startsWith('idem:')) this.lastLockKey = args[0];
    return super.setIfAbsent(...args);
  }
}

/** A handler the test holds open until it lets it finish. */
let release: () => void = () => undefined;
let runs = 0;

@Controller()
class SlowController {
  @Idempotent()
  @Post('jobs')
  @HttpCode(201)
  async create(): Promise<{ job: number }> {
    const run = ++runs;
    await new Promise<void>((resolve) => (release = resolve));
    return { job: run };
  }
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the handler has started (polled, so a loaded machine only makes it slower). */
async function handlerStarted(count: number): Promise<void> {
  for (let i = 0; i < 500 && runs < count; i++) await wait(10);
  expect(runs).toBe(count);
}
// Long enough that a loaded machine (event-loop stalls of a few hundred ms) still renews in time.
const LOCK_TTL_MS = 1000;

describe('idempotency fencing: a handler that outlives its lock', () => {
  let edge: EdgeApp;
  const store = new WatchedStore();
  beforeAll(async () => {
    edge = await createEdgeApp({ controllers: [SlowController], options: { store, idempotency: { lockTtlMs: LOCK_TTL_MS } } });
  });
  afterAll(() => edge.close());

  const post = (key: string) => request(edge.server).post('/jobs').set('Idempotency-Key', key);

  it('keeps its lock while it runs: a retry after lockTtlMs is in progress, never a second run', async () => {
    runs = 0;
    const first = post('fence-1').then((res) => res);
    await handlerStarted(1);
    // Three lock lifetimes later the lock would have expired without renewal.
    await wait(LOCK_TTL_MS * 3);
    const retry = await post('fence-1');
    expect(retry.status).toBe(409);
    expect(retry.body.error.code).toBe('idempotency_in_progress');
    expect(runs).toBe(1);
    release();
    const done = await first;
    expect(done.status).toBe(201);
    expect(done.body).toEqual({ job: 1 });
    const replay = await post('fence-1');
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.text).toBe(done.text);
    expect(runs).toBe(1);
  });

  it('cannot overwrite the record of a request that took the key over (compare-and-set on its fencing token)', async () => {
    runs = 0;
    const first = post('fence-2').then((res) => res);
    await handlerStarted(1);
    const key = store.lastLockKey as string;
    expect(key).toMatch(/^idem:/);
    // Another request holds the key now (its lock expired on a store that was unreachable, say).
    await store.set(key, 'a newer record', 60_000);
    release();
    expect((await first).status).toBe(201);
    expect(await store.get(key)).toBe('a newer record');
    expect(edge.logs.text()).toContain('Cannot store an idempotency result because this request no longer holds its lock');
  });
});
