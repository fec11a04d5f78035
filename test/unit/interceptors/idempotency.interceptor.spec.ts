import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { RouteTable } from '../../../lib/routes/route-table.js';
import { resolveApiEdgeOptions, type ApiEdgeModuleOptions } from '../../../lib/api-edge.options.js';
import { ClientIpResolver } from '../../../lib/context/client-ip.resolver.js';
import { OptionsConfigurationError } from '../../../lib/errors/configuration.error.js';
import { IdempotencyInterceptor } from '../../../lib/interceptors/idempotency.interceptor.js';
import type { IdempotencyOptions } from '../../../lib/interceptors/idempotency.options.js';
import { MemoryEdgeStore } from '../../../lib/stores/memory-edge.store.js';
import { ExpressEdgeHttp } from '../../../lib/http/express-edge-http.js';

function build(idempotency: IdempotencyOptions, extra: ApiEdgeModuleOptions = {}): IdempotencyInterceptor {
  const options = resolveApiEdgeOptions({ ...extra, idempotency });
  return new IdempotencyInterceptor(options, new MemoryEdgeStore(), new ClientIpResolver(options), new Reflector(), {
    globalInterceptors: true,
  }, new ExpressEdgeHttp(), new RouteTable({} as DiscoveryService, new MetadataScanner()));
}

describe('IdempotencyInterceptor options', () => {
  it('accepts the defaults and a full valid section', () => {
    expect(() => build({})).not.toThrow();
    expect(() =>
      build({
        header: 'X-Idempotency-Key',
        minKeyLength: 8,
        maxKeyLength: 64,
        keyPattern: /^[a-f0-9-]+$/i,
        allPosts: true,
        retentionMs: 3_600_000,
        lockTtlMs: 30_000,
        replayHeaders: ['Content-Type', 'Location', 'ETag'],
        storagePolicy: 'success-only',
        scope: (request) => String((request as { tenant?: string }).tenant),
        unauthenticated: 'pass-through',
      }),
    ).not.toThrow();
  });

  it.each<[string, IdempotencyOptions, ApiEdgeModuleOptions?]>([
    ['Cannot use idempotency.header "Idempotency Key" because it is not a valid header name.', { header: 'Idempotency Key' }],
    ['Cannot use idempotency key lengths 0..255', { minKeyLength: 0 }],
    ['Cannot use idempotency key lengths 10..5', { minKeyLength: 10, maxKeyLength: 5 }],
    ['Cannot use idempotency key lengths 1..2000', { maxKeyLength: 2000 }],
    ['Cannot use idempotency.keyPattern /x/g because its g or y flag makes test() stateful.', { keyPattern: /x/g }],
    ['Cannot use idempotency.retentionMs 500', { retentionMs: 500 }],
    ['Cannot use idempotency.lockTtlMs 7200000 because it must be a whole number of milliseconds from 100 to retentionMs (3600000).', { retentionMs: 3_600_000, lockTtlMs: 7_200_000 }],
    ['Cannot replay header "Set-Cookie" because', { replayHeaders: ['Set-Cookie'] }],
    ['Cannot replay header "content-length" because', { replayHeaders: ['content-length'] }],
    ['Cannot replay header "X-Trace-Id" because', { replayHeaders: ['X-Trace-Id'] }, { requestId: { header: 'X-Trace-Id' } }],
    ['Cannot replay header "bad header" because it is not a valid header name.', { replayHeaders: ['bad header'] }],
    ['Cannot use idempotency.storagePolicy "all"', { storagePolicy: 'all' as never }],
    ['Cannot use idempotency.scope "tenant"', { scope: 'tenant' as never }],
    ['Cannot use idempotency.unauthenticated "refuse"', { unauthenticated: 'refuse' as never }],
    ['Cannot use idempotency.allPosts "yes"', { allPosts: 'yes' as never }],
  ])('refuses a wrong option: %s', (...[message, idempotency, extra]) => {
    let thrown: unknown;
    try {
      build(idempotency, extra);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(OptionsConfigurationError);
    expect((thrown as Error).message.startsWith(message)).toBe(true);
    expect((thrown as Error).message).toMatch(/ Fix: /);
  });
});
