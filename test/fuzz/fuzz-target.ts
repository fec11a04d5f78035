import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClientErrorResponder } from '../../lib/filters/client-error.responder.js';
import type { SampleProfile } from '../../sample-app/profiles/sample-profile.js';
import { startSampleApp, type SampleApp } from '../conformance/support/start-sample-app.js';

/** A sample app listening on a real port, with short server timeouts so no request waits long. */
export interface FuzzTarget {
  readonly sample: SampleApp;
  readonly port: number;
  close(): Promise<void>;
}

/** Server timeouts of the fuzz target (ms): a slow request is answered 408 after about this long. */
export const FUZZ_SERVER_TIMEOUTS = { headersTimeout: 800, requestTimeout: 1200, keepAliveTimeout: 300, connectionsCheckingInterval: 100 };

/**
 * Starts the sample app for `profile` as main.ts does (raw body on, the sample AppModule), trusting
 * loopback as a proxy so spoofed `X-Forwarded-For` values are parsed, with the body limit told to
 * the `ClientErrorResponder` (Nest's default 100 KiB, which the sample app keeps).
 */
export async function startFuzzTarget(profile: SampleProfile): Promise<FuzzTarget> {
  const sample = await startSampleApp({ profile, trustedProxies: ['loopback'] });
  const server = sample.server as Server & { connectionsCheckingInterval: number };
  Object.assign(server, FUZZ_SERVER_TIMEOUTS);
  sample.app.get(ClientErrorResponder).setBodyLimit('100kb');
  await sample.app.listen(0, '127.0.0.1');
  const port = (server.address() as AddressInfo).port;
  return { sample, port, close: () => sample.close() };
}
