import { execFileSync } from 'node:child_process';
import autocannon from 'autocannon';
import { BENCH_VARIANTS } from './bench-apps.js';
import { describeFailures, runCorrectnessPass, type CorrectnessResult } from './correctness-pass.js';
import { startServer as launchServer, stopServer, type StartedServer } from './server-process.js';
import { BENCH_ROLES, BENCH_SCENARIOS, type BenchRole, type BenchScenario } from './scenarios.js';

/**
 * The load benchmark. For each scenario, starts each variant that applies (bare Nest, the peer
 * stack, the module) in its own process, one at a time, drives it with autocannon over loopback,
 * and reports the median of the rounds (variants alternate within a round, and the starting one
 * rotates between rounds, which damps drift on a shared machine).
 *
 * `npm run bench [-- [--json] [--pin] [--check] [scenario …]]`:
 * - scenario names pick some scenarios (default all);
 * - `--json` prints one JSON object per scenario and variant on stdout
 *   (`{scenario, variant, rps, p50, p99, non2xx}`), the log goes to stderr;
 * - `--pin` runs every server on core 0 (`taskset -c 0`) and this process (the load generator) on core 1;
 * - `--check` runs only the correctness pass of the variants (exit code 1 when one fails).
 *
 * Before a variant is timed for the first time, its correctness pass runs on the started server;
 * a variant that fails it is reported and not timed. Env: BENCH_DURATION (s, default 10),
 * BENCH_CONNECTIONS (50), BENCH_ROUNDS (3), BENCH_NODE_ARGS (extra node flags for the servers,
 * e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 */
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter((a) => a.length > 0);
const FLAGS = ['--json', '--pin', '--check'] as const;

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** Responses whose status is not the scenario's expected one, plus transport errors. */
  unexpected: number;
}


const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const json = flags.has('--json');
const pin = flags.has('--pin');
// In JSON mode stdout carries only the result lines.
const log = (line: string): void => {
  (json ? process.stderr : process.stdout).write(line + '\n');
};

const startServer = (variant: string): Promise<StartedServer> => launchServer(variant, { nodeArgs: NODE_ARGS, pin });

const checked = new Map<string, CorrectnessResult | null>();

/** The variant's correctness pass on a started server, once per run; null when it has none. */
async function checkOnce(variant: string, server: StartedServer): Promise<CorrectnessResult | null> {
  if (!checked.has(variant)) {
    const profile = BENCH_VARIANTS[variant]?.correctness;
    checked.set(variant, profile === undefined ? null : await runCorrectnessPass(server.url, profile));
  }
  return checked.get(variant) ?? null;
}

async function measure(scenario: BenchScenario, variant: string): Promise<Measured | undefined> {
  const server = await startServer(variant);
  try {
    const check = await checkOnce(variant, server);
    if (check !== null && !check.ok) return undefined;
    const opts = { url: server.url, connections: CONNECTIONS };
    await autocannon({ ...opts, requests: [scenario.request() as autocannon.Request], duration: 2 }); // warm-up: JIT, caches
    const result = await autocannon({ ...opts, requests: [scenario.request() as autocannon.Request], duration: DURATION });
    const stats = result.statusCodeStats ?? {};
    let expected = 0;
    for (const [status, { count = 0 }] of Object.entries(stats)) if (Number(status) === scenario.expectStatus) expected += count;
    const total = Object.values(stats).reduce((sum, { count = 0 }) => sum + count, 0);
    return {
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      unexpected: total - expected + result.errors + result.timeouts,
    };
  } finally {
    await stopServer(server);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function medianOf(rounds: Measured[]): Measured {
  const pick = (field: keyof Measured) => median(rounds.map((m) => m[field]));
  return { rps: pick('rps'), p50: pick('p50'), p99: pick('p99'), non2xx: pick('non2xx'), unexpected: Math.max(...rounds.map((m) => m.unexpected)) };
}

function ratio(a: Measured | undefined, b: Measured | undefined): string {
  return a && b ? `${((a.rps / b.rps) * 100).toFixed(1)}%` : '–';
}

// On Fastify (BENCH_ADAPTER=fastify) the peer stack, built on Express's passport and trust proxy, sits out.
const ON_FASTIFY = process.env.BENCH_ADAPTER === 'fastify';

function rolesOf(scenario: BenchScenario): BenchRole[] {
  return BENCH_ROLES.filter((role) => scenario.variants[role] !== undefined && !(ON_FASTIFY && role === 'peer'));
}

async function runCheckOnly(scenarios: BenchScenario[]): Promise<boolean> {
  const variants = [...new Set(scenarios.flatMap((s) => rolesOf(s).map((r) => s.variants[r] as string)))].filter(
    (v) => BENCH_VARIANTS[v]?.correctness !== undefined,
  );
  let allOk = true;
  for (const variant of variants) {
    const server = await startServer(variant);
    try {
      const result = (await checkOnce(variant, server)) as CorrectnessResult;
      allOk &&= result.ok;
      log(`\n${variant} (${BENCH_VARIANTS[variant]?.correctness} profile): ${result.ok ? 'PASS' : 'FAIL'}`);
      for (const p of result.probes) log(`  ${p.ok ? 'ok  ' : 'FAIL'} ${p.probe.padEnd(38)} expected ${p.expected.padEnd(40)} got ${p.got}`);
    } finally {
      await stopServer(server);
    }
  }
  return allOk;
}

async function main(): Promise<void> {
  const unknownFlags = [...flags].filter((f) => !(FLAGS as readonly string[]).includes(f));
  if (unknownFlags.length > 0) throw new Error(`Cannot run the bench because ${unknownFlags.join(', ')} is not a flag. Fix: use ${FLAGS.join(', ')}.`);
  const wanted = args.filter((a) => !a.startsWith('--'));
  const unknown = wanted.filter((w) => !BENCH_SCENARIOS.some((s) => s.name === w));
  if (unknown.length > 0) {
    throw new Error(`Cannot run scenario ${unknown.join(', ')} because there is none by that name. Fix: use one of ${BENCH_SCENARIOS.map((s) => s.name).join(', ')}.`);
  }
  const scenarios = BENCH_SCENARIOS.filter((s) => wanted.length === 0 || wanted.includes(s.name));
  if (pin) {
    // -a: every thread of this process (autocannon's sockets, libuv pool, GC helpers).
    execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });
  }
  if (flags.has('--check')) {
    if (!(await runCheckOnly(scenarios))) process.exitCode = 1;
    return;
  }

  log(
    `autocannon: ${CONNECTIONS} connections, ${DURATION}s per run, median of ${ROUNDS} rounds, node ${process.version}` +
      (pin ? ', servers pinned to core 0, load generator to core 1' : ', unpinned'),
  );
  const table: string[] = [
    '| scenario | bare req/s | peer req/s | module req/s | module/bare | module/peer | p99 ms bare / peer / module |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const scenario of scenarios) {
    const roles = rolesOf(scenario);
    const rounds: Partial<Record<BenchRole, Measured[]>> = {};
    const failed = new Set<BenchRole>();
    for (let round = 0; round < ROUNDS; round++) {
      const order = roles.map((_, i) => roles[(i + round) % roles.length] as BenchRole);
      for (const role of order) {
        if (failed.has(role)) continue;
        const variant = scenario.variants[role] as string;
        const m = await measure(scenario, variant);
        if (m === undefined) {
          failed.add(role);
          log(`${scenario.name}: ${role} (${variant}) FAILED its correctness pass, not timed:\n${describeFailures(checked.get(variant) as CorrectnessResult)}`);
          continue;
        }
        (rounds[role] ??= []).push(m);
      }
    }
    const result: Partial<Record<BenchRole, Measured>> = {};
    for (const role of roles) {
      const list = rounds[role];
      if (list !== undefined && !failed.has(role)) result[role] = medianOf(list);
      const m = result[role];
      if (json) {
        const line = m
          ? { scenario: scenario.name, variant: role, rps: Math.round(m.rps), p50: m.p50, p99: m.p99, non2xx: m.non2xx }
          : { scenario: scenario.name, variant: role, rps: null, p50: null, p99: null, non2xx: null, failed: 'correctness' };
        process.stdout.write(JSON.stringify(line) + '\n');
      }
      if (m && m.unexpected > 0) log(`  ${scenario.name} ${role}: ${m.unexpected} responses without status ${scenario.expectStatus} (or transport errors)`);
    }
    const cell = (role: BenchRole) => (scenario.variants[role] === undefined ? '–' : failed.has(role) ? 'FAILED check' : (result[role]?.rps.toFixed(0) ?? '–'));
    const p99 = roles.map((r) => `${r[0]} ${result[r]?.p99 ?? '–'}`).join(' / ');
    const target = scenario.target && result.bare && result.module ? ` (target ≥ ${(scenario.target * 100).toFixed(0)}%${result.module.rps / result.bare.rps >= scenario.target ? ', met' : ', NOT met'})` : '';
    const row = `| ${scenario.name} | ${cell('bare')} | ${cell('peer')} | ${cell('module')} | ${ratio(result.module, result.bare)}${target} | ${ratio(result.module, result.peer)} | ${p99} |`;
    log(row);
    table.push(row);
  }
  log('\n' + table.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
