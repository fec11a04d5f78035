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
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Redis } from 'ioredis';
import {
  ApiEdgeModule,
  apiError,
  hashApiKey,
  MemoryEdgeStore,
  RedisEdgeStore,
  RequireSignature,
  ResilientEdgeStore,
  type ApiEdgeModuleOptions,
  type ApiKeyRecord,
  type ApiKeyStore,
  type EdgeStore,
} from '../lib/index.js';
import {
  ALL_BENCH_KEYS,
  BENCH_API_KEY,
  BENCH_GLOBAL_ALLOWLIST,
  BENCH_SIGNING_SECRET,
  STANDARD_LIMIT,
  TIGHT_HOURLY_LIMIT,
} from './bench-credentials.js';
import { peerAppModule } from './peer/peer-app.module.js';

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

/** What one server process needs from a variant: its root module, per-app setup, clean-up. */
export interface BenchApp {
  readonly module: Type | DynamicModule;
  /** Platform settings the variant needs (the peer's `trust proxy`). */
  readonly configure?: (app: NestExpressApplication) => void;
  /** Closes what the variant opened beside Nest (its Redis client). */
  readonly dispose?: () => Promise<void>;
}

/** Where a variant keeps Redis keys; unique per process or test so runs never share counters. */
export interface BenchAppContext {
  readonly redisPrefix: string;
}

/**
 * Which correctness pass a variant must pass before it is timed: `full` (refuses what the full
 * pipeline refuses), `none` (the bare floor: checks nothing, answers every route). Variants without
 * one are the diagnostic module variants of the earlier scenarios, timed unchecked.
 */
export type CorrectnessProfile = 'full' | 'none';

/** A benchmark variant: how the server process builds its app. */
export interface BenchVariant {
  readonly description: string;
  readonly correctness?: CorrectnessProfile;
  readonly build: (context: BenchAppContext) => BenchApp;
}

// Auto-pipelining (ioredis: commands issued in one event-loop turn share one socket write) for
// every variant alike: the setting a team tuning Redis under load turns on (BENCH_REDIS_PIPELINE=0 to compare).
function redisClient(): Redis {
  return new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    maxRetriesPerRequest: 1,
    enableAutoPipelining: process.env.BENCH_REDIS_PIPELINE !== '0',
  });
}

function redisStore(client: Redis, prefix: string): ResilientEdgeStore {
  return new ResilientEdgeStore(new RedisEdgeStore(client, { prefix }), { timeoutMs: 200, onFailure: 'closed' });
}

async function quit(client: Redis): Promise<void> {
  await client.quit().catch(() => client.disconnect());
}

// The full pipeline's keys as the module's key store returns them: each record with its own
// allowlist array, as rows from a database would be.
const fullKeyRecords = new Map<string, ApiKeyRecord>(
  ALL_BENCH_KEYS.map((key) => {
    const hash = hashApiKey(key.key);
    return [hash, { id: key.id, hash, accountId: 'acc_bench', scopes: ['*'], allowedIps: [...key.allowedIps], signingSecrets: [key.secret], plan: key.plan }];
  }),
);
const fullKeyStore: ApiKeyStore = { findByHash: (hash) => fullKeyRecords.get(hash) ?? null };

/** The module's routes for the full pipeline: the same paths and answers as the bare and peer apps. */
@Controller('v1')
class EdgeFullController {
  @Get('ping')
  ping() {
    return { ok: true };
  }

  @Post('messages')
  @RequireSignature()
  send() {
    return { id: 'msg_1', status: 'queued' };
  }
}

/**
 * The in-memory store of the signed variants, sized as docs/stores.md tells a deployment to size
 * it: records live at once = signed requests per second × the nonce's lifetime (tolerance 300 s
 * + 1 s). The default 100,000 records hold about 4 s of Fastify's ~25,000 signed req/s, after
 * which the store refuses new nonces (503 store_unavailable, as it must: it never forgets one),
 * and the bench would time those refusals. 2,000,000 covers a whole run (a fresh process per
 * round) at ~200 bytes a record.
 */
function benchMemoryStore(): MemoryEdgeStore {
  return new MemoryEdgeStore({ maxRecords: 2_000_000 });
}

/**
 * The module configured for the same checks as the peer stack: problem envelope (the peer uses
 * nest-problem-details-filter), trusted loopback proxy, global and per-key allowlists, API keys,
 * HMAC with required nonce on the signed route, two windows per key (the hour one per plan).
 */
function edgeFullModule(store: EdgeStore = benchMemoryStore()): Type {
  @Module({
    imports: [
      ApiEdgeModule.forRoot({
        envelope: 'problem',
        clientIp: { trustedProxies: ['loopback'] },
        ipAllowlist: { allow: [...BENCH_GLOBAL_ALLOWLIST] },
        apiKeys: { store: fullKeyStore },
        signature: { requireNonce: true },
        rateLimit: {
          windows: [
            { name: 'second', ttl: 1000, limit: STANDARD_LIMIT },
            { name: 'hour', ttl: 3_600_000, limit: ({ principal }) => (principal?.plan === 'tight' ? TIGHT_HOURLY_LIMIT : STANDARD_LIMIT) },
          ],
        },
        store,
      }),
    ],
    controllers: [EdgeFullController],
  })
  class EdgeFullModule {}
  return EdgeFullModule;
}

const trustLoopback = (app: NestExpressApplication): void => {
  app.set('trust proxy', 'loopback');
};

/** Every variant the harness can start, by name. */
export const BENCH_VARIANTS: Record<string, BenchVariant> = {
  bare: {
    description: 'bare Nest 12 + Express, no module',
    correctness: 'none',
    build: () => ({ module: app([], BareDenyGuard) }),
  },
  edge: {
    description: 'ApiEdgeModule.forRoot({ envelope: "nested" }) with defaults',
    build: () => ({ module: app([ApiEdgeModule.forRoot({ envelope: 'nested' })], EdgeDenyGuard) }),
  },
  'edge-no-guard': {
    description: 'defaults without the global guard (request id middleware + filter)',
    build: () => ({ module: app([ApiEdgeModule.forRoot({ envelope: 'nested', globalGuard: false })], EdgeDenyGuard) }),
  },
  'edge-auth': {
    description: 'API key (x-api-key) + HMAC signature with nonce over the body + global and per-key IP allowlist',
    build: () => ({
      module: app(
        [
          ApiEdgeModule.forRoot({
            envelope: 'nested',
            apiKeys: { store: keyStore },
            ipAllowlist: { allow: ['127.0.0.0/8', '::1/128'] },
            signature: { requireNonce: true },
            store: benchMemoryStore(),
          }),
        ],
        EdgeDenyGuard,
      ),
    }),
  },
  'edge-ratelimit-memory': {
    description: 'rate limits (two windows, per client IP) on the in-memory store',
    build: () => ({ module: app([ApiEdgeModule.forRoot({ envelope: 'nested', rateLimit })], EdgeDenyGuard) }),
  },
  'edge-ratelimit-redis': {
    description: 'rate limits (two windows, per client IP) on Redis (RedisEdgeStore behind ResilientEdgeStore)',
    build: ({ redisPrefix }) => {
      const client = redisClient();
      return {
        module: app([ApiEdgeModule.forRoot({ envelope: 'nested', rateLimit, store: redisStore(client, redisPrefix) })], EdgeDenyGuard),
        dispose: () => quit(client),
      };
    },
  },
  'peer-memory': {
    description: 'peer stack: passport-headerapikey, ipaddr.js, hand-written HMAC + nonce Map, @nestjs/throttler (memory), nest-problem-details-filter',
    correctness: 'full',
    build: () => ({ module: peerAppModule(), configure: trustLoopback }),
  },
  'peer-redis': {
    description: 'peer stack on Redis: hand-written ioredis ThrottlerStorage (one Lua script per window) and SET NX PX nonces',
    correctness: 'full',
    build: ({ redisPrefix }) => {
      const client = redisClient();
      return { module: peerAppModule({ redis: { client, prefix: redisPrefix } }), configure: trustLoopback, dispose: () => quit(client) };
    },
  },
  'edge-full-memory': {
    description: 'the module, full pipeline (key, signature, allowlists, two windows per key, request id) on the in-memory store',
    correctness: 'full',
    build: () => ({ module: edgeFullModule() }),
  },
  'edge-full-redis': {
    description: 'the module, full pipeline on Redis (RedisEdgeStore behind ResilientEdgeStore)',
    correctness: 'full',
    build: ({ redisPrefix }) => {
      const client = redisClient();
      return { module: edgeFullModule(redisStore(client, redisPrefix)), dispose: () => quit(client) };
    },
  },
};
