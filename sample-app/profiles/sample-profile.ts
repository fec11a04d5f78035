import type { INestApplication } from '@nestjs/common';
import type { ApiEdgeModuleOptions, EnvelopePreset, Envelope, RequestIdOptions } from '../../lib/index.js';
import type { ProfileCatalogue } from '../errors/sample-catalogue.js';
import type { SamplePorts } from '../common/sample-ports.js';

/**
 * One way the sample API presents itself: which envelope, which codes, which headers and checks.
 * A profile is configuration only; no code anywhere branches on its name.
 */
export interface SampleProfile {
  /** What `PROFILE=` selects, e.g. `msgflash`. */
  readonly name: string;
  /** The seed contract it reproduces (file in ../shared/seeds/), or null for the library defaults. */
  readonly seed: string | null;
  /** The envelope preset (or function) of the contract. `ENVELOPE=` overrides it at start. */
  readonly envelope: EnvelopePreset | Envelope;
  /** Renamed codes, statuses, types, messages and folded meanings. */
  readonly catalogue: ProfileCatalogue;
  /** Base URL of the contract's error docs (`docs_url`), when it has one. */
  readonly docsBaseUrl?: string;
  /**
   * Wire codes this profile can send that the seed does not list, each with the reason. The
   * conformance suite fails on any other code outside the seed, so nothing slips in unnoticed.
   */
  readonly extraCodes?: Readonly<Record<string, string>>;
  /** Which validation violations get a specific code (`validation.rules` of the module). */
  readonly validation?: ApiEdgeModuleOptions['validation'];
  /** Request id header of the contract. */
  readonly requestId?: RequestIdOptions;
  /**
   * The checks of the contract (API key headers and formats, JWT, signatures, workspace header,
   * plans, rate limits, idempotency), given the app's ports (key store, workspace resolver …).
   */
  readonly checks?: (ports: SamplePorts) => Omit<ApiEdgeModuleOptions, 'envelope' | 'catalogue' | 'clock' | 'store' | 'validation' | 'docsBaseUrl' | 'requestId'>;
  /** CORS (Nest's `enableCors` options) for contracts with browser clients; absent = no CORS headers. */
  readonly cors?: SampleCorsOptions;
  /** What `npm start` prints to try the profile out: demo keys and curl lines with their answers. */
  readonly demo?: SampleDemo;
}

/** Nest's CORS options (`app.enableCors(options)`). */
export type SampleCorsOptions = Exclude<Parameters<INestApplication['enableCors']>[0], undefined>;

/** A runnable first look at a profile, printed after start. */
export interface SampleDemo {
  /** Fixture keys to print (`key_<profile>_<role>`), each with what it shows. */
  readonly keys: readonly { readonly role: string; readonly note: string }[];
  /**
   * Shell lines to run against the started app and the answer each prints, given its base URL
   * and the plaintext of a fixture key by role. The first-run test runs them as printed.
   */
  readonly examples: (baseUrl: string, key: (role: string) => string) => readonly SampleExample[];
}

/** One printed example. */
export interface SampleExample {
  /** What it demonstrates. */
  readonly what: string;
  /** A shell command line (curl). */
  readonly command: string;
  /** What it prints, exactly. */
  readonly answer: string;
}
