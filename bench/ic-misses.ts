import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { originOf, shortPath } from './code-origin.js';
import { BENCH_SCENARIOS } from './scenarios.js';
import { startServer, stopServer } from './server-process.js';

/**
 * Property-access inline-cache misses per request, by code site: where V8 leaves compiled code to
 * look a property up in its runtime, the cost behind callgrind's `LookupIterator` and `LoadIC`
 * frames (a miss costs on the order of a thousand instructions).
 *
 * `node dist/bench/ic-misses.js <scenario> <variant>... [--top n]` (after a build; `BENCH_ADAPTER`
 * as for the other tools). Each variant's server starts with `node --log-ic`, gets WARM requests
 * (default 20,000, `BENCH_WARM`), pauses, then N (2,000, `BENCH_N`); only the log lines written
 * after the pause are counted. Printed per variant: misses a request, by package; with two
 * variants or more, the sites where a variant misses more than the first (the baseline) does.
 */
/** A code site: the function (name and script) and the position and property of its IC. */
interface Site {
  readonly fn: string;
  readonly url: string;
  readonly position: string;
  readonly property: string;
}

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const TOP = topAt >= 0 ? Number(args[topAt + 1]) : 25;
const positional = args.filter((a, i) => !a.startsWith('--') && (topAt < 0 || i !== topAt + 1));
const WARM = Number(process.env.BENCH_WARM ?? 20_000);
const N = Number(process.env.BENCH_N ?? 2000);
const driver = fileURLToPath(new URL('./drive-requests.js', import.meta.url));

function drive(url: string, count: number, scenario: string): string {
  return execFileSync(process.execPath, [driver, new URL(url).port, String(count), scenario], { encoding: 'utf8' }).trim();
}

/** Code objects by start address (a later object at the same address replaces an earlier one). */
function codeObjects(log: string): { starts: number[]; byStart: Map<number, { size: number; name: string }> } {
  const byStart = new Map<number, { size: number; name: string }>();
  for (const line of log.split('\n')) {
    if (!line.startsWith('code-creation,')) continue;
    const p = line.split(',');
    const start = Number.parseInt(p[4] ?? '', 16);
    const size = Number(p[5]);
    if (Number.isFinite(start) && Number.isFinite(size)) byStart.set(start, { size, name: p[6] ?? '?' });
  }
  return { starts: [...byStart.keys()].sort((a, b) => a - b), byStart };
}

/** The function holding `pc`: its name and script URL, from V8's "name url:line:col" (names may hold spaces). */
function functionAt(pc: number, code: ReturnType<typeof codeObjects>): { fn: string; url: string } {
  const { starts, byStart } = code;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] as number) <= pc) lo = mid + 1;
    else hi = mid - 1;
  }
  const start = starts[hi];
  const object = start === undefined ? undefined : byStart.get(start);
  if (start === undefined || object === undefined || pc >= start + object.size) return { fn: '?', url: '' };
  const name = object.name.replace(/^[~*^+]/, '');
  const cut = name.lastIndexOf(' ');
  return cut < 0 ? { fn: name, url: '' } : { fn: name.slice(0, cut), url: name.slice(cut + 1).replace(/:\d+:\d+$/, '') };
}

/**
 * IC events per site in the log between `offset` and `end`. V8 logs one each time an inline cache
 * calls its runtime: after warm-up, almost all are megamorphic sites (`N` to `N`) missing V8's
 * stub cache.
 */
function misses(log: string, offset: number, end: number): Map<string, { site: Site; count: number }> {
  const code = codeObjects(log);
  const sites = new Map<string, { site: Site; count: number }>();
  for (const line of log.slice(offset, end).split('\n')) {
    const p = line.split(',');
    if (!(p[0] ?? '').endsWith('IC') || p.length < 9) continue;
    const site: Site = { ...functionAt(Number.parseInt(p[1] ?? '', 16), code), position: `${p[3]}:${p[4]}`, property: (p[8] ?? '').slice(0, 48) };
    const key = `${site.fn} ${site.url} ${site.position} ${site.property}`;
    const seen = sites.get(key);
    if (seen === undefined) sites.set(key, { site, count: 1 });
    else seen.count++;
  }
  return sites;
}

async function measure(scenario: string, variant: string): Promise<Map<string, { site: Site; count: number }>> {
  const dir = mkdtempSync(join(tmpdir(), 'ic-misses-'));
  const logFile = join(dir, 'v8.log');
  try {
    const server = await startServer(variant, { nodeArgs: ['--log-ic', `--logfile=${logFile}`, '--no-logfile-per-isolate'] });
    try {
      drive(server.url, WARM, scenario);
      await sleep(2000); // lets V8 write the warm-up's lines before the offset is taken
      const offset = statSync(logFile).size;
      const statuses = drive(server.url, N, scenario);
      await sleep(2000);
      const end = statSync(logFile).size; // the shutdown's lines are not the requests'
      console.log(`${variant}: ${N} requests after ${WARM}, ${statuses}`);
      return misses(readFileSync(logFile, 'latin1'), offset, end);
    } finally {
      await stopServer(server);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function perRequest(count: number): string {
  return (count / N).toFixed(2);
}

async function main(): Promise<void> {
  const [scenario, ...variants] = positional;
  if (!BENCH_SCENARIOS.some((s) => s.name === scenario) || variants.length === 0) {
    throw new Error(`Cannot count IC misses because the arguments are "${positional.join(' ')}". Fix: pass a scenario (${BENCH_SCENARIOS.map((s) => s.name).join(', ')}) and one or more variants.`);
  }
  const results: Array<{ variant: string; sites: Map<string, { site: Site; count: number }> }> = [];
  for (const variant of variants) results.push({ variant, sites: await measure(scenario as string, variant) });
  for (const { variant, sites } of results) {
    const byOrigin = new Map<string, number>();
    let total = 0;
    for (const { site, count } of sites.values()) {
      const origin = originOf(site.url);
      byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + count);
      total += count;
    }
    console.log(`\n${scenario} ${variant}: ${perRequest(total)} IC misses/request`);
    for (const [origin, count] of [...byOrigin].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${perRequest(count).padStart(8)}  ${origin}`);
  }
  const [baseline, ...others] = results;
  for (const other of others) {
    console.log(`\nsites where ${other.variant} misses more than ${baseline?.variant} (misses/request: more, ${other.variant}):`);
    const extra = [...other.sites].map(([key, { site, count }]) => ({ site, count, more: count - (baseline?.sites.get(key)?.count ?? 0) }));
    for (const { site, count, more } of extra.filter((e) => e.more > 0).sort((a, b) => b.more - a.more).slice(0, TOP)) {
      const where = site.url === '' ? '' : ` ${shortPath(site.url)}`;
      console.log(`  ${perRequest(more).padStart(7)} ${perRequest(count).padStart(7)}  ${site.fn}${where} @${site.position} .${site.property}`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
