import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { originOf, shortPath } from './code-origin.js';
import { BENCH_ROLES, BENCH_SCENARIOS, type BenchRole } from './scenarios.js';
import { startServer, stopServer } from './server-process.js';

/**
 * CPU profile of one variant under one scenario's load: starts the server with `node --cpu-prof`,
 * drives it (2 s warm-up, then BENCH_DURATION s, default 10), stops it, and prints the top 15
 * frames by self time, with the CPU microseconds each costs per request.
 *
 * `node dist/bench/profile.js <scenario> [bare|peer|module] [--pin] [--keep] [--heap]` (default
 * role module; `--keep` leaves the profile for Chrome DevTools and prints its path). `--heap`
 * samples allocations instead (collected ones included, see allocation-sampling.ts) and prints
 * the sites that allocate the most bytes per request: where the garbage collector's work comes from.
 */
interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const positional = args.filter((a) => !a.startsWith('--'));
const pin = args.includes('--pin');
const keep = args.includes('--keep');
const heap = args.includes('--heap');
/** Bytes between allocation samples of `--heap`: fine enough to attribute a few KB per request. */
const HEAP_INTERVAL = 16 * 1024;
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
/** How many frames the table lists (BENCH_TOP, default 15). */
const TOP = Number(process.env.BENCH_TOP ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
// node's default --cpu-prof-interval, in µs.
const SAMPLE_US = 1000;

function where(url: string, line: number): string {
  return url === '' ? '' : `${shortPath(url)}:${line + 1}`;
}

async function main(): Promise<void> {
  const [name, roleArg = 'module'] = positional;
  const scenario = BENCH_SCENARIOS.find((s) => s.name === name);
  if (!scenario) throw new Error(`Cannot profile "${name ?? ''}" because there is no such scenario. Fix: use one of ${BENCH_SCENARIOS.map((s) => s.name).join(', ')}.`);
  const role = roleArg as BenchRole;
  const variant = BENCH_ROLES.includes(role) ? scenario.variants[role] : undefined;
  if (variant === undefined) throw new Error(`Cannot profile role "${roleArg}" because scenario ${scenario.name} has none. Fix: use one of ${BENCH_ROLES.filter((r) => scenario.variants[r]).join(', ')}.`);
  if (pin) execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });

  const dir = mkdtempSync(join(tmpdir(), 'bench-prof-'));
  if (heap) {
    process.env.BENCH_ALLOCATIONS = join(dir, 'allocations.heapprofile');
    process.env.BENCH_ALLOCATION_INTERVAL = String(HEAP_INTERVAL);
  }
  const server = await startServer(variant, { nodeArgs: heap ? [] : ['--cpu-prof', `--cpu-prof-dir=${dir}`], pin });
  let requests = 0;
  let statuses: string;
  // The measured window in V8's clock (CLOCK_MONOTONIC µs, as process.hrtime): start-up and
  // warm-up samples are left out.
  let from = 0;
  let to = 0;
  try {
    const opts = { url: server.url, connections: CONNECTIONS };
    await autocannon({ ...opts, requests: [scenario.request() as autocannon.Request], duration: 2 });
    // Allocation sampling starts now, after the warm-up (see allocation-sampling.ts).
    if (heap) server.child.kill('SIGUSR2');
    from = Number(process.hrtime.bigint() / 1000n);
    const result = await autocannon({ ...opts, requests: [scenario.request() as autocannon.Request], duration: DURATION });
    to = Number(process.hrtime.bigint() / 1000n);
    requests = result.requests.total;
    statuses = Object.entries(result.statusCodeStats ?? {})
      .map(([status, { count = 0 }]) => `${count}× ${status}`)
      .join(', ');
  } finally {
    await stopServer(server);
  }
  if (heap) {
    printAllocations(dir, requests, `${scenario.name}, ${role} (${variant})`);
    return;
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`Cannot read the profile because the server wrote none in ${dir}.`);
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  if (keep) console.log(`profile: ${join(dir, file)}`);
  else rmSync(dir, { recursive: true, force: true });

  // Self time by sample count x the sampling interval, not by time deltas: on a loaded machine a
  // descheduled process's next sample carries the whole gap, which would charge waiting to a frame.
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  /** Self time by origin: this library (dist/lib), a package, Node's internals, or native/V8. */
  const byOrigin = new Map<string, number>();
  let busy = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < from || at > to) return;
    const node = byId.get(id) as CpuProfileNode;
    if (node.callFrame.functionName === '(idle)') return;
    const key = `${node.callFrame.functionName || '(anonymous)'}\t${where(node.callFrame.url, node.callFrame.lineNumber)}`;
    self.set(key, (self.get(key) ?? 0) + SAMPLE_US);
    const origin = originOf(node.callFrame.url);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + SAMPLE_US);
    busy += SAMPLE_US;
  });
  console.log(`${scenario.name}, ${role} (${variant}): ${requests} requests (${statuses}) in ${DURATION} s, ${(busy / 1000).toFixed(0)} ms sampled busy, ${(busy / requests).toFixed(1)} µs CPU per request`);
  console.log('| # | self ms | self % | µs/req | function | where |\n|---|---|---|---|---|---|');
  [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .forEach(([key, us], i) => {
      const [fn, at] = key.split('\t');
      console.log(`| ${i + 1} | ${(us / 1000).toFixed(0)} | ${((us / busy) * 100).toFixed(1)} | ${(us / requests).toFixed(2)} | \`${fn}\` | ${at} |`);
    });
  console.log('\n| origin | µs/req | self % |\n|---|---|---|');
  [...byOrigin.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .forEach(([origin, us]) => console.log(`| ${origin} | ${(us / requests).toFixed(2)} | ${((us / busy) * 100).toFixed(1)} |`));
}

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

/** The allocation sites of the sampled run by bytes per request (collected objects included). */
function printAllocations(dir: string, requests: number, title: string): void {
  const file = readdirSync(dir).find((f) => f.endsWith('.heapprofile'));
  if (!file) throw new Error(`Cannot read the heap profile because the server wrote none in ${dir}.`);
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { head: HeapNode };
  if (keep) console.log(`profile: ${join(dir, file)}`);
  else rmSync(dir, { recursive: true, force: true });
  const sites = new Map<string, number>();
  const byOrigin = new Map<string, number>();
  let total = 0;
  const walk = (node: HeapNode): void => {
    if (node.selfSize > 0) {
      const key = `${node.callFrame.functionName || '(anonymous)'}\t${where(node.callFrame.url, node.callFrame.lineNumber)}`;
      sites.set(key, (sites.get(key) ?? 0) + node.selfSize);
      const origin = originOf(node.callFrame.url);
      byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + node.selfSize);
      total += node.selfSize;
    }
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  console.log(`${title}: ${requests} requests, ${(total / requests).toFixed(0)} bytes allocated per request (sampled every ${HEAP_INTERVAL} B)`);
  console.log('| # | bytes/req | % | function | where |\n|---|---|---|---|---|');
  [...sites.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .forEach(([key, bytes], i) => {
      const [fn, at] = key.split('\t');
      console.log(`| ${i + 1} | ${(bytes / requests).toFixed(0)} | ${((bytes / total) * 100).toFixed(1)} | \`${fn}\` | ${at} |`);
    });
  console.log('\n| origin | bytes/req | % |\n|---|---|---|');
  [...byOrigin.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .forEach(([origin, bytes]) => console.log(`| ${origin} | ${(bytes / requests).toFixed(0)} | ${((bytes / total) * 100).toFixed(1)} |`));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
