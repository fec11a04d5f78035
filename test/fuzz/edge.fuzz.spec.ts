import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import { DEV_JWT_SECRET } from '../../sample-app/app.module.js';
import { PROFILES } from '../../sample-app/profiles/profiles.js';
import { fixtures } from '../conformance/support/conformance.js';
import { CaseGenerator, serialize, type FuzzCase, type FuzzProfile, type FuzzRequest } from './fuzz-cases.js';
import { judge, type Finding } from './fuzz-oracle.js';
import { startFuzzTarget, type FuzzTarget } from './fuzz-target.js';
import { Prng } from './prng.js';
import { sendRaw, type RawExchange } from './raw-http.js';

// Configuration (see docs/hardening.md): FUZZ_SEED, FUZZ_REQUESTS per profile, FUZZ_PROFILES
// (comma-separated subset), FUZZ_KNOWN=1 to send and fail on the KNOWN.md cases too.
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 300);
const INCLUDE_KNOWN = process.env.FUZZ_KNOWN === '1';
const ONLY = process.env.FUZZ_PROFILES?.split(',').map((name) => name.trim());
const CONCURRENCY = 6;
// Above the target's request timeout (1.2 s) plus its checking interval: past it, it is a hang.
const SOCKET_TIMEOUT_MS = 5000;

if (!Number.isSafeInteger(SEED) || !Number.isSafeInteger(REQUESTS) || REQUESTS < 1) {
  throw new Error(`Cannot fuzz because FUZZ_SEED=${process.env.FUZZ_SEED} or FUZZ_REQUESTS=${process.env.FUZZ_REQUESTS} is not a whole number. Fix: e.g. FUZZ_SEED=1 FUZZ_REQUESTS=300.`);
}
jest.setTimeout(60_000 + REQUESTS * 200);

/** How each profile presents keys (as its conformance suite does) and which headers it reads. */
const PRESENTATION: Readonly<Record<string, Omit<FuzzProfile, 'name' | 'envelope' | 'requestIdHeader' | 'keys'>>> = {
  default: { auth: null, signatureHeaders: defaultSignatureHeaders(), workspaceHeader: null, acceptsJwt: false },
  msgflash: { auth: (key) => ({ 'x-api-key': key }), signatureHeaders: defaultSignatureHeaders(), workspaceHeader: 'X-Team-Id', acceptsJwt: true },
  xtoken: { auth: (key) => ({ 'X-Token': key }), signatureHeaders: { signature: 'X-Signature', timestamp: 'X-Timestamp', nonce: 'X-Nonce' }, workspaceHeader: 'X-Workspace-Id', acceptsJwt: true },
  workspaces: { auth: (key) => ({ 'X-API-Key': key }), signatureHeaders: { signature: 'X-Signature', timestamp: 'X-Timestamp', nonce: 'X-Nonce' }, workspaceHeader: 'X-Workspace-ID', acceptsJwt: true },
  integrations: { auth: (key) => ({ Authorization: `Bearer ${key}` }), signatureHeaders: defaultSignatureHeaders(), workspaceHeader: 'X-Organization-Id', acceptsJwt: false },
  lines: { auth: (key) => ({ Authorization: `Bearer ${key}` }), signatureHeaders: defaultSignatureHeaders(), workspaceHeader: null, acceptsJwt: false },
};

function defaultSignatureHeaders() {
  return { signature: 'X-Signature', timestamp: 'X-Signature-Timestamp', nonce: 'X-Signature-Nonce' };
}

/** Everything from the fixtures that must never appear in an answer or a log line. */
function fixtureSecrets(): string[] {
  const data = fixtures();
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  return [
    ...data.keys.flatMap((k) => [k.key ?? '', k.key ? sha256(k.key) : '', k.sha256 ?? '', ...(k.signing_secrets ?? [])]),
    ...data.accounts.flatMap((a) => [a.password?.salt ?? '', a.password?.hash ?? '', a.password ? `${a.email.split('@')[0]}-password-1` : '']),
    DEV_JWT_SECRET,
  ].filter((secret) => secret.length >= 8);
}

/** Per-profile figures of one run. */
interface ProfileReport {
  profile: string;
  requests: number;
  sent: number;
  nonEnvelope: number;
  fiveXX: number;
  leaks: number;
  hangs: number;
  known: Record<string, number>;
  kinds: Record<string, number>;
  ms: Record<string, number>;
}

interface Failure {
  readonly testCase: FuzzCase;
  readonly findings: readonly Finding[];
}

const secrets = fixtureSecrets();
const reports: ProfileReport[] = [];

async function exchange(target: FuzzTarget, testCase: FuzzCase): Promise<RawExchange> {
  const bytes = testCase.request ? serialize(testCase.request) : (testCase.raw as Buffer);
  // A parsed request gets one answer; stop reading then, whether or not the server keeps the
  // connection open (a shrunk request may have lost its Connection: close).
  return sendRaw(target.port, bytes, SOCKET_TIMEOUT_MS, { head: testCase.request?.method === 'HEAD', ...(testCase.request ? { expectResponses: 1 } : {}) });
}

const failing = (findings: readonly Finding[]) => findings.filter((f) => INCLUDE_KNOWN || f.known === undefined);

/**
 * The smallest variant of a failing request that still breaks the same invariant: drops headers,
 * the query, and halves the body, one step at a time, re-sending each candidate.
 */
async function shrink(target: FuzzTarget, profile: FuzzProfile, failure: Failure): Promise<FuzzCase> {
  const check = failing(failure.findings)[0]?.check;
  let best = failure.testCase;
  if (best.request === null || check === undefined) return best;
  const stillFails = async (candidate: FuzzRequest) => {
    const testCase = { ...best, request: candidate };
    return failing(judge(testCase, await exchange(target, testCase), profile, secrets, () => target.sample.logs.text())).some((f) => f.check === check);
  };
  for (let budget = 60, progress = true; progress && budget > 0; ) {
    progress = false;
    const request: FuzzRequest = best.request as FuzzRequest;
    const candidates: FuzzRequest[] = [];
    for (let i = 0; i < request.headers.length; i++) {
      if (request.headers[i]?.[0] !== 'Host') candidates.push({ ...request, headers: request.headers.filter((_, j) => j !== i) });
    }
    if (request.target.includes('?')) candidates.push({ ...request, target: request.target.slice(0, request.target.indexOf('?')) });
    if (request.body.length > 1) {
      candidates.push({ ...request, body: request.body.subarray(0, Math.ceil(request.body.length / 2)) });
      candidates.push({ ...request, body: Buffer.alloc(0) });
    }
    for (const candidate of candidates) {
      if (budget-- <= 0) break;
      if (await stillFails(candidate)) {
        best = { ...best, request: candidate };
        progress = true;
        break;
      }
    }
  }
  return best;
}

function describeFailure(profile: string, testCase: FuzzCase, findings: readonly Finding[]): string {
  const bytes = testCase.request ? serialize(testCase.request) : (testCase.raw as Buffer);
  const shown = bytes.length > 1500 ? `${bytes.subarray(0, 1500).toString('latin1')}… (${bytes.length} bytes)` : bytes.toString('latin1');
  return [
    `profile ${profile}, case #${testCase.index} (${testCase.kind}); replay: FUZZ_SEED=${SEED} FUZZ_REQUESTS=${testCase.index + 1} FUZZ_PROFILES=${profile} npx jest test/fuzz`,
    ...findings.map((f) => `  ${f.check}${f.known ? ` [known ${f.known}]` : ''}: ${f.detail}`),
    `  minimal request: ${JSON.stringify(shown)}`,
  ].join('\n');
}

const profileNames = Object.keys(PROFILES).filter((name) => ONLY === undefined || ONLY.includes(name));

describe(`fuzz: seed ${SEED}, ${REQUESTS} requests per profile${INCLUDE_KNOWN ? ', known holes included' : ''}`, () => {
  afterAll(() => {
    const lines = reports.map(
      (r) =>
        `${r.profile.padEnd(12)} requests ${r.requests}, sent ${r.sent}, non-envelope ${r.nonEnvelope}, 5xx ${r.fiveXX}, leaks ${r.leaks}, hangs ${r.hangs}, known (KNOWN.md) ${JSON.stringify(r.known)}; slowest ${JSON.stringify(Object.entries(r.ms).sort((a, b) => b[1] - a[1]).slice(0, 4))}`,
    );
    console.log([`fuzz seed ${SEED}:`, ...lines].join('\n'));
  });

  for (const name of profileNames) {
    describe(`profile ${name}`, () => {
      const sampleProfile = PROFILES[name] as (typeof PROFILES)[string];
      const keys = Object.fromEntries(
        fixtures()
          .keys.filter((k) => k.id.startsWith(`key_${name}_`) && k.key !== undefined)
          .map((k) => [k.id.slice(`key_${name}_`.length), k.key as string]),
      );
      const profile: FuzzProfile = {
        name,
        envelope: sampleProfile.envelope as string,
        requestIdHeader: sampleProfile.requestId?.header ?? 'X-Request-Id',
        keys: (PRESENTATION[name]?.auth ? keys : {}) as Record<string, string>,
        ...(PRESENTATION[name] as (typeof PRESENTATION)[string]),
      };
      let target: FuzzTarget;
      beforeAll(async () => {
        target = await startFuzzTarget(sampleProfile);
      });
      afterAll(() => target.close());

      it('no input gets a 5xx, a non-envelope error, a leaked secret or a hang', async () => {
        const generator = new CaseGenerator(profile, new Prng(SEED ^ hashName(name)));
        const report: ProfileReport = { profile: name, requests: REQUESTS, sent: 0, nonEnvelope: 0, fiveXX: 0, leaks: 0, hangs: 0, known: {}, kinds: {}, ms: {} };
        const failures: Failure[] = [];
        let failureCount = 0;
        let cursor = 0;
        const worker = async () => {
          // Cases are made when taken (in index order, so a seed gives the same sequence), never all
          // at once: a long run would hold every body in memory.
          while (cursor < REQUESTS) {
            const testCase = generator.next(cursor++);
            report.sent++;
            const kind = testCase.kind.split('+')[0] as string;
            report.kinds[kind] = (report.kinds[kind] ?? 0) + 1;
            const started = Date.now();
            const answer = await exchange(target, testCase);
            report.ms[kind] = (report.ms[kind] ?? 0) + (Date.now() - started);
            const findings = judge(testCase, answer, profile, secrets, () => target.sample.logs.text());
            for (const f of findings) {
              if (f.known !== undefined) {
                report.known[f.known] = (report.known[f.known] ?? 0) + 1;
                continue;
              }
              if (f.check === 'non-envelope' || f.check === 'no-answer') report.nonEnvelope++;
              if (f.check === 'five-xx') report.fiveXX++;
              if (f.check === 'leak') report.leaks++;
              if (f.check === 'hang') report.hangs++;
            }
            // Keep the first failures only: a long run must not hold thousands of bodies.
            if (failing(findings).length > 0 && ++failureCount <= 50) failures.push({ testCase, findings });
          }
        };
        await Promise.all(Array.from({ length: CONCURRENCY }, worker));
        const logLeaks = secrets.filter((secret) => target.sample.logs.text().includes(secret));
        report.leaks += logLeaks.length;
        reports.push(report);

        const described: string[] = [];
        for (const failure of failures.sort((a, b) => a.testCase.index - b.testCase.index).slice(0, 5)) {
          const minimal = await shrink(target, profile, failure);
          described.push(describeFailure(name, minimal, failure.findings));
        }
        if (described.length > 0) console.log(`fuzz failures (first ${described.length} of ${failureCount}):\n${described.join('\n')}`);
        expect({ failures: failureCount, logLeaks: logLeaks.length }).toEqual({ failures: 0, logLeaks: 0 });
      });
    });
  }
});

// A stable number per profile name, so each profile gets its own sequence from one seed.
function hashName(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}
