import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import request from 'supertest';
import { ENVELOPE_SCHEMAS, MaintenanceSwitch, type Catalogue, type CatalogueEntry, type EnvelopePreset } from '../../../lib/index.js';
import type { SampleFixtures } from '../../../sample-app/data/fixtures.js';
import { readFixtures, sha256Hex } from '../../../sample-app/data/sample-data.js';
import { profileCatalogue } from '../../../sample-app/errors/sample-catalogue.js';
import type { SampleProfile } from '../../../sample-app/profiles/sample-profile.js';
import { ManualClock, startSampleApp, type SampleApp } from './start-sample-app.js';

/** A response as supertest gives it. */
export type Res = request.Response;

/** What a row's request gets: the running app and helpers to call it as the seed's client would. */
export interface Api {
  readonly app: SampleApp;
  readonly clock: ManualClock;
  readonly maintenance: MaintenanceSwitch;
  /** The client IP of this row (sent as X-Forwarded-For through the trusted loopback proxy). */
  readonly ip: string;
  /** The plaintext of fixture key `key_<profile>_<role>`. */
  key(role: string): string;
  /** The headers that present `key` the way this profile reads keys. */
  auth(key: string): Record<string, string>;
  /** A request with this row's IP already set. */
  req(method: 'get' | 'post' | 'put' | 'delete', path: string): request.Test;
  /** GET with the key of `role` (or no key when role is null). */
  get(path: string, role: string | null, headers?: Record<string, string>): request.Test;
  /** POST JSON with the key of `role`. */
  post(path: string, body: unknown, role: string | null, headers?: Record<string, string>): request.Test;
  /** PUT JSON with the key of `role`. */
  put(path: string, body: unknown, role: string | null, headers?: Record<string, string>): request.Test;
}

/** One row of a seed's error table, and how the sample app is made to answer it. */
export interface ConformanceRow {
  /** The seed table (heading) the row is in. */
  readonly section: string;
  /** The documented wire code. */
  readonly code: string;
  /** The documented HTTP status. */
  readonly status: number;
  /** The catalogue meaning the app raises for it (gives the expected message and type). */
  readonly key?: string;
  /** The documented request, in words (printed in the test name). */
  readonly how?: string;
  /** Sends the request(s); resolves to the response under test. */
  readonly send?: (api: Api) => Promise<Res> | request.Test;
  /** Expected occurrence message, when it is not the entry's default. */
  readonly message?: string;
  /** Expected `param` (typed envelope); default null. */
  readonly param?: string | null;
  /** Expected details; default none. */
  readonly details?: readonly unknown[];
  /** Expected extra top-level data; default none. */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** The seed's "retryable" column, when it has one (checked against the catalogue entry). */
  readonly retryable?: boolean;
  /** More headers the seed promises for this row. */
  readonly headers?: Readonly<Record<string, string | RegExp>>;
  /** Why the sample app cannot produce this row (the row is then only listed, not sent). */
  readonly skipReason?: string;
}

/** How a profile's conformance suite runs. */
export interface ConformanceSuite {
  readonly profile: SampleProfile;
  /** Seed file in ../shared/seeds. */
  readonly seedFile: string;
  /** How a key is presented. */
  readonly auth: (key: string) => Record<string, string>;
  /** Every row of the seed's tables, in the seed's order. */
  readonly rows: readonly ConformanceRow[];
  /** Clock step before each row, ms (so per-second windows never carry over). Default 2000. */
  readonly stepMs?: number;
}

const ajv = new Ajv({ allErrors: true, strict: true });
const validators = new Map<string, ReturnType<typeof ajv.compile>>();

/** The JSON Schema validator of an envelope preset: the schema the library ships (`ENVELOPE_SCHEMAS`). */
export function schemaOf(preset: string): ReturnType<typeof ajv.compile> {
  let validate = validators.get(preset);
  if (validate === undefined) {
    const schema = ENVELOPE_SCHEMAS[preset as EnvelopePreset];
    if (schema === undefined) throw new Error(`no envelope schema for preset ${preset}`);
    validate = ajv.compile(schema);
    validators.set(preset, validate);
  }
  return validate;
}

/** The body a preset must produce, written out by hand (independent of the library's presets). */
export function expectedBody(
  preset: string,
  e: { entry: CatalogueEntry; message: string; details: readonly unknown[]; extra: Readonly<Record<string, unknown>>; param: string | null; requestId: string; docsUrl: string | null },
): unknown {
  const details = e.details.length > 0 ? { details: e.details } : {};
  switch (preset) {
    case 'nested':
      return { error: { ...e.extra, code: e.entry.code, message: e.message, details: e.details } };
    case 'flat':
      return { ...e.extra, error: e.entry.code, message: e.message, ...details };
    case 'status-flag':
      return { ...e.extra, status: false, error_code: e.entry.code, description: e.message, ...details };
    case 'object':
      return { ...e.extra, object: 'error', code: e.entry.code, message: e.message, request_id: e.requestId, docs_url: e.docsUrl, ...details };
    case 'typed':
      return { ...e.extra, type: e.entry.type, code: e.entry.code, message: e.message, param: e.param, request_id: e.requestId, ...details };
    default:
      throw new Error(`no expected body for preset ${preset}`);
  }
}

let fixturesCache: SampleFixtures | undefined;
/** The default fixtures (the ones the sample app loads). */
export function fixtures(): SampleFixtures {
  return (fixturesCache ??= readFixtures());
}

/**
 * Runs one profile's conformance suite: the real sample app with that profile, one test per seed
 * row, a test that every wire code the profile can send is in the seed (or explained), and a
 * summary of the rows covered.
 */
export function conformanceSuite(suite: ConformanceSuite): void {
  const { profile } = suite;
  const preset = profile.envelope as string;
  const catalogue: Catalogue<string> = profileCatalogue(profile.catalogue);

  describe(`conformance: profile ${profile.name} (seed ${suite.seedFile})`, () => {
    let app: SampleApp;
    const clock = new ManualClock();
    const maintenance = new MaintenanceSwitch();
    let row = 0;

    beforeAll(async () => {
      // clockControl: rows may also move time from outside (POST /v1/sandbox/clock), as a black-box client would.
      app = await startSampleApp({ profile, clock: clock.read, clockControl: clock, maintenanceSwitch: maintenance, trustedProxies: ['loopback'] });
    });
    afterAll(() => app.close());

    function apiFor(index: number): Api {
      const ip = `198.51.${100 + Math.floor(index / 250)}.${(index % 250) + 1}`;
      const key = (role: string): string => {
        const found = fixtures().keys.find((k) => k.id === `key_${profile.name}_${role}`);
        if (found?.key === undefined) throw new Error(`no fixture key key_${profile.name}_${role}`);
        return found.key;
      };
      const req = (method: 'get' | 'post' | 'put' | 'delete', path: string): request.Test =>
        request(app.server)[method](path).set('X-Forwarded-For', ip);
      const withKey = (test: request.Test, role: string | null, headers: Record<string, string> = {}): request.Test =>
        test.set({ ...(role === null ? {} : suite.auth(key(role))), ...headers });
      return {
        app,
        clock,
        maintenance,
        ip,
        key,
        auth: suite.auth,
        req,
        get: (path, role, headers) => withKey(req('get', path), role, headers),
        post: (path, body, role, headers) => withKey(req('post', path), role, headers).send(body as object),
        put: (path, body, role, headers) => withKey(req('put', path), role, headers).send(body as object),
      };
    }

    const producible = suite.rows.filter((r) => r.skipReason === undefined);

    for (const r of producible) {
      it(`${r.status} ${r.code} — ${r.how ?? r.section}`, async () => {
        clock.advance(suite.stepMs ?? 2000);
        const res = await (r.send as NonNullable<ConformanceRow['send']>)(apiFor(row++));
        const entry = catalogue.get(r.key ?? '');
        const requestId = res.headers['x-request-id'] as string;
        expect({ status: res.status, code: entry.code }).toEqual({ status: r.status, code: r.code });
        expect(entry.status).toBe(r.status);
        if (r.retryable !== undefined) expect({ code: r.code, retryable: entry.retryable }).toEqual({ code: r.code, retryable: r.retryable });
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(requestId).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);
        const validate = schemaOf(preset);
        expect({ valid: validate(res.body), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
        expect(res.body).toEqual(
          expectedBody(preset, {
            entry,
            message: r.message ?? entry.message,
            details: r.details ?? [],
            extra: r.extra ?? {},
            param: r.param ?? null,
            requestId,
            docsUrl: profile.docsBaseUrl === undefined ? null : `${profile.docsBaseUrl}#${entry.docs}`,
          }),
        );
        if (r.status === 429) expect(res.headers['retry-after']).toMatch(/^[1-9]\d*$/);
        for (const [name, value] of Object.entries(r.headers ?? {})) {
          if (typeof value === 'string') expect(res.headers[name.toLowerCase()]).toBe(value);
          else expect(res.headers[name.toLowerCase()]).toMatch(value);
        }
      });
    }

    it('sends no wire code the seed does not list, except the explained ones', () => {
      const seedCodes = new Set(suite.rows.map((r) => r.code));
      const extra = profile.extraCodes ?? {};
      const unexplained = [...new Set(catalogue.entries().map((e) => e.code))].filter((c) => !seedCodes.has(c) && !(c in extra));
      expect(unexplained).toEqual([]);
      for (const [code, reason] of Object.entries(extra)) {
        expect({ code, listedInSeed: seedCodes.has(code), reason: reason.length > 10 }).toEqual({ code, listedInSeed: false, reason: true });
      }
    });

    it('maps every seed row to the documented status in the catalogue', () => {
      for (const r of suite.rows) {
        const entries = catalogue.entries().filter((e) => e.code === r.code);
        expect({ code: r.code, statuses: [...new Set(entries.map((e) => e.status))] }).toEqual({ code: r.code, statuses: r.skipReason ? expect.any(Array) : [r.status] });
      }
    });

    it('never writes a key, its hash, a signing secret or a password to the logs', () => {
      const text = app.logs.text();
      const secrets = fixtures().keys.flatMap((k) => [k.key ?? '', k.key ? sha256Hex(k.key) : '', ...(k.signing_secrets ?? [])]).filter((s) => s.length > 0);
      const leaked = secrets.filter((secret) => text.includes(secret));
      expect(leaked).toEqual([]);
      expect(text).not.toMatch(/password-1/);
    });

    it('summary: rows covered, and every row left out has its reason', () => {
      const left = suite.rows.filter((r) => r.skipReason !== undefined);
      for (const r of left) expect((r.skipReason as string).length).toBeGreaterThan(10);
      for (const r of producible) expect(typeof r.send).toBe('function');
      const lines = [
        `seed ${suite.seedFile} (profile ${profile.name}): ${producible.length}/${suite.rows.length} rows covered`,
        ...left.map((r) => `  not producible: ${r.status} ${r.code} — ${r.skipReason}`),
      ];
      console.log(lines.join('\n'));
      expect(producible.length + left.length).toBe(suite.rows.length);
    });
  });
}
