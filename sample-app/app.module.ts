import { Module, type DynamicModule } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import {
  ApiEdgeModule,
  systemClock,
  type ApiEdgeModuleOptions,
  type Clock,
  type EdgeStore,
  type EnvelopePreset,
  type MaintenanceSwitch,
} from '../lib/index.js';
import { AccountModule } from './account/account.module.js';
import { ClockController, SAMPLE_CLOCK_CONTROL } from './clock/clock.controller.js';
import type { SampleClockControl } from './clock/settable-clock.js';
import { RequestValidationPipe } from './common/request-validation.pipe.js';
import type { SamplePorts } from './common/sample-ports.js';
import { ContactsModule } from './contacts/contacts.module.js';
import { DocsController } from './docs/docs.controller.js';
import { SampleDocs } from './docs/sample-docs.js';
import type { SampleFixtures } from './data/fixtures.js';
import { SampleData, readFixtures } from './data/sample-data.js';
import { SampleDataModule } from './data/sample-data.module.js';
import { profileCatalogue } from './errors/sample-catalogue.js';
import { HealthController } from './health/health.controller.js';
import { InstancesModule } from './instances/instances.module.js';
import { MessagesModule } from './messages/messages.module.js';
import { SampleBilling } from './ports/sample-billing.provider.js';
import { SampleKeyStore } from './ports/sample-key.store.js';
import { SampleTokens } from './ports/sample-tokens.js';
import { SampleWorkspaceResolver } from './ports/sample-workspace.resolver.js';
import { defaultProfile } from './profiles/default.profile.js';
import type { SampleProfile } from './profiles/sample-profile.js';
import { servedRoutes } from './profiles/served-routes.js';
import { TeamsModule } from './teams/teams.module.js';

/** The development secret console JWTs are signed with when `JWT_SECRET` is not set. */
export const DEV_JWT_SECRET = 'sample-app-dev-secret-change-me-0123456789';

/** How the sample app is started (main.ts reads them from the environment; tests pass them). */
export interface SampleAppOptions {
  /** The contract to present (default: the library's defaults). */
  readonly profile?: SampleProfile;
  /** Replaces the profile's envelope (`ENVELOPE=`). */
  readonly envelope?: EnvelopePreset;
  /** The data (default: sample-app/fixtures/default.json; `SAMPLE_FIXTURES=` names another file). */
  readonly fixtures?: SampleFixtures;
  /** The secret console JWTs are signed with (HS256). Default {@link DEV_JWT_SECRET}. */
  readonly jwtSecret?: string;
  /** The clock of every time-based check and of the domain (tests inject one). */
  readonly clock?: Clock;
  /**
   * A clock that `POST /v1/sandbox/clock` moves (`SAMPLE_CLOCK=`): mounts that route, and is the
   * clock when `clock` is not given. Default none (the route does not exist).
   */
  readonly clockControl?: SampleClockControl;
  /** Where the edge keeps counters, nonces and idempotency records (default: in memory). */
  readonly store?: EdgeStore;
  /**
   * The run-time maintenance switch (keep a reference to flip it). Default: a switch of the app's
   * own, on at start when `maintenance` is true.
   */
  readonly maintenanceSwitch?: MaintenanceSwitch;
  /** Start in maintenance (`MAINTENANCE=1`). Default false. */
  readonly maintenance?: boolean;
  /** Trusted proxies, for running behind a load balancer (or for tests to set the client IP). */
  readonly trustedProxies?: readonly string[];
}

/**
 * The sample messaging API: the edge module configured by a profile over the app's ports, and the
 * domain modules. Nothing here depends on which profile runs.
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
    const fixtures = options.fixtures ?? readFixtures();
    const clock = options.clock ?? options.clockControl?.read ?? systemClock;
    const catalogue = profileCatalogue(profile.catalogue);
    const served = servedRoutes(profile);
    const edgeOptions = (ports: SamplePorts): ApiEdgeModuleOptions => ({
      ...(profile.checks?.(ports) ?? {}),
      envelope: options.envelope ?? profile.envelope,
      catalogue,
      ...(profile.validation === undefined ? {} : { validation: profile.validation }),
      ...(profile.docsBaseUrl === undefined ? {} : { docsBaseUrl: profile.docsBaseUrl }),
      ...(profile.requestId === undefined ? {} : { requestId: profile.requestId }),
      clock,
      ...(options.store === undefined ? {} : { store: options.store }),
      maintenance: {
        enabled: options.maintenance ?? false,
        ...(options.maintenanceSwitch === undefined ? {} : { switch: options.maintenanceSwitch }),
      },
      ...(options.trustedProxies === undefined ? {} : { clientIp: { trustedProxies: options.trustedProxies } }),
    });
    return {
      module: AppModule,
      imports: [
        SampleDataModule.forRoot(fixtures, options.jwtSecret ?? DEV_JWT_SECRET, clock),
        ApiEdgeModule.forRootAsync({
          inject: [SampleData, SampleKeyStore, SampleWorkspaceResolver, SampleBilling, JwtService, SampleTokens],
          useFactory: (
            data: SampleData,
            keys: SampleKeyStore,
            workspaces: SampleWorkspaceResolver,
            billing: SampleBilling,
            jwtService: JwtService,
            tokens: SampleTokens,
          ) => edgeOptions({ data, keys, workspaces, billing, jwtService, tokens }),
        }),
        MessagesModule,
        ContactsModule,
        InstancesModule.register(served),
        TeamsModule.register(served),
        AccountModule.register(served),
      ],
      controllers: [HealthController, DocsController, ...(options.clockControl === undefined ? [] : [ClockController])],
      providers: [
        { provide: APP_PIPE, useClass: RequestValidationPipe },
        SampleDocs,
        ...(options.clockControl === undefined ? [] : [{ provide: SAMPLE_CLOCK_CONTROL, useValue: options.clockControl }]),
      ],
    };
  }
}
