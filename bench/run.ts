import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { BENCH_SCENARIOS, type BenchScenario } from './scenarios.js';

/**
 * The load benchmark: for each scenario, starts the bare Nest app and the app with the module in
 * separate processes (one at a time, so they never compete for the 2 cores), drives each with
 * autocannon over loopback, and prints requests/s and the ratio module / bare.
 *
 * `npm run bench` (all scenarios) or `npm run bench -- success error-404` (some). Duration and
 * connections: BENCH_DURATION (s, default 10), BENCH_CONNECTIONS (default 50), BENCH_ROUNDS
 * (default 2; variants alternate in each round and the best round counts, which damps drift).
 */
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const serverPath = fileURLToPath(new URL('./server.js', import.meta.url));

interface Measured {
  rps: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function startServer(variant: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [serverPath, variant, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stdout = child.stdout;
  if (!stdout) throw new Error('no stdout');
  let seen = '';
  for await (const chunk of stdout) {
    seen += String(chunk);
    if (seen.includes('ready')) return child;
  }
  // stdout ended without "ready": the server failed to start (its stderr is above).
  throw new Error(`Cannot benchmark variant "${variant}" because its server exited before listening.`);
}

async function measure(scenario: BenchScenario, variant: string, port: number): Promise<Measured> {
  const server = await startServer(variant, port);
  try {
    const request = scenario.request(variant);
    const opts = { url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, requests: [request as autocannon.Request] };
    await autocannon({ ...opts, duration: 2 }); // warm-up: JIT, caches
    const result = await autocannon({ ...opts, duration: DURATION });
    return { rps: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
  } finally {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const scenarios = BENCH_SCENARIOS.filter((s) => wanted.length === 0 || wanted.includes(s.name));
  console.log(`autocannon: ${CONNECTIONS} connections, ${DURATION}s per run, best of ${ROUNDS} rounds, node ${process.version}`);
  const rows: string[] = [];
  let port = 41000;
  for (const scenario of scenarios) {
    const best: Record<string, Measured> = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of [scenario.baseline, scenario.variant]) {
        const m = await measure(scenario, variant, port++);
        if (!best[variant] || m.rps > (best[variant] as Measured).rps) best[variant] = m;
      }
    }
    const base = best[scenario.baseline] as Measured;
    const mod = best[scenario.variant] as Measured;
    const ratio = mod.rps / base.rps;
    const line =
      `${scenario.name.padEnd(22)} bare ${base.rps.toFixed(0).padStart(7)} req/s (p99 ${base.p99} ms)` +
      ` | module ${mod.rps.toFixed(0).padStart(7)} req/s (p99 ${mod.p99} ms)` +
      ` | ratio ${(ratio * 100).toFixed(1)}%` +
      (scenario.target ? ` (target >= ${(scenario.target * 100).toFixed(0)}%${ratio >= scenario.target ? ', met' : ', NOT met'})` : '');
    console.log(line);
    if (mod.errors > 0 || base.errors > 0) console.log(`  transport errors: bare ${base.errors}, module ${mod.errors}`);
    rows.push(line);
  }
  console.log('\nSummary\n' + rows.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
