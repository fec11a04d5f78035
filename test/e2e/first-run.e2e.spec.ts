import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';

// `npm start` compiles first (tsc), which takes a while on a busy machine.
jest.setTimeout(240_000);

const ROOT = resolve(__dirname, '..', '..');
/** The last line of the banner: everything above it has been printed. */
const END_OF_BANNER = 'See sample-app/README.md.';

/**
 * A scratch copy of the package (sources and node_modules linked, its own dist/), so this
 * `npm start` never rewrites the dist/ that other tests run at the same time.
 */
function scratchPackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sample-first-run-'));
  for (const name of ['lib', 'sample-app', 'bench', 'scripts', 'node_modules', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) {
    symlinkSync(join(ROOT, name), join(dir, name));
  }
  return dir;
}

/** Runs one printed line as a user would paste it into a shell; resolves to what it printed. */
async function runShell(line: string): Promise<string> {
  const child = spawn('bash', ['-c', line], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += String(chunk)));
  child.stderr.on('data', (chunk: Buffer) => (out += String(chunk)));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`\`${line}\` exited with ${String(code)}: ${out}`);
  return out;
}

describe('first run: `npm start` with no variables', () => {
  let dir: string;
  let server: ChildProcess;
  let output = '';

  beforeAll(async () => {
    dir = scratchPackage();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0' };
    for (const name of ['PROFILE', 'ENVELOPE', 'SAMPLE_FIXTURES', 'MAINTENANCE', 'TRUST_PROXY', 'REDIS_URL', 'LOG', 'JWT_SECRET']) delete env[name];
    // detached: npm starts node as a child; the whole group is stopped at the end.
    server = spawn('npm', ['start'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    await new Promise<void>((resolveReady, reject) => {
      const onData = (chunk: Buffer): void => {
        output += String(chunk);
        if (output.includes(END_OF_BANNER)) resolveReady();
      };
      server.stdout?.on('data', onData);
      server.stderr?.on('data', onData);
      server.once('exit', (code) => reject(new Error(`npm start exited with ${String(code)}: ${output}`)));
    });
  });

  afterAll(async () => {
    if (server?.pid !== undefined && server.exitCode === null) {
      const exited = once(server, 'exit');
      process.kill(-server.pid, 'SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('prints the profile and the real port it listens on', () => {
    const match = /sample-app: profile "demo" listening on http:\/\/localhost:(\d+)\n/.exec(output);
    expect(match).not.toBeNull();
    expect(Number(match?.[1])).toBeGreaterThan(0);
  });

  it('is quiet: no Nest start-up log lines (route map) before the banner', () => {
    expect(output).not.toContain('RoutesResolver');
    expect(output).not.toContain('Mapped {');
  });

  it('prints demo keys of the fixtures', () => {
    expect(output).toContain('  demo_live_DemoAliceTest0000000000000000000  alice: pro plan, every scope\n');
    expect(output).toContain('  demo_live_DemoTinaTest00000000000000000000  tina: trial plan: 2 requests a minute\n');
  });

  it('prints curl lines that answer, run as printed, what is printed under them', async () => {
    const lines = output.split('\n');
    const examples: { command: string; answer: string }[] = [];
    lines.forEach((line, i) => {
      if (line.startsWith('# → ')) examples.push({ command: lines[i - 1] as string, answer: line.slice('# → '.length) });
    });
    expect(examples.map((e) => e.answer)).toEqual([
      '{"error":{"code":"missing_api_key","message":"No API key was supplied.","details":[]}} 401',
      '{"id":"acc_alice","email":"alice@example.com","plan":"pro","balance":100} 200',
      '{"error":{"code":"signature_required","message":"This API key requires signed requests, but the signature headers are missing.","details":[]}} 401',
      '200 200 429',
      '201 replayed= 201 replayed=true',
    ]);
    for (const { command, answer } of examples) {
      expect(command).toMatch(/^(curl|for i in) /);
      expect({ command, printed: (await runShell(command)).trimEnd() }).toEqual({ command, printed: answer });
    }
  });
});
