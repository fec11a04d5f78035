import { Module, type DynamicModule } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { ApiEdgeModule, createValidationPipe, defineCatalogue, type Clock, type EdgeStore, type EnvelopePreset } from '../lib/index.js';
import { profileCatalogueDefinition } from './errors/sample-catalogue.js';
import { HealthController } from './health/health.controller.js';
import { MessagesModule } from './messages/messages.module.js';
import { defaultProfile } from './profiles/default.profile.js';
import type { SampleProfile } from './profiles/sample-profile.js';

/** How the sample app is started (main.ts reads them from the environment; tests pass them). */
export interface SampleAppOptions {
  /** The contract to present (default: the library's defaults). */
  readonly profile?: SampleProfile;
  /** Replaces the profile's envelope (`ENVELOPE=`). */
  readonly envelope?: EnvelopePreset;
  /** The clock of every time-based check and of the domain (tests inject one). */
  readonly clock?: Clock;
  /** Where the edge keeps counters, nonces and idempotency records (default: in memory). */
  readonly store?: EdgeStore;
}

/**
 * The sample messaging API: the edge module configured by a profile, and the domain modules.
 *
 * @example
 * ```ts
 * const app = await NestFactory.create(AppModule.forRoot({ profile: msgflashProfile }), { rawBody: true });
 * ```
 */
@Module({})
export class AppModule {
  /** The app for one profile. */
  static forRoot(options: SampleAppOptions = {}): DynamicModule {
    const profile = options.profile ?? defaultProfile;
    return {
      module: AppModule,
      imports: [
        ApiEdgeModule.forRoot({
          envelope: options.envelope ?? profile.envelope,
          catalogue: defineCatalogue(profileCatalogueDefinition(profile.catalogue)),
          ...(profile.docsBaseUrl === undefined ? {} : { docsBaseUrl: profile.docsBaseUrl }),
          ...(profile.requestId === undefined ? {} : { requestId: profile.requestId }),
          ...(options.clock === undefined ? {} : { clock: options.clock }),
          ...(options.store === undefined ? {} : { store: options.store }),
        }),
        MessagesModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_PIPE, useFactory: () => createValidationPipe() }],
    };
  }
}
