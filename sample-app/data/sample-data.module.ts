import { Global, Module, type DynamicModule } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { SampleBilling } from '../ports/sample-billing.provider.js';
import { SampleKeyStore } from '../ports/sample-key.store.js';
import { SampleTokens } from '../ports/sample-tokens.js';
import { SampleWorkspaceResolver } from '../ports/sample-workspace.resolver.js';
import type { Clock } from '../../lib/index.js';
import type { SampleFixtures } from './fixtures.js';
import { SAMPLE_CLOCK } from './sample-clock.js';
import { SampleData } from './sample-data.js';

/**
 * The in-memory data and the ports built on it, global so the edge module's async factory and
 * every domain module can inject them.
 */
@Global()
@Module({})
export class SampleDataModule {
  /** Loads `fixtures`, signs console JWTs with `jwtSecret` (HS256) and tells time with `clock`. */
  static forRoot(fixtures: SampleFixtures, jwtSecret: string, clock: Clock): DynamicModule {
    const providers = [
      { provide: SampleData, useValue: new SampleData(fixtures) },
      { provide: SAMPLE_CLOCK, useValue: clock },
      SampleKeyStore,
      SampleWorkspaceResolver,
      SampleBilling,
      SampleTokens,
    ];
    const jwt = JwtModule.register({ secret: jwtSecret, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } });
    return { module: SampleDataModule, imports: [jwt], providers, exports: [...providers, jwt] };
  }
}
