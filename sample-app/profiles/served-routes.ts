import type { SamplePorts } from '../common/sample-ports.js';
import type { SampleProfile } from './sample-profile.js';

/**
 * Which optional route groups a profile's configuration serves. A route whose check has nothing to
 * check against (a JWT-only route without `jwt`, `@Quota('sandbox')` without that quota, billing
 * without a plan provider, an account route with no way to authenticate) would answer 500 on
 * every request, so it is not mounted at all: the app presents only what its contract offers.
 */
export interface ServedRoutes {
  /** `/v1/me`, `/v1/usage`, `/v1/wallet/payg-limit`, `/v1/otp*`: need API keys or JWTs. */
  readonly account: boolean;
  /** `/v1/billing/*`: also need a plan provider (`plans.provider`). */
  readonly billing: boolean;
  /** `/v1/auth/login`, `/v1/invitations/:token/accept`: console JWTs (`jwt`). */
  readonly console: boolean;
  /** `/api/billing/*`: console JWTs and a plan provider. */
  readonly consoleBilling: boolean;
  /** `/v1/sandbox/messages`: the `sandbox` quota (`plans.quotas.sandbox`). */
  readonly sandbox: boolean;
}

/**
 * Stand-ins for the app's ports: `checks(ports)` only places them into option sections, so
 * calling it with these shows which sections a profile configures before any port exists.
 */
const SHAPE_ONLY_PORTS: SamplePorts = new Proxy(() => undefined, { get: (_target, _property, proxy) => proxy }) as unknown as SamplePorts;

/** The route groups `profile` serves, read from the shape of its checks. */
export function servedRoutes(profile: SampleProfile): ServedRoutes {
  const checks = profile.checks?.(SHAPE_ONLY_PORTS) ?? {};
  const console = checks.jwt !== undefined;
  const account = console || checks.apiKeys !== undefined;
  const billing = account && checks.plans?.provider !== undefined;
  return {
    account,
    billing,
    console,
    consoleBilling: console && billing,
    sandbox: checks.plans?.quotas?.sandbox !== undefined,
  };
}
