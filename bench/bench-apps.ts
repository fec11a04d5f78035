import 'reflect-metadata';
import {
  Controller,
  Get,
  Injectable,
  Module,
  Post,
  UnauthorizedException,
  UseGuards,
  type CanActivate,
  type DynamicModule,
  type Type,
} from '@nestjs/common';
import { Redis } from 'ioredis';
import {
  ApiEdgeModule,
  apiError,
  hashApiKey,
  RedisEdgeStore,
  ResilientEdgeStore,
  type ApiEdgeModuleOptions,
  type ApiKeyStore,
} from '../lib/index.js';
import { BENCH_API_KEY, BENCH_SIGNING_SECRET } from './bench-credentials.js';

/** Always refuses with Nest's own exception: the bare app's error path. */
@Injectable()
class BareDenyGuard implements CanActivate {
  canActivate(): boolean {
    throw new UnauthorizedException();
  }
}

/** Always refuses with a catalogued error: the edge app's error path without authentication. */
@Injectable()
class EdgeDenyGuard implements CanActivate {
  canActivate(): boolean {
    throw apiError('missing_credentials');
  }
}

function controllerWith(deny: Type<CanActivate>): Type {
  @Controller('v1')
  class BenchController {
    @Get('ping')
    ping() {
      return { ok: true };
    }

    @Post('messages')
    send() {
      return { id: 'msg_1', status: 'queued' };
    }

    @Get('denied')
    @UseGuards(deny)
    denied() {
      return { ok: true };
    }
  }
  return BenchController;
}

/** A benchmark variant: the root module of the app the server process starts. */
export interface BenchVariant {
  readonly description: string;
  readonly module: () => Type | DynamicModule;
}

function app(imports: Array<Type | DynamicModule>, deny: Type<CanActivate>): Type {
  @Module({ imports, controllers: [controllerWith(deny)], providers: [deny] })
  class BenchModule {}
  return BenchModule;
}

// One active key that must sign, used from loopback only.
const keyStore: ApiKeyStore = {
  findByHash: (hash) =>
    hash === hashApiKey(BENCH_API_KEY)
      ? {
          id: 'key_bench',
          hash,
          accountId: 'acc_bench',
          scopes: ['*'],
          allowedIps: ['127.0.0.1/32', '::1/128'],
          signingSecrets: [BENCH_SIGNING_SECRET],
          requireSignature: true,
        }
      : null,
};

// Limits far above what the run can reach: the benchmark measures the cost of counting.
const rateLimit: ApiEdgeModuleOptions['rateLimit'] = {
  windows: [
    { name: 'second', ttl: 1000, limit: 1_000_000_000 },
    { name: 'hour', ttl: 3_600_000, limit: 1_000_000_000 },
  ],
};

function redisStore(): ResilientEdgeStore {
  const client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  return new ResilientEdgeStore(new RedisEdgeStore(client, { prefix: `bench:${process.pid}:` }), {
    timeoutMs: 200,
    onFailure: 'closed',
  });
}

/** Every variant the harness can start, by name. */
export const BENCH_VARIANTS: Record<string, BenchVariant> = {
  bare: {
    description: 'bare Nest 12 + Express, no module',
    module: () => app([], BareDenyGuard),
  },
  edge: {
    description: 'ApiEdgeModule.forRoot({ envelope: "nested" }) with defaults',
    module: () => app([ApiEdgeModule.forRoot({ envelope: 'nested' })], EdgeDenyGuard),
  },
  'edge-no-guard': {
    description: 'defaults without the global guard (request id middleware + filter)',
    module: () => app([ApiEdgeModule.forRoot({ envelope: 'nested', globalGuard: false })], EdgeDenyGuard),
  },
  'edge-auth': {
    description: 'API key (x-api-key) + HMAC signature with nonce over the body + global and per-key IP allowlist',
    module: () =>
      app(
        [
          ApiEdgeModule.forRoot({
            envelope: 'nested',
            apiKeys: { store: keyStore },
            ipAllowlist: { allow: ['127.0.0.0/8', '::1/128'] },
            signature: { requireNonce: true },
          }),
        ],
        EdgeDenyGuard,
      ),
  },
  'edge-ratelimit-memory': {
    description: 'rate limits (two windows, per client IP) on the in-memory store',
    module: () => app([ApiEdgeModule.forRoot({ envelope: 'nested', rateLimit })], EdgeDenyGuard),
  },
  'edge-ratelimit-redis': {
    description: 'rate limits (two windows, per client IP) on Redis (RedisEdgeStore behind ResilientEdgeStore)',
    module: () => app([ApiEdgeModule.forRoot({ envelope: 'nested', rateLimit, store: redisStore() })], EdgeDenyGuard),
  },
};
