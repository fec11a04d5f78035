import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Body, Controller, Post } from '@nestjs/common';
import { Redis } from 'ioredis';
import request from 'supertest';
import type { Response } from 'supertest';
import { Idempotent, RedisEdgeStore, apiError } from '../../lib/index.js';
import { createEdgeApp, type EdgeApp } from '../support/edge-app.js';
import { connectRedis, deleteKeys } from '../support/redis.js';

/** Unique per run, so engineers and CI jobs sharing one Redis never see each other's records. */
const PREFIX = `edge-test:${randomUUID()}:`;
const JSON_TYPE = 'application/json; charset=utf-8';

/** Handler runs across both instances (one process, so one counter). */
let runs = 0;
let rejects = 0;
let openGate!: () => void;
const gate = new Promise<void>((resolve) => (openGate = resolve));

@Controller()
class TransfersController {
  @Idempotent({ required: true })
  @Post('transfers')
  async create(@Body() body: { amount: number }) {
    const n = ++runs;
    await gate;
    return { id: `tr_${n}`, amount: body.amount };
  }

  @Idempotent()
  @Post('refused')
  refuse() {
    throw apiError('unprocessable', { message: `Refused on attempt ${++rejects}.` });
  }
}



describe('idempotency across two instances sharing one Redis', () => {
  const clients: Redis[] = [];
  const apps: EdgeApp[] = [];
  const post = (instance: number, path: string, key: string, body = '{"amount":125}') =>
    request((apps[instance] as EdgeApp).server)
      .post(path)
      .set('Idempotency-Key', key)
      .set('content-type', 'application/json')
      .send(body);

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      // One client per instance, as two processes would have.
      const client = await connectRedis();
      clients.push(client);
      apps.push(
        await createEdgeApp({
          options: { envelope: 'object', store: new RedisEdgeStore(client, { prefix: PREFIX }), idempotency: {} },
          controllers: [TransfersController],
          listen: true,
        }),
      );
    }
  });

  afterAll(async () => {
    openGate();
    for (const app of apps) await app.close();
    if (clients[0]) await deleteKeys(clients[0], `${PREFIX}*`);
    for (const client of clients) await client.quit();
  });

  it('runs the handler once in total for 20 concurrent duplicates spread over both, and replays it byte for byte from either', async () => {
    const settled: Response[] = [];
    let nineteen!: () => void;
    const othersAnswered = new Promise<void>((resolve) => (nineteen = resolve));
    const all = Array.from({ length: 20 }, (_, i) =>
      post(i % 2, '/transfers', 'transfer-7f3a').then((res) => {
        settled.push(res);
        if (settled.length === 19) nineteen();
        return res;
      }),
    );
    // The lock holder waits on the gate: every other request, on either instance, was refused.
    await othersAnswered;
    for (const res of settled) {
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toBe(JSON_TYPE);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.body).toEqual({
        object: 'error',
        code: 'idempotency_in_progress',
        message: 'A request with the same Idempotency-Key is in progress. Retry shortly.',
        request_id: res.headers['x-request-id'],
        docs_url: null,
      });
    }
    openGate();
    const responses = await Promise.all(all);
    const created = responses.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    expect(runs).toBe(1);
    const original = created[0] as Response;
    expect(original.body).toEqual({ id: 'tr_1', amount: 125 });

    for (const instance of [0, 1]) {
      const replay = await post(instance, '/transfers', 'transfer-7f3a');
      expect(replay.status).toBe(201);
      expect(replay.text).toBe(original.text);
      expect(replay.headers['content-type']).toBe(original.headers['content-type']);
      expect(replay.headers['content-length']).toBe(original.headers['content-length']);
      expect(replay.headers['idempotent-replayed']).toBe('true');
    }
    expect(runs).toBe(1);

    // Reuse with another body is seen by both instances.
    for (const instance of [0, 1]) {
      const reused = await post(instance, '/transfers', 'transfer-7f3a', '{"amount":999}');
      expect(reused.status).toBe(409);
      expect(reused.body).toEqual({
        object: 'error',
        code: 'idempotency_key_reused',
        message: 'The Idempotency-Key was already used with a different request.',
        request_id: reused.headers['x-request-id'],
        docs_url: null,
      });
    }

    // One record in Redis under the run's prefix, with the retention as its expiry.
    const keys = await (clients[0] as Redis).keys(`${PREFIX}idem:*`);
    expect(keys).toHaveLength(1);
    const ttl = await (clients[0] as Redis).pttl(keys[0] as string);
    expect(ttl).toBeGreaterThan(86_400_000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(86_400_000);
  });

  it('replays on one instance the 4xx the handler returned on the other', async () => {
    const first = await post(0, '/refused', 'refused-1');
    expect(first.status).toBe(422);
    expect(first.body).toEqual({
      object: 'error',
      code: 'unprocessable',
      message: 'Refused on attempt 1.',
      request_id: first.headers['x-request-id'],
      docs_url: null,
    });
    const replay = await post(1, '/refused', 'refused-1');
    expect(replay.status).toBe(422);
    expect(replay.text).toBe(first.text);
    expect(replay.headers['content-type']).toBe(JSON_TYPE);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(rejects).toBe(1);
  });
});
