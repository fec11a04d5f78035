import type { JwtService } from '@nestjs/jwt';
import type { SampleData } from '../data/sample-data.js';
import type { SampleBilling } from '../ports/sample-billing.provider.js';
import type { SampleKeyStore } from '../ports/sample-key.store.js';
import type { SampleTokens } from '../ports/sample-tokens.js';
import type { SampleWorkspaceResolver } from '../ports/sample-workspace.resolver.js';

/**
 * What the sample app hands to a profile's `checks`: its implementations of the library's ports,
 * all backed by the in-memory fixtures.
 */
export interface SamplePorts {
  readonly data: SampleData;
  /** `apiKeys.store`. */
  readonly keys: SampleKeyStore;
  /** `workspace.resolver`. */
  readonly workspaces: SampleWorkspaceResolver;
  /** `plans.provider`. */
  readonly billing: SampleBilling;
  /** `jwt.jwtService` and `jwt.resolve`. */
  readonly jwtService: JwtService;
  readonly tokens: SampleTokens;
}
