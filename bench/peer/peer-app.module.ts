import { Module, RequestMethod, type MiddlewareConsumer, type NestModule, type Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule, type ThrottlerStorage } from '@nestjs/throttler';
import type { Request } from 'express';
import type { Redis } from 'ioredis';
import { HTTP_EXCEPTION_FILTER_KEY, NestProblemDetailsModule } from 'nest-problem-details-filter';
import { ALL_BENCH_KEYS, STANDARD_LIMIT, TIGHT_HOURLY_LIMIT } from '../bench-credentials.js';
import { PeerApiKeyGuard, PeerApiKeyStrategy } from './peer-api-key.strategy.js';
import { PeerController } from './peer.controller.js';
import { PeerGlobalIpGuard } from './peer-global-ip.guard.js';
import { PeerHmacGuard } from './peer-hmac.guard.js';
import { PeerKeyIpGuard } from './peer-key-ip.guard.js';
import { PeerKeyStore, type PeerPrincipal } from './peer-key.store.js';
import { MemoryNonceStore, PeerNonceStore } from './peer-nonce.store.js';
import { PeerThrottlerGuard } from './peer-throttler.guard.js';
import { RedisNonceStore } from './redis-nonce.store.js';
import { RedisThrottlerStorage } from './redis-throttler.storage.js';
import { peerRequestId } from './request-id.middleware.js';

/** Where the peer keeps rate counters and nonces: in the process, or on Redis (many instances). */
export interface PeerStoreChoice {
  readonly redis?: { readonly client: Redis; readonly prefix: string };
}

/**
 * The stack a Nest team glues today for the module's full pipeline, one library per check:
 * request id middleware → global IP allowlist (ipaddr.js) → API key (@nestjs/passport +
 * passport-headerapikey) → per-key allowlist → HMAC with nonce (hand-written) → two rate windows
 * per key (@nestjs/throttler) → handler; errors through nest-problem-details-filter. Global
 * guards run in the order they are provided. The app must set `trust proxy` (see bench-apps.ts).
 */
export function peerAppModule(choice: PeerStoreChoice = {}): Type {
  const storage: ThrottlerStorage | undefined = choice.redis ? new RedisThrottlerStorage(choice.redis.client, choice.redis.prefix) : undefined;
  const nonces: PeerNonceStore = choice.redis ? new RedisNonceStore(choice.redis.client, choice.redis.prefix) : new MemoryNonceStore();

  @Module({
    imports: [
      PassportModule,
      ThrottlerModule.forRoot({
        throttlers: [
          { name: 'second', ttl: 1000, limit: STANDARD_LIMIT },
          {
            name: 'hour',
            ttl: 3_600_000,
            limit: (context) =>
              context.switchToHttp().getRequest<Request & { user?: PeerPrincipal }>().user?.plan === 'tight' ? TIGHT_HOURLY_LIMIT : STANDARD_LIMIT,
          },
        ],
        ...(storage ? { storage } : {}),
      }),
      NestProblemDetailsModule.register(),
    ],
    controllers: [PeerController],
    providers: [
      { provide: PeerKeyStore, useValue: new PeerKeyStore(ALL_BENCH_KEYS) },
      { provide: PeerNonceStore, useValue: nonces },
      PeerApiKeyStrategy,
      { provide: APP_GUARD, useClass: PeerGlobalIpGuard },
      { provide: APP_GUARD, useClass: PeerApiKeyGuard },
      { provide: APP_GUARD, useClass: PeerKeyIpGuard },
      { provide: APP_GUARD, useClass: PeerHmacGuard },
      { provide: APP_GUARD, useClass: PeerThrottlerGuard },
      { provide: APP_FILTER, useExisting: HTTP_EXCEPTION_FILTER_KEY },
    ],
  })
  class PeerAppModule implements NestModule {
    configure(consumer: MiddlewareConsumer): void {
      consumer.apply(peerRequestId).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
    }
  }
  return PeerAppModule;
}
